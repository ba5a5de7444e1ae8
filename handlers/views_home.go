package handlers

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// homeData is what the App Home tab shows one user.
type homeData struct {
	Drafts   []bot.Draft
	Cases    []bot.Case
	Embedded bool
	// StoreDown is set when the lists could not be read.
	StoreDown bool
}

// Bounds that keep the Home tab well under Slack's 100 blocks.
const (
	homeMaxDrafts = 5
	homeMaxCases  = 20
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
