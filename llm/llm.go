// Package llm grades interview answers with a language model behind any
// OpenAI-compatible chat completions API (OpenAI, Azure OpenAI, Ollama, vLLM, the
// llama.cpp server). It is the only importer of github.com/sashabaranov/go-openai.
//
// The keyword scorer is always run first and is the floor: whenever the model cannot
// be asked (timeout, errors, an open circuit, a full pool) or its verdict is unusable,
// and whenever the answer tries to instruct the grader, the keyword result stands.
package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// PromptVersion names the grading and follow-up prompts; it is stored with every
// grade so that a score can be audited and re-graded, and it keys the cache.
const PromptVersion = "grader-v2"

// Defaults for Config.
const (
	DefaultModel       = "gpt-4.1-mini"
	DefaultTimeout     = 20 * time.Second
	DefaultMaxInFlight = 4
	DefaultCacheSize   = 1024
	DefaultBackoff     = 500 * time.Millisecond
	// DefaultMaxReplyBytes bounds one HTTP reply from the server. A verdict is a few
	// KiB; the rest is room for servers that return a model's reasoning with it.
	DefaultMaxReplyBytes = 256 << 10
)

const (
	// temperature is as close to greedy decoding as go-openai can send: its
	// Temperature field is `omitempty`, so 0 would be dropped from the request and
	// the server would use its default (1 on OpenAI).
	temperature = 0.01
	// seed asks servers that support it for repeatable sampling.
	seed = 20261126

	maxAttempts      = 4 // calls per grading for 429, 5xx and transport errors
	maxBackoff       = 8 * time.Second
	breakerThreshold = 5 // consecutive failed gradings that open the circuit
	breakerCooldown  = time.Minute
	uncertainGap     = 50 // |llm − keyword| above this marks a grade uncertain
)

// Config configures a Scorer. Only APIKey is required; any non-empty key will do for
// a local server without authentication.
type Config struct {
	BaseURL     string        // e.g. http://localhost:11434/v1; default OpenAI's
	APIKey      string        // required; any non-empty value for a server without auth
	Model       string        // default DefaultModel
	Timeout     time.Duration // bounds one grading, retries included; default 20s
	MaxInFlight int           // model calls at once; default 4
	CacheSize   int           // gradings kept in memory; default 1024, negative: none
	Backoff     time.Duration // first retry delay, doubled per retry; default 500ms
	HTTPClient  *http.Client  // default a client without its own timeout
	// MaxReplyBytes caps what is read of one HTTP reply; a longer one is a failed
	// grading ("reply too large"). Default DefaultMaxReplyBytes.
	MaxReplyBytes int64
	Now           func() time.Time
	Logger        *slog.Logger
}

// Scorer grades answers with a model, over a fallback (keyword) scorer. It is safe for
// concurrent use.
type Scorer struct {
	client   *openai.Client
	fallback interview.Scorer
	model    string
	timeout  time.Duration
	backoff  time.Duration
	sem      chan struct{}
	breaker  *breaker
	cache    *cache
	format   atomic.Int32 // the richest response format the server has accepted
	log      *slog.Logger
}

var _ interview.Scorer = (*Scorer)(nil)

// New returns a Scorer that asks the configured model and falls back to fallback.
func New(cfg Config, fallback interview.Scorer) (*Scorer, error) {
	if fallback == nil {
		return nil, errors.New("llm: a fallback scorer is required")
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("llm: an API key is required (any non-empty value for a server without authentication)")
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		if err := CheckBaseURL(cfg.BaseURL); err != nil {
			return nil, fmt.Errorf("llm: base URL %q: %w", cfg.BaseURL, err)
		}
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	if cfg.MaxReplyBytes <= 0 {
		cfg.MaxReplyBytes = DefaultMaxReplyBytes
	}
	oc.HTTPClient = hintDoer{c: hc, max: cfg.MaxReplyBytes}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = DefaultCacheSize
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Scorer{
		client:   openai.NewClientWithConfig(oc),
		fallback: fallback,
		model:    cfg.Model,
		timeout:  cfg.Timeout,
		backoff:  cfg.Backoff,
		sem:      make(chan struct{}, cfg.MaxInFlight),
		breaker:  &breaker{now: cfg.Now, threshold: breakerThreshold, cooldown: breakerCooldown, log: cfg.Logger},
		cache:    newCache(cfg.CacheSize),
		log:      cfg.Logger,
	}, nil
}

// CheckBaseURL reports whether s can be an API base URL: http or https, with a host.
func CheckBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want http(s)://host[:port][/path], e.g. http://localhost:11434/v1")
	}
	return nil
}

// Model returns the model the scorer asks.
func (s *Scorer) Model() string { return s.model }

