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

// usersTTL is how long a user's profile is remembered. A note or a closure
// is signed with the name and job title while Slack waits for the answer,
// so the profile is fetched when its dialog opens and read from here.
const usersTTL = time.Hour

// userFetchTimeout bounds one profile lookup, which several may wait for.
const userFetchTimeout = 10 * time.Second

// Directory answers the domain's questions about people and channels from
// Slack's Web API.
type Directory struct {
	slack Slack
	now   func() time.Time
	mu    sync.Mutex
	cache map[string]membersEntry
	users map[string]userEntry
	// fetching holds the lookups under way: a second asker waits for the
	// first instead of asking Slack again.
	fetching map[string]*userFetch
}

type userFetch struct {
	done chan struct{}
	user *slack.User
	err  error
}

type membersEntry struct {
	members []string
	expires time.Time
}

type userEntry struct {
	user    *slack.User
	expires time.Time
}

var _ bot.Directory = (*Directory)(nil)

// NewDirectory returns a directory that asks s.
func NewDirectory(s Slack, now func() time.Time) *Directory {
	return &Directory{slack: s, now: now, cache: map[string]membersEntry{}, users: map[string]userEntry{}, fetching: map[string]*userFetch{}}
}

// user returns a user's Slack profile, remembered for usersTTL; while it
// is being fetched, other askers wait for that answer. The fetch runs on
// its own, so that no asker's deadline becomes another's, and each asker
// stops waiting at its own.
func (d *Directory) user(ctx context.Context, id string) (*slack.User, error) {
	d.mu.Lock()
	if e, ok := d.users[id]; ok && d.now().Before(e.expires) {
		d.mu.Unlock()
		return e.user, nil
	}
	f, ok := d.fetching[id]
	if !ok {
		f = &userFetch{done: make(chan struct{})}
		d.fetching[id] = f
		go d.fetch(context.WithoutCancel(ctx), id, f)
	}
	d.mu.Unlock()
	select {
	case <-f.done:
		return f.user, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fetch asks Slack for a user's profile and remembers the answer.
func (d *Directory) fetch(ctx context.Context, id string, f *userFetch) {
	ctx, cancel := context.WithTimeout(ctx, userFetchTimeout)
	defer cancel()
	f.user, f.err = d.slack.GetUserInfoContext(ctx, id)
	d.mu.Lock()
	delete(d.fetching, id)
	if f.err == nil {
		d.users[id] = userEntry{user: f.user, expires: d.now().Add(usersTTL)}
	}
	d.mu.Unlock()
	close(f.done)
}

// ChannelMembers lists a channel's members, every page of them.
func (d *Directory) ChannelMembers(ctx context.Context, channel string) ([]string, error) {
	d.mu.Lock()
	e, ok := d.cache[channel]
	d.mu.Unlock()
	if ok && d.now().Before(e.expires) {
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
	d.cache[channel] = membersEntry{members: members, expires: d.now().Add(membersTTL)}
	d.mu.Unlock()
	return members, nil
}

// Profile returns a user's name and job title from their Slack profile.
func (d *Directory) Profile(ctx context.Context, user string) (bot.Signature, error) {
	u, err := d.user(ctx, user)
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
	u, err := d.user(ctx, user)
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
