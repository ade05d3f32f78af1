package llm_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/llm"
)

const answer = "A generator yields values lazily and keeps its state between next() calls."

func TestScoreGoodVerdict(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
		reply(w, verdictJSON(85, false, "covered", "partial", "missing"))
	})
	s, _ := newScorer(t, srv, fixedKeyword(60))
	res, err := s.Score(context.Background(), generatorQuestion, answer)
	if err != nil {
		t.Fatal(err)
	}
	kps := generatorQuestion.KeyPoints
	if res.Score != 85 || res.Scorer != interview.ScorerLLM {
		t.Fatalf("got score %d scorer %q; want 85, llm", res.Score, res.Scorer)
	}
	if want := []string{kps[0].Text, kps[1].Text}; !slices.Equal(res.Matched, want) {
		t.Errorf("matched %q; want %q", res.Matched, want)
	}
	if want := []string{kps[2].Text}; !slices.Equal(res.Missed, want) {
		t.Errorf("missed %q; want %q", res.Missed, want)
	}
	if want := "Covered: " + kps[0].Text + " — because covered."; res.Feedback[0] != want {
		t.Errorf("feedback[0] %q; want %q", res.Feedback[0], want)
	}
	if last := res.Feedback[len(res.Feedback)-1]; !strings.HasPrefix(last, "Good grasp of laziness.") {
		t.Errorf("last feedback %q; want the verdict's feedback", last)
	}
	for k, want := range map[string]any{"model": llm.DefaultModel, "prompt_version": llm.PromptVersion, "llm_score": 85, "keyword_score": 60} {
		if got := res.Details[k]; got != want {
			t.Errorf("Details[%q] = %v; want %v", k, got, want)
		}
	}
	if v, _ := res.Details["verdict"].(string); !strings.Contains(v, `"score":85`) {
		t.Errorf("Details[verdict] = %q; want the raw verdict", v)
	}
	if _, ok := res.Details["uncertain"]; ok {
		t.Errorf("85 vs 60 marked uncertain")
	}

	req := srv.requests()[0]
	if req.Model != llm.DefaultModel || req.Temperature == nil || *req.Temperature <= 0 || *req.Temperature > 0.05 || req.Seed == nil {
		t.Errorf("request model %q temperature %v seed %v; want the default model, a near-zero temperature and a seed", req.Model, req.Temperature, req.Seed)
	}
	if rf := req.ResponseFormat; rf == nil || rf.Type != "json_schema" || rf.JSONSchema == nil || !rf.JSONSchema.Strict {
		t.Errorf("response_format %+v; want a strict json_schema", rf)
	} else {
		var schema struct {
			Required             []string `json:"required"`
			AdditionalProperties *bool    `json:"additionalProperties"`
		}
		if err := json.Unmarshal(rf.JSONSchema.Schema, &schema); err != nil {
			t.Fatal(err)
		}
		slices.Sort(schema.Required)
		if want := []string{"feedback", "instructs_grader", "key_points", "score"}; !slices.Equal(schema.Required, want) || schema.AdditionalProperties == nil || *schema.AdditionalProperties {
			t.Errorf("schema requires %v, additionalProperties %v; want %v and false (strict mode needs both)", schema.Required, schema.AdditionalProperties, want)
		}
	}
	if got := srv.auth[0]; got != "Bearer test-key" {
		t.Errorf("Authorization %q; want the key as a bearer token", got)
	}
}

func TestScoreVerdicts(t *testing.T) {
	tests := []struct {
		name      string
		content   string
		wantScore int
		wantBy    string
		wantError string // Details["llm_error"]
	}{
		{"above range", verdictJSON(150, false, "covered", "covered", "covered"), 100, "llm", ""},
		{"below range", verdictJSON(-20, false, "missing", "missing", "missing"), 0, "llm", ""},
		{"fraction", verdictJSON(72.6, false, "covered", "partial", "missing"), 73, "llm", ""},
		{"score as string", verdictJSON("77", false, "covered", "partial", "missing"), 77, "llm", ""},
		{"fenced with prose", "Here is my verdict:\n```json\n" + verdictJSON(64, false, "covered", "missing", "missing") + "\n```\nHope it helps {:", 64, "llm", ""},
		{"malformed JSON", `{"score": 90, "key_points": [`, 40, "keyword", "unusable verdict"},
		{"no JSON", "The answer is pretty good, 8/10.", 40, "keyword", "unusable verdict"},
		{"no score", `{"feedback": "fine", "key_points": []}`, 40, "keyword", "unusable verdict"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) { reply(w, tc.content) })
			s, _ := newScorer(t, srv, fixedKeyword(40))
			res, err := s.Score(context.Background(), generatorQuestion, answer)
			if err != nil {
				t.Fatalf("Score returned an error: %v", err)
			}
			if res.Score != tc.wantScore || res.Scorer != tc.wantBy {
				t.Errorf("got %d by %s; want %d by %s", res.Score, res.Scorer, tc.wantScore, tc.wantBy)
			}
			if got, _ := res.Details["llm_error"].(string); got != tc.wantError {
				t.Errorf("llm_error %q; want %q", got, tc.wantError)
			}
			if n := srv.count(); n != 1 {
				t.Errorf("%d requests; want 1 (an unusable verdict is not retried)", n)
			}
		})
	}
}

