package config

import (
	"regexp"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/incidentbot/incidentbot/bot"
)

// retentionDays is a retention time: whole days, "0d" to "36500d".
var retentionDays = regexp.MustCompile(`^(\d{1,5})d$`)

// retention reads how long closed cases keep their personal data: a
// default, a time for whistleblowing cases and one per category id. It
// warns when whistleblowing cases would be kept longer than the
// whistleblowing act's two years.
func (p *parser) retention(f field, root *yaml.Node, independent bool) bot.Retention {
	var r bot.Retention
	if f.val == nil || isNull(f.val) {
		if independent {
			p.warnf(at(root, f), "retention is not set, so cases are kept until someone culls them; the whistleblowing act allows at most two years after closing for cases sent to the independent function (retention: whistleblowing: 730d)")
		}
		return r
	}
	allowed := []string{bot.RetentionDefault, bot.RetentionWhistleblowing}
	for _, info := range bot.Categories {
		allowed = append(allowed, string(info.ID))
	}
	fields, ok := p.mapping(f.val, "retention", allowed)
	if !ok {
		return r
	}
	for key, fl := range fields {
		s, ok := p.scalar(fl)
		if !ok {
			continue
		}
		m := retentionDays.FindStringSubmatch(s)
		n := 0
		if m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		if m == nil || n > 36500 {
			p.errorf(fl.val, "retention: %s %q must be whole days such as \"730d\" (0d to 36500d); 0d culls at the next run", key, s)
			continue
		}
		d := time.Duration(n) * 24 * time.Hour
		switch key {
		case bot.RetentionDefault:
			r.Default = &d
		case bot.RetentionWhistleblowing:
			r.Whistleblowing = &d
		default:
			if r.Categories == nil {
				r.Categories = map[bot.Category]time.Duration{}
			}
			r.Categories[bot.Category(key)] = d
		}
	}
	switch {
	case r.Whistleblowing == nil && independent:
		p.warnf(at(root, f), "retention: whistleblowing is not set, so cases sent to the independent function follow their category's time or the default, or are kept until someone culls them; the whistleblowing act allows at most two years after closing (whistleblowing: 730d)")
	case r.Whistleblowing != nil && *r.Whistleblowing > bot.MaxWhistleblowingRetention:
		p.warnf(f.val, "retention: whistleblowing cases are kept %d days; the whistleblowing act allows at most two years after closing (730d)", int(r.Whistleblowing.Hours()/24))
	}
	return r
}
