package bot

import (
	"fmt"
	"time"
)

// Counter fields. The digest reads them; keep the names stable, they are
// stored.
const (
	// CountCreated + category: new reports of the week.
	CountCreated = "created:"
	// CountClosed + decision: cases closed in the week.
	CountClosed = "closed:"
	// CountIVO and CountIMY: reports to the authorities decided in the week.
	CountIVO = "ivo"
	CountIMY = "imy"
	// CountAckHours and CountCloseHours + bucket: how long it took.
	CountAckHours   = "ack_h:"
	CountCloseHours = "close_h:"
	// CountSuggestions and CountAgreed: classifications decided in the
	// week, and those that kept the suggested category.
	CountSuggestions = "suggestions"
	CountAgreed      = "agreed"
	// CountClockMet and CountClockLate: deadlines met by a notification in
	// the week, in time and after it.
	CountClockMet  = "clock_met"
	CountClockLate = "clock_late"
)

// DurationBuckets are the upper bounds, in hours, of the buckets that
// times to acknowledge and to close are counted in; the median is read
// from them.
var DurationBuckets = []int{1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, 720, 2160}

// DurationBucket names the bucket d falls in: its upper bound, or "more".
func DurationBucket(d time.Duration) string {
	for _, h := range DurationBuckets {
		if d <= time.Duration(h)*time.Hour {
			return fmt.Sprint(h)
		}
	}
	return "more"
}
