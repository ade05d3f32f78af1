package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/llm"
	"github.com/mockinterview/mockinterview/questions"
)

// chatRequest is the part of a chat completion request the tests look at.
type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Temperature    *float64        `json:"temperature"`
	Seed           *int            `json:"seed"`
	ResponseFormat *responseFormat `json:"response_format"`
	raw            map[string]json.RawMessage
}

type responseFormat struct {
	Type       string `json:"type"`
	JSONSchema *struct {
		Name   string          `json:"name"`
		Strict bool            `json:"strict"`
		Schema json.RawMessage `json:"schema"`
	} `json:"json_schema"`
}

func (r chatRequest) format() string {
	if r.ResponseFormat == nil {
		return "none"
	}
	return r.ResponseFormat.Type
}

// fakeOpenAI is an OpenAI-compatible chat completions server on 127.0.0.1. Handle
// answers request n (0-based); it records every request.
type fakeOpenAI struct {
	*httptest.Server
	Handle func(w http.ResponseWriter, r *http.Request, n int, req chatRequest)

	mu   sync.Mutex
	reqs []chatRequest
	auth []string
}

func newFakeOpenAI(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int, req chatRequest)) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{Handle: handle}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req chatRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("request body is not JSON: %v", err)
		}
		_ = json.Unmarshal(body, &req.raw)
		f.mu.Lock()
		n := len(f.reqs)
		f.reqs = append(f.reqs, req)
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.mu.Unlock()
		f.Handle(w, r, n, req)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeOpenAI) requests() []chatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]chatRequest(nil), f.reqs...)
}

func (f *fakeOpenAI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

// reply writes a successful chat completion whose message is content.
func reply(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content},
		}},
	})
}

// apiError writes an OpenAI-style error.
func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"message":%q,"type":"invalid_request_error"}}`, msg)
}

// verdictJSON is a verdict as a model writes it.
func verdictJSON(score any, instructs bool, statuses ...string) string {
	var kps []map[string]any
	for i, s := range statuses {
		kps = append(kps, map[string]any{"id": i + 1, "status": s, "reason": "because " + s})
	}
	b, _ := json.Marshal(map[string]any{
		"score": score, "key_points": kps, "instructs_grader": instructs,
		"feedback": "Good grasp of laziness. Mention send() to go deeper.",
	})
	return string(b)
}

// generatorQuestion is a bank-like question with a three-point rubric.
var generatorQuestion = &questions.Question{
	ID: "python.generators", Stage: "python", Level: 2,
	Prompt:    "What is a generator in Python, and when would you use one?",
	Reference: "A generator is a function that uses yield; calling it returns an iterator that produces values lazily, one at a time, keeping its state between next() calls. Use one for large or infinite sequences and pipelines, to save memory.",
	KeyPoints: []questions.KeyPoint{
		{Text: "a function with yield returns a lazy iterator", Terms: []string{"yield", "iterator", "lazy|lazily"}, Weight: 2},
		{Text: "state is kept between next() calls", Terms: []string{"state", "next"}, Weight: 1},
		{Text: "saves memory for large or infinite sequences", Terms: []string{"memory", "large|infinite"}, Weight: 1},
	},
}

// fixedKeyword is a fallback scorer with a known result.
func fixedKeyword(score int) interview.Scorer {
	return interview.ScorerFunc(func(_ context.Context, q *questions.Question, _ string) (interview.Result, error) {
		return interview.Result{
			Score: score, Scorer: interview.ScorerKeyword,
			Matched: []string{q.KeyPoints[0].Text}, Missed: []string{q.KeyPoints[1].Text, q.KeyPoints[2].Text},
			Feedback: []string{"Covered: keyword."}, Details: map[string]any{"similarity": 0.5},
		}, nil
	})
}

// fakeClock is a Now that tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// logBuffer collects the scorer's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newScorer returns a scorer against the fake server with fast retries; change
// adjusts the configuration.
func newScorer(t *testing.T, srv *fakeOpenAI, fallback interview.Scorer, change ...func(*llm.Config)) (*llm.Scorer, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	cfg := llm.Config{
		BaseURL: srv.URL + "/v1", APIKey: "test-key", Timeout: 5 * time.Second, Backoff: time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, c := range change {
		c(&cfg)
	}
	s, err := llm.New(cfg, fallback)
	if err != nil {
		t.Fatal(err)
	}
	return s, logs
}

// candidateAnswer is the text between the boundary markers of a grading request.
func candidateAnswer(req chatRequest) string {
	user := req.Messages[len(req.Messages)-1].Content
	m := markers.FindStringSubmatch(user)
	if m == nil {
		return ""
	}
	open, closing := "<<<BEGIN "+m[1]+">>>\n", "\n<<<END "+m[1]+">>>"
	i, j := strings.Index(user, open), strings.Index(user, closing)
	if i < 0 || j < i {
		return ""
	}
	return user[i+len(open) : j]
}
