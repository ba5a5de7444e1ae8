package handlers

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/incidentbot/incidentbot/bot"
)

// localeTTL is how long a user's language is remembered; a changed Slack
// language shows within the hour. A failed lookup is remembered for
// localeRetry, so a Slack that is slow or down costs one wait a minute,
// not one per request.
const (
	localeTTL   = time.Hour
	localeRetry = time.Minute
	// localeBudget bounds the lookup: it runs inside Slack's three seconds
	// and must leave most of them to the work that follows.
	localeBudget = 400 * time.Millisecond
)

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
	lctx, cancel := context.WithTimeout(ctx, localeBudget)
	u, err := l.slack.GetUserInfoContext(lctx, user)
	cancel()
	if err != nil {
		// No user id: it may be an anonymous reporter's, logged beside
		// their case.
		l.log.WarnContext(ctx, "users.info for locale", "err", err)
		l.mu.Lock()
		l.cache[user] = localeEntry{lang: bot.Swedish, expires: l.now().Add(localeRetry)}
		l.mu.Unlock()
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
