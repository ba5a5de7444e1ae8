package handlers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// slowUsers answers users.info after a delay, counting the calls.
type slowUsers struct {
	Slack
	calls atomic.Int32
	delay time.Duration
}

func (s *slowUsers) GetUserInfoContext(ctx context.Context, user string, _ ...slack.GetUserInfoOption) (*slack.User, error) {
	s.calls.Add(1)
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	u := &slack.User{ID: user, RealName: "Kim Berg"}
	u.Profile.Title = "Samordnare"
	return u, nil
}

// TestDirectoryProfiles: a profile is fetched once and remembered; askers
// at the same time share one lookup; an asker who gives up does not make
// the others fail.
func TestDirectoryProfiles(t *testing.T) {
	s := &slowUsers{delay: 50 * time.Millisecond}
	d := NewDirectory(s, time.Now)

	impatient, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := d.Profile(impatient, "U1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("impatient asker: %v", err)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			sig, err := d.Profile(context.Background(), "U1")
			if err != nil || sig.Name != "Kim Berg" || sig.Title != "Samordnare" {
				t.Errorf("profile = %+v %v", sig, err)
			}
		})
	}
	wg.Wait()
	if _, err := d.Names(context.Background(), "U1"); err != nil {
		t.Fatal(err)
	}
	if n := s.calls.Load(); n != 1 {
		t.Errorf("users.info called %d times, want 1", n)
	}
}
