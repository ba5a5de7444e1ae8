package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// membersTTL is how long a channel's members are remembered: routing asks
// at the review step and again at submission, a few seconds apart.
const membersTTL = 2 * time.Minute

// Directory answers the domain's questions about people and channels from
// Slack's Web API.
type Directory struct {
	slack Slack
	mu    sync.Mutex
	cache map[string]membersEntry
}

type membersEntry struct {
	members []string
	expires time.Time
}

var (
	_ bot.Directory     = (*Directory)(nil)
	_ bot.NameDirectory = (*Directory)(nil)
)

// NewDirectory returns a directory that asks s.
func NewDirectory(s Slack) *Directory {
	return &Directory{slack: s, cache: map[string]membersEntry{}}
}

// ChannelMembers lists a channel's members, every page of them.
func (d *Directory) ChannelMembers(ctx context.Context, channel string) ([]string, error) {
	d.mu.Lock()
	e, ok := d.cache[channel]
	d.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.members, nil
	}
	var members []string
	params := &slack.GetUsersInConversationParameters{ChannelID: channel, Limit: 1000}
	for {
		page, next, err := d.slack.GetUsersInConversationContext(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("members of %s: %w", channel, err)
		}
		members = append(members, page...)
		if next == "" {
			break
		}
		params.Cursor = next
	}
	d.mu.Lock()
	d.cache[channel] = membersEntry{members: members, expires: time.Now().Add(membersTTL)}
	d.mu.Unlock()
	return members, nil
}

// Profile returns a user's name and job title from their Slack profile.
func (d *Directory) Profile(ctx context.Context, user string) (bot.Signature, error) {
	u, err := d.slack.GetUserInfoContext(ctx, user)
	if err != nil {
		return bot.Signature{}, fmt.Errorf("profile of %s: %w", user, err)
	}
	name := u.RealName
	if name == "" {
		name = u.Profile.RealName
	}
	return bot.Signature{User: user, Name: name, Title: u.Profile.Title}, nil
}

// Names returns every name a user goes by in Slack: the real name, the
// display name, and the first and last name, each once. The classifier
// redacts them all from a report that names the user as involved.
func (d *Directory) Names(ctx context.Context, user string) ([]string, error) {
	u, err := d.slack.GetUserInfoContext(ctx, user)
	if err != nil {
		return nil, fmt.Errorf("names of %s: %w", user, err)
	}
	var names []string
	for _, n := range []string{u.RealName, u.Profile.RealName, u.Profile.DisplayName, u.Profile.FirstName, u.Profile.LastName} {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names, nil
}
