package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/questions"
)

const testSecret = "e2e-signing-secret"

// serveLog keeps serve's output and reports the address from its "serving" line, so a
// test binds 127.0.0.1:0 (no free-port race) and waits for that line, not a poll.
type serveLog struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	line  []byte
	addr  chan string
	found bool
}

func newServeLog() *serveLog { return &serveLog{addr: make(chan string, 1)} }

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for _, c := range p {
		if c != '\n' {
			l.line = append(l.line, c)
			continue
		}
		var rec struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if !l.found && json.Unmarshal(l.line, &rec) == nil && rec.Msg == "serving" && rec.Addr != "" {
			l.found = true
			l.addr <- rec.Addr
		}
		l.line = l.line[:0]
	}
	return len(p), nil
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// server is `mockinterview serve` running as a process against a fake Slack.
type server struct {
	t     *testing.T
	cmd   *exec.Cmd
	addr  string
	slack *fakeslack.Server
	db    string
	logs  *serveLog
	seq   int

	exited  chan struct{} // closed when the process has exited
	exitErr error
}

// wait waits for the process to exit and returns how it exited.
func (s *server) wait() error {
	<-s.exited
	return s.exitErr
}

func startServe(t *testing.T, db string, slack *fakeslack.Server, extraEnv ...string) *server {
	t.Helper()
	s := &server{t: t, slack: slack, db: db, logs: newServeLog()}
	s.cmd = exec.Command(binary, "serve")
	s.cmd.Env = append(testEnv(), "SLACK_BOT_TOKEN=xoxb-e2e", "SLACK_SIGNING_SECRET="+testSecret, "SLACK_API_URL="+slack.APIURL(),
		"LISTEN_ADDR=127.0.0.1:0", "DATABASE_PATH="+db, "LOG_FORMAT=json")
	s.cmd.Env = append(s.cmd.Env, extraEnv...)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.exited = make(chan struct{})
	go func() { s.exitErr = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { s.cmd.Process.Kill(); <-s.exited })
	select {
	case s.addr = <-s.logs.addr:
		return s
	case <-s.exited:
	case <-time.After(30 * time.Second):
	}
	t.Fatalf("serve did not start serving; logs:\n%s", s.logs.String())
	return nil
}

func (s *server) post(path, contentType string, body []byte) int {
	s.t.Helper()
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, "http://"+s.addr+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	fakeslack.Sign(req.Header, testSecret, ts, body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (s *server) get(path string) string {
	s.t.Helper()
	resp, err := http.Get("http://" + s.addr + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return string(b)
}

func (s *server) channelCommand(user, channel, text string) {
	s.seq++
	form := url.Values{"team_id": {"T1"}, "user_id": {user}, "channel_id": {channel}, "command": {"/mock-interview"}, "text": {text},
		"trigger_id": {fmt.Sprintf("e2e-%d", s.seq)}, "response_url": {s.slack.ResponseURL(user)}}
	if code := s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode())); code != http.StatusOK {
		s.t.Fatalf("command %q: status %d", text, code)
	}
}

func (s *server) threadAnswer(user, channel, thread, text string) {
	s.seq++
	body := fakeslack.EventCallback("T1", fmt.Sprintf("EvE2E%d", s.seq), fakeslack.ThreadReply(user, channel, thread, text, s.slack.Now()))
	if code := s.post("/slack/events", "application/json", body); code != http.StatusOK {
		s.t.Fatalf("event: status %d", code)
	}
}

func (s *server) command(user, text string) {
	s.seq++
	form := url.Values{"team_id": {"T1"}, "user_id": {user}, "channel_id": {"C1"}, "command": {"/mock-interview"}, "text": {text},
		"trigger_id": {fmt.Sprintf("e2e-%d", s.seq)}, "response_url": {s.slack.ResponseURL(user)}}
	if code := s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode())); code != http.StatusOK {
		s.t.Fatalf("command %q: status %d", text, code)
	}
}

func (s *server) dm(user, text string) {
	s.seq++
	body := fakeslack.EventCallback("T1", fmt.Sprintf("EvE2E%d", s.seq), fakeslack.DM(user, text, s.slack.Now()))
	if code := s.post("/slack/events", "application/json", body); code != http.StatusOK {
		s.t.Fatalf("event: status %d", code)
	}
}

