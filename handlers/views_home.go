package handlers

import (
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// homeData is what the App Home tab shows one user.
type homeData struct {
	Drafts []bot.Draft
	Cases  []bot.Case
	// Queue holds the oldest open cases the user may handle, for
	// coordinators, at most homeMaxQueue; QueueMore is set when there are
	// more.
	Queue     []bot.Case
	QueueMore bool
	// Manager is set for users who get the weekly digest; Paused when
	// they paused it. DPO is set for data protection officers.
	Manager, Paused, DPO bool
	Now                  time.Time
	Embedded             bool
	// StoreDown is set when the lists could not be read.
	StoreDown bool
}

// Bounds that keep the Home tab well under Slack's 100 blocks.
const (
	homeMaxDrafts = 5
	homeMaxCases  = 20
	homeMaxQueue  = 20
)

// homeView is the App Home tab: a report button, the user's unfinished
// reports and the status of the ones they sent.
func homeView(h homeData, cfg *bot.Config, l bot.Lang) slack.HomeTabViewRequest {
	blocks := []slack.Block{header(txt.HomeHeader.In(l))}
	if h.Embedded {
		blocks = append(blocks, section(txt.HomeEmbedded.In(l)))
	}
	blocks = append(blocks,
		section(txt.HomeIntro.In(l)),
		note(txt.Call112.In(l)),
		slack.NewActionBlock("home_actions", button(actHomeReport, "new", txt.HomeReport.In(l), slack.StylePrimary)),
	)
	if h.StoreDown {
		blocks = append(blocks, section(txt.StoreDownCmd.In(l)))
	}
	loc := cfg.Location()
	if len(h.Queue) > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), section(txt.HomeQueue.In(l)))
		for _, c := range h.Queue[:min(len(h.Queue), homeMaxQueue)] {
			line := fmt.Sprintf("*%s* · %s · %s · %s · %s", c.ID, c.Category.Name(l), esc(cfg.UnitName(c.Unit)), c.Status.Name(l), ago(c.CreatedAt, loc))
			if bot.Overdue(c, cfg, h.Now) {
				line += " · " + txt.HomeOverdue.In(l)
			}
			blocks = append(blocks, section(line), caseActions(c, l))
		}
		if h.QueueMore || len(h.Queue) > homeMaxQueue {
			blocks = append(blocks, note(txt.HomeQueueMore.In(l)))
		}
	}
	if h.Manager {
		status, act, label := txt.HomeDigest, actDigestPause, txt.HomePause
		if h.Paused {
			status, act, label = txt.HomeDigestPaused, actDigestResume, txt.HomeResume
		}
		blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwn(status.In(l)), nil,
			slack.NewAccessory(button(act, "digest", label.In(l), ""))))
	}
	if h.DPO {
		blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwn(itxt.RegisterIntro.In(l)), nil,
			slack.NewAccessory(button(actBreachRegister, "register", itxt.RegisterButton.In(l), ""))))
	}
	if len(h.Drafts) > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), section(txt.HomeDrafts.In(l)))
		for _, d := range h.Drafts[:min(len(h.Drafts), homeMaxDrafts)] {
			what := d.Category.Name(l)
			if d.Category == "" {
				what = txt.ReportTitle.In(l)
			}
			blocks = append(blocks,
				section(fmt.Sprintf(txt.HomeDraftLine.In(l), what, slackTime(d.UpdatedAt, loc))),
				slack.NewActionBlock("draft:"+d.Nonce,
					button(actHomeResume, d.Nonce, txt.HomeContinue.In(l), slack.StylePrimary),
					button(actHomeDiscard, d.Nonce, txt.HomeDiscard.In(l), slack.StyleDanger)))
		}
	}
	if !h.StoreDown {
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, statusBlocks(txt.HomeMine.In(l), h.Cases[:min(len(h.Cases), homeMaxCases)], cfg, l)...)
	}
	blocks = append(blocks, note(txt.HomeHowElse.In(l)))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}
