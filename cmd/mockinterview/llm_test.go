package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLLMConfig(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		env         map[string]string
		wantOn      bool
		wantURL     string
		wantModel   string
		wantTimeout time.Duration
		wantErr     string // names the setting
	}{
		{name: "no key: keyword only", env: map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1"}},
		{name: "key from env", env: map[string]string{"OPENAI_API_KEY": "sk-env"}, wantOn: true},
		{name: "key from flag", args: []string{"-openai-api-key", "sk-flag"}, wantOn: true},
		{name: "flags win", args: []string{"-openai-base-url", "http://flag:1/v1", "-openai-model", "flag-model", "-llm-timeout", "3s"},
			env:    map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "http://env:1/v1", "OPENAI_MODEL": "env-model", "LLM_TIMEOUT": "9s"},
			wantOn: true, wantURL: "http://flag:1/v1", wantModel: "flag-model", wantTimeout: 3 * time.Second},
		{name: "env", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "http://env:1/v1", "OPENAI_MODEL": "env-model", "LLM_TIMEOUT": "45"},
			wantOn: true, wantURL: "http://env:1/v1", wantModel: "env-model", wantTimeout: 45 * time.Second},
		{name: "malformed LLM_TIMEOUT", env: map[string]string{"OPENAI_API_KEY": "k", "LLM_TIMEOUT": "soon"}, wantErr: "LLM_TIMEOUT"},
		{name: "malformed LLM_TIMEOUT without a key", env: map[string]string{"LLM_TIMEOUT": "20 seconds"}, wantErr: "LLM_TIMEOUT"},
		{name: "zero timeout", env: map[string]string{"OPENAI_API_KEY": "k", "LLM_TIMEOUT": "0s"}, wantErr: "LLM_TIMEOUT"},
		{name: "malformed flag timeout", args: []string{"-llm-timeout", "x"}, env: map[string]string{"OPENAI_API_KEY": "k", "LLM_TIMEOUT": "5s"}, wantErr: "-llm-timeout"},
		{name: "malformed base URL", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "localhost:11434"}, wantErr: "OPENAI_BASE_URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			o := addLLMFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := o.config(func(k string) string { return tc.env[k] }, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr+" ") {
					t.Fatalf("err %v; want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (cfg != nil) != tc.wantOn {
				t.Fatalf("LLM enabled %v; want %v", cfg != nil, tc.wantOn)
			}
			if cfg == nil {
				return
			}
			if cfg.BaseURL != tc.wantURL || cfg.Model != tc.wantModel || cfg.Timeout != tc.wantTimeout {
				t.Errorf("got url %q model %q timeout %v; want %q %q %v", cfg.BaseURL, cfg.Model, cfg.Timeout, tc.wantURL, tc.wantModel, tc.wantTimeout)
			}
		})
	}
}

// fakeModel is an OpenAI-compatible server: gradings (asked with a response_format)
// get a verdict of score, CV follow-ups (plain text) get followUp.
type fakeModel struct {
	*httptest.Server
	mu        sync.Mutex
	gradings  int
	followUps int
}

const tailoredFollowUp = "How did you keep the Redis-cached playlists consistent when a rendition was retried?"

func newFakeModel(t *testing.T, score int, status int) *fakeModel {
	t.Helper()
	f := &fakeModel{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ResponseFormat *json.RawMessage `json:"response_format"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if status != http.StatusOK {
			http.Error(w, `{"error":{"message":"down"}}`, status)
			return
		}
		f.mu.Lock()
		content := tailoredFollowUp
		if req.ResponseFormat != nil {
			f.gradings++
			content = fmt.Sprintf(`{"score": %d, "key_points": [{"id": 1, "status": "covered", "reason": "stated"}], "feedback": "Clear answer. Add an example.", "instructs_grader": false}`, score)
		} else {
			f.followUps++
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "x", "object": "chat.completion", "model": "fake",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}},
		})
	}))
	t.Cleanup(f.Close)
	return f
}

// TestGradeWithLLM pipes lines through the real `grade` binary with the LLM grader
// configured against a fake OpenAI-compatible server.
func TestGradeWithLLM(t *testing.T) {
	const line = `{"id": 7, "question_id": "python.generators", "answer": "A generator function yields values lazily and keeps its state between next() calls."}` + "\n"
	good := newFakeModel(t, 93, http.StatusOK)
	down := newFakeModel(t, 0, http.StatusInternalServerError)
	tests := []struct {
		name       string
		env        []string
		args       []string
		wantScorer string
		wantScore  int // -1: any
	}{
		{"env", []string{"OPENAI_API_KEY=test", "OPENAI_BASE_URL=" + good.URL + "/v1"}, nil, "llm", 93},
		{"flag wins over env", []string{"OPENAI_API_KEY=test", "OPENAI_BASE_URL=" + down.URL + "/v1"}, []string{"-openai-base-url", good.URL + "/v1"}, "llm", 93},
		{"server down", []string{"OPENAI_API_KEY=test", "OPENAI_BASE_URL=" + down.URL + "/v1", "LLM_TIMEOUT=1s"}, nil, "keyword", -1},
		{"no key", []string{"OPENAI_BASE_URL=" + good.URL + "/v1"}, nil, "keyword", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runWithEnv(t, tc.env, line, append([]string{"grade"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got struct {
				ID     int    `json:"id"`
				Score  int    `json:"score"`
				Scorer string `json:"scorer"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output %q: %v", out, err)
			}
			if got.ID != 7 || got.Scorer != tc.wantScorer || (tc.wantScore >= 0 && got.Score != tc.wantScore) {
				t.Errorf("got %+v; want id 7 scored %d by %s", got, tc.wantScore, tc.wantScorer)
			}
			if tc.wantScorer == "llm" && !strings.Contains(out, `"scorer":"llm"`) {
				t.Errorf("output %q lacks \"scorer\":\"llm\"", out)
			}
		})
	}
}