// Score grades the answer. It returns an error only when the fallback scorer does;
// every failure of the model leaves the fallback's result, marked with the reason.
func (s *Scorer) Score(ctx context.Context, q *questions.Question, answer string) (interview.Result, error) {
	kw, err := s.fallback.Score(ctx, q, answer)
	if err != nil {
		return interview.Result{}, fmt.Errorf("fallback score %s: %w", q.ID, err)
	}
	if scoring.LooksLikeInstruction(answer) {
		s.log.Info("answer instructs the grader; keyword score stands", "question", q.ID)
		return s.guarded(kw, "answer", nil), nil
	}
	if utf8.RuneCountInString(answer) > interview.MaxAnswerRunes {
		// The engine cuts answers already; `grade` lines are cut here, for the model only.
		answer = string([]rune(answer)[:interview.MaxAnswerRunes])
	}
	points := rubric(q, kw)
	key := cacheKey(q, points, answer, s.model)
	g, cached := s.cache.get(key)
	if !cached {
		start := time.Now()
		g, err = s.grade(ctx, q, points, answer)
		if errors.Is(err, errCopiedVerdict) {
			s.log.Info("model returned a verdict the answer wrote; keyword score stands", "question", q.ID)
			return s.guarded(kw, "verdict", nil), nil
		}
		if err != nil {
			s.log.Warn("llm grading failed; keyword score stands", "question", q.ID, "model", s.model, "err", err)
			return s.failed(kw, err), nil
		}
		s.cache.put(key, g)
		s.log.Debug("llm graded", "question", q.ID, "model", s.model, "score", g.verdict.score, "ms", time.Since(start).Milliseconds())
	}
	if g.verdict.instructsGrader {
		s.log.Info("model says the answer instructs the grader; keyword score stands", "question", q.ID)
		return s.guarded(kw, "model", &g), nil
	}
	if c := check(q, points, kw, g.verdict, answer); !c.ok {
		s.log.Info("model's score is not supported by the answer; keyword score stands", "question", q.ID, "llm_score", g.verdict.score, "keyword_score", kw.Score, "evidence", c.evidence)
		return s.overruled(kw, g, c), nil
	}
	return s.result(kw, points, g), nil
}

// graded is a usable verdict with the JSON it was read from.
type graded struct {
	verdict verdict
	raw     string
}

// grade asks the model, bounded by the timeout.
func (s *Scorer) grade(ctx context.Context, q *questions.Question, points []point, answer string) (graded, error) {
	msgs, err := gradingMessages(q, points, answer)
	if err != nil {
		return graded{}, err
	}
	content, err := s.ask(ctx, msgs, true)
	if err != nil {
		return graded{}, err
	}
	v, raw, err := parseVerdict(content, answer)
	switch {
	case errors.Is(err, errCopiedVerdict):
		return graded{}, err
	case err != nil:
		return graded{}, &failure{reason: "unusable verdict", err: err}
	}
	return graded{verdict: v, raw: raw}, nil
}

// result turns a verdict into the turn's result.
func (s *Scorer) result(kw interview.Result, points []point, g graded) interview.Result {
	v := g.verdict
	res := interview.Result{Score: v.score, Scorer: interview.ScorerLLM, Flags: slices.Clone(kw.Flags)}
	for i, p := range points {
		pv := v.point(i + 1)
		reason := ""
		if pv.reason != "" {
			reason = " — " + strings.TrimRight(pv.reason, ".")
		}
		switch pv.status {
		case statusCovered:
			res.Matched = append(res.Matched, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Covered: %s%s.", p.text, reason))
		case statusPartial:
			res.Matched = append(res.Matched, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Partly covered: %s%s.", p.text, reason))
		default:
			res.Missed = append(res.Missed, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Missed: %s%s.", p.text, reason))
		}
	}
	if v.feedback != "" {
		res.Feedback = append(res.Feedback, v.feedback)
	}
	res.Details = s.details(kw, &g)
	if gap := v.score - kw.Score; gap > uncertainGap || gap < -uncertainGap {
		res.Details["uncertain"] = true
		res.Flags = append(res.Flags, "uncertain")
		res.Feedback = append(res.Feedback, fmt.Sprintf("This score is uncertain: the model gave %d and the keyword rubric %d, so compare your answer with the model answer.", v.score, kw.Score))
	}
	return res
}

// guarded is the keyword result for an answer that tries to instruct the grader.
func (s *Scorer) guarded(kw interview.Result, by string, g *graded) interview.Result {
	res := keywordCopy(kw)
	if !slices.Contains(res.Flags, "instructs-grader") {
		res.Flags = append(res.Flags, "instructs-grader")
	}
	res.Feedback = append(res.Feedback, "Your answer seems to address the grader rather than the question, so only the keyword rubric scored it.")
	res.Details = s.details(kw, g)
	res.Details["guard"] = by
	return res
}

// overruled is the keyword result when the model's score is far above what the
// answer supports (see check); the verdict is kept for audit.
func (s *Scorer) overruled(kw interview.Result, g graded, c support) interview.Result {
	res := keywordCopy(kw)
	res.Flags = append(res.Flags, "unsupported-llm-score")
	res.Feedback = append(res.Feedback, fmt.Sprintf("The model's grade of %d was not used: it is far above the keyword rubric's %d and %s, so the keyword rubric scored this answer.", g.verdict.score, kw.Score, c.why))
	res.Details = s.details(kw, &g)
	res.Details["guard"] = "evidence"
	res.Details["evidence_score"] = c.evidence
	return res
}

// failed is the keyword result when the model could not grade.
func (s *Scorer) failed(kw interview.Result, err error) interview.Result {
	res := keywordCopy(kw)
	res.Details = s.details(kw, nil)
	res.Details["llm_error"] = reason(err)
	return res
}

func (s *Scorer) details(kw interview.Result, g *graded) map[string]any {
	d := map[string]any{}
	for k, v := range kw.Details {
		d[k] = v
	}
	d["model"] = s.model
	d["prompt_version"] = PromptVersion
	d["keyword_score"] = kw.Score
	if g != nil {
		d["verdict"] = g.raw
		d["llm_score"] = g.verdict.score
	}
	return d
}

func keywordCopy(kw interview.Result) interview.Result {
	kw.Scorer = interview.ScorerKeyword
	kw.Matched, kw.Missed, kw.Feedback, kw.Flags = slices.Clone(kw.Matched), slices.Clone(kw.Missed), slices.Clone(kw.Feedback), slices.Clone(kw.Flags)
	return kw
}
