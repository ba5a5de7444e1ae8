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

// ResolveRoute is RouteFor with the route's channel checked for the people
// picked as involved. A channel whose members cannot be read counts as
// holding them, so an outage of Slack errs on the side of keeping the case
// from them. A nil dir checks no channel.
func (r Runtime) ResolveRoute(ctx context.Context, dir Directory, q RouteQuery) (Route, error) {
	if len(q.Involved) > 0 && dir != nil {
		q.ChannelHasInvolved = func(channel string) bool {
			members, err := dir.ChannelMembers(ctx, channel)
			if err != nil {
				r.Log.WarnContext(ctx, "channel members for routing; keeping the case out of the channel", "channel", channel, "err", err)
				return true
			}
			return slices.ContainsFunc(q.Involved, func(u string) bool { return slices.Contains(members, u) })
		}
	}
	return RouteFor(q, r.Config())
}