func TestLLMSettingErrors(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"OPENAI_API_KEY=k", "LLM_TIMEOUT=soon"}, []string{"grade"}, "LLM_TIMEOUT"},
		{[]string{"OPENAI_API_KEY=k"}, []string{"grade", "-llm-timeout", "-3s"}, "-llm-timeout"},
		{[]string{"OPENAI_API_KEY=k", "OPENAI_BASE_URL=ftp://x"}, []string{"practice", "-db", "DB"}, "OPENAI_BASE_URL"},
	} {
		args := append([]string(nil), tc.args...)
		for i, a := range args {
			if a == "DB" {
				args[i] = filepath.Join(t.TempDir(), "x.db")
			}
		}
		_, errOut, code := runWithEnv(t, tc.env, "", args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v %v: exit %d, stderr %q; want exit 2 and one line naming %s", tc.env, tc.args, code, errOut, tc.want)
		}
	}
}

var cvQuestion = regexp.MustCompile(`\] Your projects · (.+)$`)

// TestPracticeWithLLM runs a terminal interview through the real binary with the
// fake model: answers are graded by it (recorded as "llm"), and the CV follow-up is
// the one it wrote. The candidate gives each question's model answer, so the model's
// score is one the answer's own evidence supports.
func TestPracticeWithLLM(t *testing.T) {
	srv := newFakeModel(t, 88, http.StatusOK)
	db := filepath.Join(t.TempDir(), "mi.db")
	byPrompt := bankByPrompt(t)
	c := startCandidateEnv(t, []string{"OPENAI_API_KEY=test", "OPENAI_BASE_URL=" + srv.URL + "/v1"},
		"practice", "-db", db, "-plan", "standard", "-seed", "7", "-cv", "../../examples/cv.yaml", "-user", "dana")
	for i := 0; i < 40; i++ {
		q := c.question()
		if q == nil {
			break
		}
		if bq := byPrompt[q.text]; bq != nil {
			c.say(bq.Reference)
		} else {
			c.say("We cached rendered pages in Redis with a TTL and invalidated them on writes.")
		}
	}
	c.stdin.Close()
	c.until(regexp.MustCompile(`^Overall score: \d+/100$`))
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("practice: %v\n%s", err, c.output.String())
	}
	out := c.output.String()
	var asked []string
	for _, l := range strings.Split(out, "\n") {
		if m := cvQuestion.FindStringSubmatch(l); m != nil {
			asked = append(asked, m[1])
		}
	}
	if len(asked) == 0 || asked[0] != tailoredFollowUp {
		t.Errorf("CV questions %q; want the model's %q", asked, tailoredFollowUp)
	}
	if !strings.Contains(out, "Score: 88/100") {
		t.Errorf("no answer scored 88 (the model's score):\n%s", out)
	}
	ss := reportJSON(t, db, "dana")
	llmTurns := 0
	for _, turn := range ss[0].Turns {
		if turn.Kind == "bank" && !turn.Skipped {
			if turn.Scorer != "llm" {
				t.Errorf("turn %s scored by %q; want llm", turn.QuestionID, turn.Scorer)
			}
			llmTurns++
		}
	}
	if llmTurns == 0 {
		t.Fatalf("no graded turns in the report")
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.gradings != llmTurns || srv.followUps != len(asked) {
		t.Errorf("server saw %d gradings and %d follow-ups; want %d and %d", srv.gradings, srv.followUps, llmTurns, len(asked))
	}
}