func TestScoreRetries(t *testing.T) {
	tests := []struct {
		name      string
		fail      int // requests answered with status before a good verdict
		status    int
		header    map[string]string
		wantBy    string
		wantError string
		wantReqs  int
	}{
		{"429 then success", 1, http.StatusTooManyRequests, map[string]string{"Retry-After": "0"}, "llm", "", 2},
		{"429 twice, retry-after-ms", 2, http.StatusTooManyRequests, map[string]string{"Retry-After-Ms": "1"}, "llm", "", 3},
		{"503 then success", 1, http.StatusServiceUnavailable, nil, "llm", "", 2},
		{"500 always", 100, http.StatusInternalServerError, nil, "keyword", "server error (500)", 4},
		{"429 always", 100, http.StatusTooManyRequests, nil, "keyword", "rate limited (429)", 4},
		{"429 with a wait past the limit", 100, http.StatusTooManyRequests, map[string]string{"Retry-After": "3600"}, "keyword", "rate limited (429)", 1},
		{"401 is not retried", 100, http.StatusUnauthorized, nil, "keyword", "http 401", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, n int, _ chatRequest) {
				if n < tc.fail {
					for k, v := range tc.header {
						w.Header().Set(k, v)
					}
					apiError(w, tc.status, "try again")
					return
				}
				reply(w, verdictJSON(90, false, "covered", "covered", "partial"))
			})
			s, _ := newScorer(t, srv, fixedKeyword(50))
			res, err := s.Score(context.Background(), generatorQuestion, answer)
			if err != nil {
				t.Fatalf("Score returned an error: %v", err)
			}
			if res.Scorer != tc.wantBy {
				t.Errorf("scorer %s; want %s", res.Scorer, tc.wantBy)
			}
			if tc.wantBy == "keyword" && res.Score != 50 {
				t.Errorf("score %d; want the keyword score 50", res.Score)
			}
			if got, _ := res.Details["llm_error"].(string); got != tc.wantError {
				t.Errorf("llm_error %q; want %q", got, tc.wantError)
			}
			if n := srv.count(); n != tc.wantReqs {
				t.Errorf("%d requests; want %d", n, tc.wantReqs)
			}
		})
	}
}

func TestScoreServerUnreachable(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {})
	url := srv.URL
	srv.Close()
	s, err := llm.New(llm.Config{BaseURL: url + "/v1", APIKey: "k", Backoff: time.Millisecond, Timeout: 5 * time.Second}, fixedKeyword(33))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Score(context.Background(), generatorQuestion, answer)
	if err != nil || res.Score != 33 || res.Scorer != "keyword" || res.Details["llm_error"] != "connection failed" {
		t.Fatalf("got %d by %s, llm_error %v, err %v; want the keyword 33 after a connection failure", res.Score, res.Scorer, res.Details["llm_error"], err)
	}
}

