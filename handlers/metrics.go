package handlers

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the adapter's Prometheus metrics, on a registry of their own
// so tests and several servers in one process don't collide.
type Metrics struct {
	registry           *prometheus.Registry
	requests           *prometheus.CounterVec
	casesCreated       prometheus.Counter
	backgroundFailures *prometheus.CounterVec
	backgroundDone     *prometheus.CounterVec
	backgroundRunning  prometheus.Gauge
	loopRuns           *prometheus.CounterVec
	slack              slackCalls
	rel                reliability
	ops                ops
}

// NewMetrics registers the adapter's metrics and the Go runtime's.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_slack_requests_total",
			Help: "Requests from Slack by kind and outcome.",
		}, []string{"kind", "outcome"}),
		casesCreated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "incidentbot_cases_created_total",
			Help: "Cases created from submitted reports.",
		}),
		backgroundFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_background_failures_total",
			Help: "Background tasks (receipts, cards, home tabs) that failed; each is logged.",
		}, []string{"task"}),
		backgroundDone: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_background_tasks_total",
			Help: "Background tasks that followed an acknowledgement and have finished, failed or not.",
		}, []string{"task"}),
		backgroundRunning: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "incidentbot_background_tasks_running",
			Help: "Background tasks under way.",
		}),
		loopRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_loop_runs_total",
			Help: "Finished runs of the background loops: sweep (deliveries and announcements), digest, reload.",
		}, []string{"loop"}),
		slack: newSlackCalls(),
		rel:   newReliability(),
		ops:   newOps(),
	}
	m.registry.MustRegister(m.requests, m.casesCreated, m.backgroundFailures, m.backgroundDone, m.backgroundRunning, m.loopRuns,
		m.slack.calls, m.slack.seconds,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registry.MustRegister(m.rel.collectors()...)
	m.registry.MustRegister(m.ops.collectors()...)
	// Series an alert watches exist from the start, at 0.
	for _, v := range []struct {
		vec    *prometheus.CounterVec
		labels []string
	}{
		{m.rel.retries, []string{"delivery", "announcement"}}, {m.rel.digests, []string{"sent", "failed"}},
		{m.rel.redisErrs, []string{"network", "other"}}, {m.ops.rejected, []string{"signature", "too_large"}},
		{m.ops.reloads, []string{"ok", "refused"}},
	} {
		for _, l := range v.labels {
			v.vec.WithLabelValues(l)
		}
	}
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

func (m *Metrics) request(kind, outcome string) {
	m.requests.WithLabelValues(kind, outcome).Inc()
}

// LoopRun returns what a background loop calls after each run.
func (m *Metrics) LoopRun(loop string) func() {
	c := m.loopRuns.WithLabelValues(loop)
	return c.Inc
}
