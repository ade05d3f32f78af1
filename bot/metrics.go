package bot

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// Metrics are the bot's Prometheus series. A nil *Metrics records nothing.
type Metrics struct {
	Registry *prometheus.Registry

	requests   *prometheus.CounterVec
	ackLatency *prometheus.HistogramVec
	scored     *prometheus.CounterVec
	grading    *prometheus.HistogramVec
	gradeFails prometheus.Counter
	slackCalls *prometheus.CounterVec
	limited    *prometheus.CounterVec
	retries    *prometheus.CounterVec
	qotdPosts  prometheus.Counter
	inProgress prometheus.GaugeFunc
}

// NewMetrics registers the series on a new registry (with the Go and process
// collectors). sessions reports the number of interviews in progress when scraped.
func NewMetrics(sessions func() float64) *Metrics {
	return NewMetricsWithDB(sessions, nil)
}

// NewMetricsWithDB also reports the database's WAL size in bytes when scraped: it
// should stay bounded (a few MB); growth means checkpoints are not finishing.
func NewMetricsWithDB(sessions func() float64, walBytes func() float64) *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mockinterview_http_requests_total",
			Help: "HTTP requests by route and status."}, []string{"route", "status"}),
		ackLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mockinterview_ack_seconds",
			Help:    "Time from receiving a Slack request to acknowledging it, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 3}}, []string{"route"}),
		scored: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mockinterview_answers_scored_total",
			Help: "Answers scored, by scorer (keyword, llm, none)."}, []string{"scorer"}),
		grading: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mockinterview_grading_seconds",
			Help:    "Time to grade an answer, by scorer.",
			Buckets: []float64{.0005, .001, .005, .01, .05, .1, .5, 1, 2, 5, 10, 20}}, []string{"scorer"}),
		gradeFails: prometheus.NewCounter(prometheus.CounterOpts{Name: "mockinterview_grading_failures_total",
			Help: "LLM gradings that failed and fell back to the keyword score."}),
		slackCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mockinterview_slack_api_calls_total",
			Help: "Slack Web API calls by method and outcome."}, []string{"method", "outcome"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mockinterview_slack_rate_limited_total",
			Help: "Slack Web API calls answered with HTTP 429."}, []string{"method"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mockinterview_slack_retries_total",
			Help: "Slack Web API calls retried (429, 5xx, timeouts)."}, []string{"method"}),
		qotdPosts: prometheus.NewCounter(prometheus.CounterOpts{Name: "mockinterview_qotd_posts_total",
			Help: "Questions of the day posted."}),
	}
	// Name the usual methods up front so their series exist (at 0) before the first
	// call, retry or 429.
	for _, method := range []string{"chat.postMessage", "chat.postEphemeral", "chat.update", "conversations.open", "views.publish", "users.info", "response_url"} {
		m.limited.WithLabelValues(method)
		m.retries.WithLabelValues(method)
	}
	for _, scorer := range []string{"keyword", "llm"} {
		m.scored.WithLabelValues(scorer)
	}
	if sessions == nil {
		sessions = func() float64 { return 0 }
	}
	m.inProgress = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mockinterview_sessions_in_progress",
		Help: "Interviews started and not finished."}, sessions)
	if walBytes != nil {
		r.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mockinterview_db_wal_bytes",
			Help: "Size of the SQLite write-ahead log; it should stay bounded."}, walBytes))
	}
	r.MustRegister(m.requests, m.ackLatency, m.scored, m.grading, m.gradeFails, m.slackCalls, m.limited, m.retries, m.qotdPosts, m.inProgress,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Request records an HTTP request and how long it took to acknowledge.
func (m *Metrics) Request(route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.ackLatency.WithLabelValues(route).Observe(d.Seconds())
}

// Scored records a graded answer.
func (m *Metrics) Scored(scorer string, d time.Duration, fellBack bool) {
	if m == nil {
		return
	}
	m.scored.WithLabelValues(scorer).Inc()
	m.grading.WithLabelValues(scorer).Observe(d.Seconds())
	if fellBack {
		m.gradeFails.Inc()
	}
}

// QOTDPosted counts a question of the day.
func (m *Metrics) QOTDPosted() {
	if m == nil {
		return
	}
	m.qotdPosts.Inc()
}

// Call counts a Slack Web API call.
func (m *Metrics) Call(method string, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	var rl *slack.RateLimitedError
	switch {
	case err == nil:
	case errors.As(err, &rl):
		outcome = "rate_limited"
	default:
		outcome = "error"
	}
	m.slackCalls.WithLabelValues(method, outcome).Inc()
}

// RateLimited counts a 429.
func (m *Metrics) RateLimited(method string) {
	if m == nil {
		return
	}
	m.limited.WithLabelValues(method).Inc()
}

// Retry counts a retried call.
func (m *Metrics) Retry(method string) {
	if m == nil {
		return
	}
	m.retries.WithLabelValues(method).Inc()
}

// Instrument wraps a scorer so every grading is counted and timed. An LLM grading
// that fell back to the keyword score counts as a failure.
func (m *Metrics) Instrument(s interview.Scorer) interview.Scorer {
	if m == nil {
		return s
	}
	return interview.ScorerFunc(func(ctx context.Context, q *questions.Question, answer string) (interview.Result, error) {
		start := time.Now()
		res, err := s.Score(ctx, q, answer)
		if err == nil {
			_, fell := res.Details["llm_error"]
			m.Scored(res.Scorer, time.Since(start), fell)
		}
		return res, err
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// instrument times a route from receipt to acknowledgement.
func (m *Metrics) instrument(route string, h http.Handler) http.Handler {
	if m == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.Request(route, sw.status, time.Since(start))
	})
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}
