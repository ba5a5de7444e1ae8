package handlers

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// reliability are the metrics of what waits and is tried again.
type reliability struct {
	duplicates prometheus.Counter
	retries    *prometheus.CounterVec
	pending    prometheus.Gauge
	age        prometheus.Gauge
	redisErrs  *prometheus.CounterVec
	digests    *prometheus.CounterVec
}

func newReliability() reliability {
	return reliability{
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "incidentbot_duplicates_avoided_total",
			Help: "Messages an earlier try had posted, found in Slack by their metadata and not posted again.",
		}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_retries_total",
			Help: "Deliveries and announcements that failed and wait for their next try, by what.",
		}, []string{"what"}),
		pending: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "incidentbot_pending_deliveries",
			Help: "New cases whose receipt, cards or suggestion are not all done, as the last sweep found them.",
		}),
		age: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "incidentbot_pending_delivery_oldest_seconds",
			Help: "Age of the oldest unfinished delivery at the last sweep; 0 when none.",
		}),
		redisErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_redis_errors_total",
			Help: "Redis commands that failed, by kind: network (Redis unreachable or timing out) or other.",
		}, []string{"kind"}),
		digests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_digests_total",
			Help: "Weekly digests by outcome: sent, or failed (tried again later).",
		}, []string{"outcome"}),
	}
}

func (r reliability) collectors() []prometheus.Collector {
	return []prometheus.Collector{r.duplicates, r.retries, r.pending, r.age, r.redisErrs, r.digests}
}

// DuplicateAvoided counts a message found in Slack and not posted again.
func (m *Metrics) DuplicateAvoided() { m.rel.duplicates.Inc() }

// Retried counts a delivery or announcement that waits for its next try.
func (m *Metrics) Retried(what string) { m.rel.retries.WithLabelValues(what).Inc() }

// Pending returns what sets how many new cases wait for their delivery
// and how long the oldest has, by now.
func (m *Metrics) Pending(now func() time.Time) func(n int, oldest time.Time) {
	return func(n int, oldest time.Time) {
		m.rel.pending.Set(float64(n))
		age := 0.0
		if !oldest.IsZero() {
			age = max(0, now().Sub(oldest).Seconds())
		}
		m.rel.age.Set(age)
	}
}

// Digest counts a weekly digest sent or failed.
func (m *Metrics) Digest(sent bool) {
	outcome := "failed"
	if sent {
		outcome = "sent"
	}
	m.rel.digests.WithLabelValues(outcome).Inc()
}

// SocketState exposes the Socket Mode connection: 1 up, 0 down, -1 in
// HTTP mode.
func (m *Metrics) SocketState(h *Handlers) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "incidentbot_socket_connected",
		Help: "Socket Mode connection: 1 connected, 0 down, -1 in HTTP mode.",
	}, func() float64 {
		switch h.socket.Load() {
		case socketUp:
			return 1
		case socketDown:
			return 0
		}
		return -1
	}))
}

// RedisHook counts the Redis commands that fail; add it to the client.
func (m *Metrics) RedisHook() redis.Hook { return redisHook{m.rel.redisErrs, m.ops.redisTime} }

type redisHook struct {
	errs    *prometheus.CounterVec
	latency prometheus.Histogram
}

func (redisHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h redisHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmd)
		h.latency.Observe(time.Since(start).Seconds())
		h.count(err)
		return err
	}
}

func (h redisHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmds)
		h.latency.Observe(time.Since(start).Seconds())
		h.count(err)
		return err
	}
}

// count counts err unless it is none or Redis's "no such key", which
// is an answer.
func (h redisHook) count(err error) {
	if err == nil || errors.Is(err, redis.Nil) {
		return
	}
	var ne net.Error
	kind := "other"
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		kind = "network"
	}
	h.errs.WithLabelValues(kind).Inc()
}
