package handlers

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ops are the metrics an operator pages on beside reliability's.
type ops struct {
	ack       *prometheus.HistogramVec
	rejected  *prometheus.CounterVec
	reloads   *prometheus.CounterVec
	redisTime prometheus.Histogram
	reminders prometheus.Gauge
	remindAge prometheus.Gauge
}

func newOps() ops {
	return ops{
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "incidentbot_ack_seconds",
			Help:    "Time from a Slack request's arrival to the bot's answer, by kind (command, event, block_actions, view_submission, …); Slack gives up after 3 s.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3},
		}, []string{"kind"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_slack_requests_rejected_total",
			Help: "Requests to /slack/* refused before they were read: signature (401, forged or stale) or too_large (413).",
		}, []string{"reason"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_config_reloads_total",
			Help: "Configuration reloads by outcome: ok, or refused (the previous configuration stays).",
		}, []string{"outcome"}),
		redisTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "incidentbot_redis_seconds",
			Help:    "Latency of Redis commands and pipelines.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
		}),
		reminders: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "incidentbot_pending_reminders",
			Help: "Reminders of legal deadlines due and not yet sent, at the last look.",
		}),
		remindAge: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "incidentbot_pending_reminder_oldest_seconds",
			Help: "How long the oldest due reminder has waited, at the last look; 0 when none.",
		}),
	}
}

func (o ops) collectors() []prometheus.Collector {
	return []prometheus.Collector{o.ack, o.rejected, o.reloads, o.redisTime, o.reminders, o.remindAge}
}

// acked observes how long a request of kind took to answer.
func (m *Metrics) acked(kind string, since time.Time) {
	m.ops.ack.WithLabelValues(kind).Observe(time.Since(since).Seconds())
}

// rejectedRequest counts a request refused before it was read.
func (m *Metrics) rejectedRequest(reason string) {
	if m != nil {
		m.ops.rejected.WithLabelValues(reason).Inc()
	}
}

// Reloaded counts a configuration reload.
func (m *Metrics) Reloaded(ok bool) {
	outcome := "refused"
	if ok {
		outcome = "ok"
	}
	m.ops.reloads.WithLabelValues(outcome).Inc()
}

// Reminders returns what sets how many reminders are due and unsent and
// how long the oldest has waited, by now.
func (m *Metrics) Reminders(now func() time.Time) func(n int, oldest time.Time) {
	return func(n int, oldest time.Time) {
		m.ops.reminders.Set(float64(n))
		age := 0.0
		if !oldest.IsZero() {
			age = max(0, now().Sub(oldest).Seconds())
		}
		m.ops.remindAge.Set(age)
	}
}
