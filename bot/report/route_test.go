package report_test

import (
	"context"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/domaintest"
)

func TestRouteOfChecksTheChannel(t *testing.T) {
	f := domaintest.New(t)
	ctx := context.Background()
	d := bot.Draft{StepOne: bot.StepOne{Category: bot.Harassment, Unit: "jobbtorg"}, Answers: bot.Answers{bot.QInvolved: {"UPERP"}}}
	f.Directory.SetMembers("CCASES1", "UCOORD1", "UPERP")
	r, err := f.Reports.RouteOf(ctx, d)
	if err != nil || !r.Escalated || r.Reason != bot.ReasonChannelMemberInvolved || r.Channel != "" {
		t.Errorf("involved channel member: %+v %v", r, err)
	}
	f.Directory.SetMembers("CCASES1", "UCOORD1")
	if r, _ := f.Reports.RouteOf(ctx, d); r.Escalated {
		t.Errorf("uninvolved channel escalated: %+v", r)
	}
	f.Directory.SetFailing(true)
	if r, _ := f.Reports.RouteOf(ctx, d); !r.Escalated {
		t.Error("an unreadable channel must count as holding the involved person")
	}
}