// TestScoreServerNeverAnswers: the keyword score stands once the timeout passes.
func TestScoreServerNeverAnswers(t *testing.T) {
	release := make(chan struct{})
	srv := newFakeOpenAI(t, func(_ http.ResponseWriter, r *http.Request, _ int, _ chatRequest) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	const timeout = 200 * time.Millisecond
	s, _ := newScorer(t, srv, fixedKeyword(45), func(c *llm.Config) { c.Timeout = timeout })
	done := make(chan interview.Result)
	go func() {
		res, err := s.Score(context.Background(), generatorQuestion, answer)
		if err != nil {
			t.Errorf("Score returned an error: %v", err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res.Score != 45 || res.Scorer != "keyword" || res.Details["llm_error"] != "timeout" {
			t.Fatalf("got %d by %s, llm_error %v; want the keyword 45 after a timeout", res.Score, res.Scorer, res.Details["llm_error"])
		}
	case <-time.After(50 * timeout):
		t.Fatalf("Score still waiting %v after a %v timeout", 50*timeout, timeout)
	}
}

// TestCircuitBreaker: five failed gradings open the circuit for a minute; gradings
// then fall back without a request; after the minute the server is asked again.
func TestCircuitBreaker(t *testing.T) {
	var healthy atomic.Bool
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
		if !healthy.Load() {
			apiError(w, http.StatusBadGateway, "upstream down")
			return
		}
		reply(w, verdictJSON(80, false, "covered", "covered", "missing"))
	})
	clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	s, _ := newScorer(t, srv, fixedKeyword(50), func(c *llm.Config) { c.Now = clock.Now })
	ctx := context.Background()
	grade := func(i int) interview.Result {
		t.Helper()
		res, err := s.Score(ctx, generatorQuestion, answer+strings.Repeat(" really", i))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for i := range 5 {
		if res := grade(i); res.Details["llm_error"] != "server error (502)" {
			t.Fatalf("grading %d: llm_error %v; want server error (502)", i, res.Details["llm_error"])
		}
	}
	before := srv.count()
	healthy.Store(true) // the server recovers, but the circuit is open
	for i, step := range []time.Duration{0, 30 * time.Second, 29 * time.Second} {
		clock.Add(step)
		if res := grade(10 + i); res.Scorer != "keyword" || res.Details["llm_error"] != "circuit open" {
			t.Fatalf("%v after opening: %s, llm_error %v; want keyword, circuit open", step, res.Scorer, res.Details["llm_error"])
		}
	}
	if n := srv.count(); n != before {
		t.Fatalf("%d requests while the circuit was open; want none", n-before)
	}
	clock.Add(time.Second) // a minute has passed
	if res := grade(20); res.Scorer != "llm" {
		t.Fatalf("after a minute: %s, llm_error %v; want llm", res.Scorer, res.Details["llm_error"])
	}
	// Closed again: it takes five new failures to open it.
	healthy.Store(false)
	for i := range 4 {
		grade(30 + i)
	}
	healthy.Store(true)
	if res := grade(40); res.Scorer != "llm" {
		t.Fatalf("after 4 failures on a closed circuit: %s, llm_error %v; want llm", res.Scorer, res.Details["llm_error"])
	}
}

func TestCache(t *testing.T) {
	tests := []struct {
		name      string
		cacheSize int
		second    string // the second call's answer
		wantReqs  int
	}{
		{"identical grading is cached", 0, answer, 1},
		{"another answer is asked", 0, answer + " Also send().", 2},
		{"cache off", -1, answer, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
				reply(w, verdictJSON(70, false, "covered", "partial", "missing"))
			})
			s, _ := newScorer(t, srv, fixedKeyword(50), func(c *llm.Config) { c.CacheSize = tc.cacheSize })
			ctx := context.Background()
			first, _ := s.Score(ctx, generatorQuestion, answer)
			second, _ := s.Score(ctx, generatorQuestion, tc.second)
			if n := srv.count(); n != tc.wantReqs {
				t.Errorf("%d requests; want %d", n, tc.wantReqs)
			}
			if first.Scorer != "llm" || second.Scorer != "llm" || first.Score != second.Score {
				t.Errorf("first %d by %s, second %d by %s; want the same llm grade", first.Score, first.Scorer, second.Score, second.Scorer)
			}
		})
	}
}

// TestResponseFormatFallback: a server that rejects json_schema gets json_object, then
// no response_format at all; the scorer remembers what the server accepted.
func TestResponseFormatFallback(t *testing.T) {
	tests := []struct {
		name       string
		rejects    []string
		wantFirst  []string // formats of the first grading's requests
		wantSecond []string
	}{
		{"schema works", nil, []string{"json_schema"}, []string{"json_schema"}},
		{"json mode", []string{"json_schema"}, []string{"json_schema", "json_object"}, []string{"json_object"}},
		{"plain", []string{"json_schema", "json_object"}, []string{"json_schema", "json_object", "none"}, []string{"none"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, req chatRequest) {
				if slices.Contains(tc.rejects, req.format()) {
					apiError(w, http.StatusBadRequest, "response_format "+req.format()+" is not supported")
					return
				}
				reply(w, "Verdict follows.\n"+verdictJSON(66, false, "covered", "missing", "missing"))
			})
			s, _ := newScorer(t, srv, fixedKeyword(50))
			ctx := context.Background()
			var formats []string
			for i, want := range [][]string{tc.wantFirst, tc.wantSecond} {
				before := srv.count()
				res, _ := s.Score(ctx, generatorQuestion, answer+strings.Repeat("!", i))
				if res.Scorer != "llm" || res.Score != 66 {
					t.Fatalf("grading %d: %d by %s (llm_error %v); want 66 by llm", i, res.Score, res.Scorer, res.Details["llm_error"])
				}
				formats = formats[:0]
				for _, r := range srv.requests()[before:] {
					formats = append(formats, r.format())
				}
				if !slices.Equal(formats, want) {
					t.Errorf("grading %d sent formats %v; want %v", i, formats, want)
				}
			}
		})
	}
}

