package bot

import (
	"context"
	"slices"
)

// Directory answers questions about Slack's people and channels.
type Directory interface {
	// ChannelMembers lists a channel's members.
	ChannelMembers(ctx context.Context, channel string) ([]string, error)
	// Profile returns a user's signature: name and job title.
	Profile(ctx context.Context, user string) (Signature, error)
	// Names lists every name a user goes by (real name, display name), so
	// that they can be removed from text that leaves the process.
	Names(ctx context.Context, user string) ([]string, error)
}

// ResolveRoute is RouteFor with the channels it considers checked for the
// people to keep out. A channel whose members cannot be read counts as
// holding them, so an outage of Slack errs on the side of keeping the case
// from them. A nil dir checks no channel.
func (r Runtime) ResolveRoute(ctx context.Context, dir Directory, q RouteQuery) (Route, error) {
	q.ChannelHolds = r.channelHolds(ctx, dir)
	return RouteFor(q, r.Config())
}

// ResolveEscalation is EscalationRoute with the independent function's
// channel checked for the people implicated in the case.
func (r Runtime) ResolveEscalation(ctx context.Context, dir Directory, c Case, to string) Route {
	return EscalationRoute(c, to, r.Config(), r.channelHolds(ctx, dir))
}

// channelHolds asks dir whether a channel holds any of people; nil without
// a dir. A channel whose members cannot be read counts as holding them.
func (r Runtime) channelHolds(ctx context.Context, dir Directory) func(string, []string) bool {
	if dir == nil {
		return nil
	}
	return func(channel string, people []string) bool {
		members, err := dir.ChannelMembers(ctx, channel)
		if err != nil {
			r.Log.WarnContext(ctx, "channel members for routing; keeping the case out of the channel", "channel", channel, "err", err)
			return true
		}
		return slices.ContainsFunc(people, func(u string) bool { return slices.Contains(members, u) })
	}
}
