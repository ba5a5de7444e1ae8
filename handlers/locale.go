package handlers

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// localeTTL is how long a user's language is remembered; a changed Slack
// language shows within the hour.
const localeTTL = time.Hour

// Locales remembers each user's language from users.info, so most requests
// need no extra Web API call inside Slack's three seconds.
type Locales struct {
	slack Slack
	now   func() time.Time
	log   *slog.Logger
	mu    sync.Mutex
	cache map[string]localeEntry
}

type localeEntry struct {
	lang    bot.Lang
	expires time.Time
}

// NewLocales returns a cache that asks s.
func NewLocales(s Slack, now func() time.Time, log *slog.Logger) *Locales {
	return &Locales{slack: s, now: now, log: log, cache: map[string]localeEntry{}}
}

// Lang is user's language; Swedish when Slack cannot tell.
func (l *Locales) Lang(ctx context.Context, user string) bot.Lang {
	l.mu.Lock()
	e, ok := l.cache[user]
	l.mu.Unlock()
	if ok && l.now().Before(e.expires) {
		return e.lang
	}
	u, err := l.slack.GetUserInfoContext(ctx, user)
	if err != nil {
		l.log.WarnContext(ctx, "users.info for locale", "user", user, "err", err)
		return bot.Swedish
	}
	lang := bot.LangFromLocale(u.Locale)
	l.mu.Lock()
	l.cache[user] = localeEntry{lang: lang, expires: l.now().Add(localeTTL)}
	l.mu.Unlock()
	return lang
}

// Profile returns a user's name and job title for documentation.
func (l *Locales) Profile(ctx context.Context, user string) (name, title string, err error) {
	u, err := l.slack.GetUserInfoContext(ctx, user)
	if err != nil {
		return "", "", err
	}
	return u.RealName, u.Profile.Title, nil
}