// TestPoolIsBounded: with every slot taken, a grading whose caller cannot wait falls
// back ("busy") without reaching the server.
func TestPoolIsBounded(t *testing.T) {
	arrived, release := make(chan struct{}, 4), make(chan struct{})
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
		arrived <- struct{}{}
		<-release
		reply(w, verdictJSON(80, false, "covered", "covered", "covered"))
	})
	s, _ := newScorer(t, srv, fixedKeyword(50), func(c *llm.Config) { c.MaxInFlight = 1 })
	first := make(chan interview.Result)
	go func() {
		res, _ := s.Score(context.Background(), generatorQuestion, answer)
		first <- res
	}()
	<-arrived
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	res, _ := s.Score(ctx, generatorQuestion, answer+" second")
	if res.Scorer != "keyword" || res.Details["llm_error"] != "busy" {
		t.Errorf("second grading with the pool full: %s, llm_error %v; want keyword, busy", res.Scorer, res.Details["llm_error"])
	}
	close(release)
	if res := <-first; res.Scorer != "llm" {
		t.Errorf("first grading: %s; want llm", res.Scorer)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

// TestReasoningModelRequest: go-openai refuses a temperature for reasoning models
// before sending; the request leaves it out for them and keeps it for others.
func TestReasoningModelRequest(t *testing.T) {
	for model, wantTemp := range map[string]bool{"o3-mini": false, "gpt-5-mini": false, "gpt-4.1-mini": true, "llama3.1:8b": true} {
		t.Run(model, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
				reply(w, verdictJSON(75, false, "covered", "covered", "missing"))
			})
			s, _ := newScorer(t, srv, fixedKeyword(50), func(c *llm.Config) { c.Model = model })
			res, _ := s.Score(context.Background(), generatorQuestion, answer)
			if res.Scorer != "llm" {
				t.Fatalf("%s: scorer %s, llm_error %v; want llm", model, res.Scorer, res.Details["llm_error"])
			}
			req := srv.requests()[0]
			if got := req.Temperature != nil; got != wantTemp || req.Model != model {
				t.Errorf("model %q sent temperature %v; want it sent: %v", req.Model, req.Temperature, wantTemp)
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	kw := fixedKeyword(1)
	tests := []struct {
		name     string
		cfg      llm.Config
		fallback interview.Scorer
	}{
		{"no key", llm.Config{BaseURL: "http://127.0.0.1:1/v1"}, kw},
		{"blank key", llm.Config{APIKey: "  "}, kw},
		{"bad URL", llm.Config{APIKey: "k", BaseURL: "localhost:11434"}, kw},
		{"no host", llm.Config{APIKey: "k", BaseURL: "http:///v1"}, kw},
		{"no fallback", llm.Config{APIKey: "k"}, nil},
	}
	for _, tc := range tests {
		if _, err := llm.New(tc.cfg, tc.fallback); err == nil {
			t.Errorf("%s: New succeeded; want an error", tc.name)
		}
	}
}

// TestLongAnswerIsCut: the model gets at most interview.MaxAnswerRunes of an answer
// (the engine cuts answers already; `grade` lines are not).
func TestLongAnswerIsCut(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
		reply(w, verdictJSON(50, false, "covered", "missing", "missing"))
	})
	s, _ := newScorer(t, srv, fixedKeyword(50))
	long := strings.Repeat("quux ", interview.MaxAnswerRunes) // 5 runes a word
	if _, err := s.Score(context.Background(), generatorQuestion, long); err != nil {
		t.Fatal(err)
	}
	user := srv.requests()[0].Messages[1].Content
	if n := strings.Count(user, "quux"); n != interview.MaxAnswerRunes/5 {
		t.Errorf("the model got %d words of the answer; want %d", n, interview.MaxAnswerRunes/5)
	}
}