// questionPosts returns the DM posts that are questions ("[n] prompt").
func questionPosts(calls []fakeslack.Call, channel string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range calls {
		if c.Method == "chat.postMessage" && c.Channel == channel && strings.HasPrefix(c.Text, "[") {
			out = append(out, c)
		}
	}
	return out
}

// TestServePlaysAQuickInterview runs the real binary as a Slack bot and plays a whole
// quick interview through signed slash commands and DM events, then checks
// `report -format json` and a clean SIGTERM.
func TestServePlaysAQuickInterview(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	db := filepath.Join(t.TempDir(), "serve.db")
	srv := startServe(t, db, fs)
	byPrompt := bankByPrompt(t)

	srv.command("U1", "start quick")
	for n := 1; ; n++ {
		var q fakeslack.Call
		ok := fs.Wait(15*time.Second, func(calls []fakeslack.Call) bool {
			qs := questionPosts(calls, "DU1")
			if len(qs) >= n {
				q = qs[n-1]
				return true
			}
			for _, c := range calls {
				if c.Channel == "DU1" && strings.Contains(c.Text, "Overall score:") {
					return true
				}
			}
			return false
		})
		if !ok {
			t.Fatalf("no question %d; logs:\n%s", n, srv.logs.String())
		}
		if q.Text == "" {
			break // the report arrived
		}
		prompt := strings.SplitN(q.Params["text"].(string), " ", 2)[1]
		bq := byPrompt[prompt]
		if bq == nil {
			t.Fatalf("question %q is not in the bank", prompt)
		}
		srv.dm("U1", bq.Reference)
		if n > 10 {
			t.Fatal("a quick interview should end after 5 questions")
		}
	}
	metrics := srv.get("/metrics")
	for _, series := range []string{
		`mockinterview_http_requests_total{route="events",status="200"}`, `mockinterview_ack_seconds_bucket{route="commands"`,
		`mockinterview_answers_scored_total{scorer="keyword"} 5`, `mockinterview_grading_seconds_count{scorer="keyword"} 5`,
		`mockinterview_grading_failures_total 0`, `mockinterview_slack_api_calls_total{method="chat.postMessage",outcome="ok"}`, `mockinterview_db_wal_bytes`,
		`mockinterview_slack_rate_limited_total`, `mockinterview_slack_retries_total`, `mockinterview_qotd_posts_total 0`,
		`mockinterview_sessions_in_progress 0`, `process_resident_memory_bytes`,
	} {
		if !strings.Contains(metrics, series) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.wait(); err != nil {
		t.Fatalf("serve exited with %v after SIGTERM; logs:\n%s", err, srv.logs.String())
	}
	if strings.Contains(srv.logs.String(), "Generators") || strings.Contains(srv.logs.String(), "answer\":\"") {
		t.Errorf("logs contain answer text")
	}
	ss := reportJSON(t, db, "U1")
	if len(ss) != 1 || ss[0].Source != "slack" || ss[0].FinishedAt == nil || len(ss[0].Turns) != 5 {
		t.Fatalf("report: %+v", ss)
	}
	for _, tr := range ss[0].Turns {
		if tr.Score == nil || *tr.Score < 70 {
			t.Errorf("model answer to %s scored %v", tr.QuestionID, tr.Score)
		}
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"no token", nil, "SLACK_BOT_TOKEN is required"},
		{"user token", []string{"SLACK_BOT_TOKEN=xoxp-1"}, "SLACK_BOT_TOKEN must be a bot token"},
		{"no secret", []string{"SLACK_BOT_TOKEN=xoxb-1"}, "SLACK_SIGNING_SECRET is required"},
		{"bad app token", []string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_APP_TOKEN=xoxb-2"}, "SLACK_APP_TOKEN must be an app-level token"},
		{"bad listen", []string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_SIGNING_SECRET=s", "LISTEN_ADDR=3000"}, "LISTEN_ADDR"},
		{"bad log level", []string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_SIGNING_SECRET=s", "LOG_LEVEL=loud"}, "LOG_LEVEL"},
		{"bad api url", []string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_SIGNING_SECRET=s", "SLACK_API_URL=ftp://x"}, "SLACK_API_URL"},
		{"db dir missing", []string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_SIGNING_SECRET=s", "DATABASE_PATH=" + filepath.Join(dir, "no", "x.db")}, "DATABASE_PATH"},
		{"bad admin", []string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_SIGNING_SECRET=s", "ADMIN_USER_IDS=alice"}, "ADMIN_USER_IDS"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, "serve")
			cmd.Env = append(testEnv(), "DATABASE_PATH="+filepath.Join(dir, "x.db"))
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), tc.want) || strings.Count(strings.TrimSpace(string(out)), "\n") > 0 {
				t.Fatalf("exit %v, output %q; want exit 2 and one line naming %s", err, out, tc.want)
			}
		})
	}
	_ = os.Getpid
}

// TestServeQuestionOfTheDay subscribes a channel with an @every schedule through the
// real binary: questions arrive, an answer in the thread gets private feedback, the
// reveal lands in that question's thread, and an answer containing <!channel> is
// escaped in every post.
func TestServeQuestionOfTheDay(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	srv := startServe(t, filepath.Join(t.TempDir(), "qotd.db"), fs, "ADMIN_USER_IDS=UADMIN", "QOTD_MIN_EVERY=1s", "LOG_LEVEL=debug")
	srv.channelCommand("UPLEB", "C1", "qotd subscribe @every 2s")
	srv.channelCommand("UADMIN", "C1", "qotd subscribe @every 2s")
	var first fakeslack.Call
	if !fs.Wait(15*time.Second, func(calls []fakeslack.Call) bool {
		for _, c := range calls {
			if c.Method == "chat.postMessage" && c.Channel == "C1" && c.Thread == "" && strings.HasPrefix(c.Text, "Question of the day") {
				first = c
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no question of the day; logs:\n%s", srv.logs.String())
	}
	refused := false
	for _, c := range fs.Calls("response_url") {
		if c.Channel == "UPLEB" && strings.Contains(c.Text, "Only workspace admins") {
			refused = true
		}
	}
	if !refused {
		t.Errorf("a non-admin's subscribe was not refused")
	}
	srv.threadAnswer("UA", "C1", first.TS, "<!channel> the answer is generators, lazily yielding values")
	if !fs.Wait(10*time.Second, func(calls []fakeslack.Call) bool {
		for _, c := range calls {
			if c.Method == "chat.postEphemeral" && c.User == "UA" && c.Thread == first.TS && strings.Contains(c.Text, "Your answer scored") {
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no private feedback; calls %+v\nlogs:\n%s", fs.Calls("chat.postEphemeral"), srv.logs.String())
	}
	var reveal fakeslack.Call
	if !fs.Wait(15*time.Second, func(calls []fakeslack.Call) bool {
		for _, c := range calls {
			if c.Method == "chat.postMessage" && c.Thread == first.TS && strings.Contains(c.Text, "Model answer") {
				reveal = c
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no reveal in the first question's thread; logs:\n%s", srv.logs.String())
	}
	if !strings.Contains(reveal.Text, "<@UA>") || !strings.Contains(reveal.Text, "&lt;!channel&gt;") {
		t.Errorf("reveal %q: want the author mentioned and the answer escaped", reveal.Text)
	}
	for _, c := range fs.Calls("") {
		if strings.Contains(c.Text, "<!channel>") {
			t.Errorf("%s posted a live <!channel>: %q", c.Method, c.Text)
		}
	}
	srv.channelCommand("UADMIN", "C1", "qotd unsubscribe")
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.wait(); err != nil {
		t.Fatalf("serve exited with %v; logs:\n%s", err, srv.logs.String())
	}
}

// slowModel is an OpenAI-compatible server that grades every answer 91 after delay,
// and says when a request arrives.
func slowModel(t *testing.T, delay time.Duration) (*httptest.Server, chan struct{}) {
	arrived := make(chan struct{}, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		arrived <- struct{}{}
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json")
		content := `{"score": 91, "key_points": [], "feedback": "Solid answer. Mention a trade-off.", "instructs_grader": false}`
		json.NewEncoder(w).Encode(map[string]any{"id": "x", "object": "chat.completion", "model": "fake",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}}})
	}))
	t.Cleanup(srv.Close)
	return srv, arrived
}

// playDM answers each question of the user's quick interview with its model answer
// until the report arrives.
func playDM(t *testing.T, srv *server, fs *fakeslack.Server, user string, byPrompt map[string]*questions.Question) {
	t.Helper()
	dm := "D" + user
	for n := 1; n <= 6; n++ {
		var q fakeslack.Call
		done := false
		if !fs.Wait(30*time.Second, func(calls []fakeslack.Call) bool {
			qs := questionPosts(calls, dm)
			if len(qs) >= n {
				q = qs[n-1]
				return true
			}
			for _, c := range calls {
				if c.Channel == dm && strings.Contains(c.Text, "Overall score:") {
					done = true
					return true
				}
			}
			return false
		}) {
			t.Fatalf("no question %d; logs:\n%s", n, srv.logs.String())
		}
		if done {
			return
		}
		prompt := strings.SplitN(q.Params["text"].(string), " ", 2)[1]
		srv.dm(user, byPrompt[prompt].Reference)
	}
	t.Fatal("a quick interview should end after 5 questions")
}

// TestServeWithLLMGrader runs a Slack interview with the LLM grader configured
// against a fake OpenAI-compatible server: turns are graded by the model.
func TestServeWithLLMGrader(t *testing.T) {
	model, _ := slowModel(t, 0)
	fs := fakeslack.New()
	defer fs.Close()
	db := filepath.Join(t.TempDir(), "llm.db")
	srv := startServe(t, db, fs, "OPENAI_API_KEY=test-key", "OPENAI_BASE_URL="+model.URL+"/v1")
	srv.command("U1", "start quick")
	playDM(t, srv, fs, "U1", bankByPrompt(t))
	if !strings.Contains(srv.get("/metrics"), `mockinterview_answers_scored_total{scorer="llm"} 5`) {
		t.Errorf("metrics do not count 5 LLM gradings")
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	srv.wait()
	ss := reportJSON(t, db, "U1")
	if len(ss) != 1 || len(ss[0].Turns) != 5 {
		t.Fatalf("report %+v", ss)
	}
	for _, tr := range ss[0].Turns {
		if tr.Scorer != "llm" || tr.Score == nil || *tr.Score != 91 {
			t.Errorf("turn %s: scorer %s score %v; want llm 91", tr.QuestionID, tr.Scorer, tr.Score)
		}
	}
	if strings.Contains(srv.logs.String(), "test-key") {
		t.Errorf("the API key appears in the logs")
	}
}

// TestServeFinishesGradingOnSIGTERM sends SIGTERM while an answer is being graded:
// the grading finishes, the turn is recorded and its feedback posted, and serve exits 0.
func TestServeFinishesGradingOnSIGTERM(t *testing.T) {
	model, arrived := slowModel(t, 2*time.Second)
	fs := fakeslack.New()
	defer fs.Close()
	db := filepath.Join(t.TempDir(), "term.db")
	srv := startServe(t, db, fs, "OPENAI_API_KEY=k", "OPENAI_BASE_URL="+model.URL+"/v1", "LLM_TIMEOUT=20s")
	srv.command("U1", "start quick")
	if !fs.Wait(10*time.Second, func(calls []fakeslack.Call) bool { return len(questionPosts(calls, "DU1")) == 1 }) {
		t.Fatal("no first question")
	}
	// The model answer: the fake model's score is one the answer's evidence supports.
	first := questionPosts(fs.Calls(""), "DU1")[0].Text
	_, prompt, _ := strings.Cut(first, "] ")
	prompt, _, _ = strings.Cut(prompt, "\n")
	q := bankByPrompt(t)[strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(prompt)]
	if q == nil {
		t.Fatalf("first question %q is not in the bank", first)
	}
	srv.dm("U1", q.Reference)
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the answer never reached the model")
	}
	start := time.Now()
	srv.cmd.Process.Signal(syscall.SIGTERM)
	if err := srv.wait(); err != nil {
		t.Fatalf("exit %v after SIGTERM; logs:\n%s", err, srv.logs.String())
	}
	if time.Since(start) < time.Second {
		t.Errorf("exited before the grading could finish")
	}
	ss := reportJSON(t, db, "U1")
	if len(ss) != 1 || len(ss[0].Turns) != 1 || ss[0].Turns[0].Scorer != "llm" {
		t.Fatalf("after SIGTERM mid-grading: %+v; want the graded turn recorded", ss)
	}
	fb := false
	for _, c := range fs.Calls("chat.postMessage") {
		if c.Channel == "DU1" && strings.Contains(c.Text, "Score: 91/100") {
			fb = true
		}
	}
	if !fb {
		t.Errorf("the feedback of the graded answer was not posted before exit")
	}
}
