package bot_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
)

func TestRefusesForgedAndStaleRequests(t *testing.T) {
	h := newHarness(t)
	body := eventBody("EvForged", "U1", "hello", "1.0")
	cases := []struct {
		name   string
		ts     int64
		secret string
	}{
		{"forged signature", time.Now().Unix(), "not-the-secret"},
		{"stale timestamp", time.Now().Add(-6 * time.Minute).Unix(), secret},
		{"future timestamp", time.Now().Add(6 * time.Minute).Unix(), secret},
	}
	for _, tc := range cases {
		for _, path := range []string{"/slack/events", "/slack/commands", "/slack/interactions"} {
			status(t, h.postSigned(path, "application/json", body, tc.ts, tc.secret), http.StatusUnauthorized)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/events", bytes.NewReader(body))
	status(t, mustDo(t, req), http.StatusUnauthorized) // no signature at all
	if n := h.inboxCount(); n != 0 {
		t.Fatalf("%d deliveries recorded from refused requests; want 0", n)
	}
	if calls := h.slack.Calls(""); len(calls) > 1 { // auth.test at start
		t.Fatalf("refused requests led to Slack calls: %v", calls)
	}
}

func mustDo(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t)
	body := []byte(`{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}`)
	got := status(t, h.postSigned("/slack/events", "application/json", body, time.Now().Unix(), secret), http.StatusOK)
	if !strings.Contains(got, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") {
		t.Fatalf("challenge not echoed: %s", got)
	}
}

func TestOversizedAndMalformedBodies(t *testing.T) {
	h := newHarness(t)
	big := bytes.Repeat([]byte("a"), 1<<20+1)
	status(t, h.postSigned("/slack/events", "application/json", big, time.Now().Unix(), secret), http.StatusRequestEntityTooLarge)
	status(t, h.postSigned("/slack/events", "application/json", []byte(`{"type": "event_callback", "event_id": `), time.Now().Unix(), secret), http.StatusBadRequest)
	status(t, h.postSigned("/slack/events", "application/json", []byte(`{"type": "event_callback", "event": {"type": "message"}}`), time.Now().Unix(), secret), http.StatusBadRequest)
	status(t, h.postSigned("/slack/interactions", "application/x-www-form-urlencoded", []byte("payload=%7Bnot-json"), time.Now().Unix(), secret), http.StatusBadRequest)
	status(t, h.postSigned("/slack/interactions", "application/x-www-form-urlencoded", []byte("nopayload=1"), time.Now().Unix(), secret), http.StatusBadRequest)
	status(t, h.postSigned("/slack/commands", "application/x-www-form-urlencoded", []byte("text=start&%zz"), time.Now().Unix(), secret), http.StatusBadRequest)
	status(t, h.postSigned("/slack/commands", "application/x-www-form-urlencoded", []byte("text=start"), time.Now().Unix(), secret), http.StatusBadRequest)
	if n := h.inboxCount(); n != 0 {
		t.Fatalf("%d deliveries recorded from bad bodies; want 0", n)
	}
}

func TestHelpIsTheAcknowledgement(t *testing.T) {
	h := newHarness(t)
	for _, text := range []string{"", "help", "frobnicate"} {
		got := status(t, h.command("U1", text), http.StatusOK)
		var reply map[string]string
		if err := json.Unmarshal([]byte(got), &reply); err != nil || reply["response_type"] != "ephemeral" || !strings.Contains(reply["text"], "/mock-interview start") {
			t.Fatalf("%q: ack %s; want the usage, ephemeral", text, got)
		}
	}
}

// playQuick runs a quick interview for the user to its report, answering each
// question with its model answer, and returns the DM posts.
func (h *harness) playQuick(user string) {
	h.t.Helper()
	status(h.t, h.command(user, "start quick"), http.StatusOK)
	dm := "D" + user
	for i := 0; i < 10; i++ {
		h.idle()
		s, _ := h.session(user)
		if s.Status == "finished" {
			return
		}
		q := h.bank.Question(s.State.Pending.QuestionID)
		status(h.t, h.dm(user, q.Reference), http.StatusOK)
	}
	h.idle()
	if !contains(h.posts(dm), "Overall score:") {
		h.t.Fatalf("no report in the DM")
	}
}

func TestQuickInterviewInTheDM(t *testing.T) {
	h := newHarness(t)
	h.playQuick("U1")
	s, turns := h.session("U1")
	if s.Status != "finished" || len(turns) != 5 {
		t.Fatalf("session %s with %d turns; want finished with 5", s.Status, len(turns))
	}
	for _, tr := range turns {
		if tr.Score == nil || *tr.Score < 70 {
			t.Errorf("model answer to %s scored %v", tr.QuestionID, tr.Score)
		}
	}
	posts := h.posts("DU1")
	last := posts[len(posts)-1]
	lines := strings.Split(strings.TrimSpace(last.Text), "\n")
	if !strings.Contains(lines[len(lines)-1], fmt.Sprintf("Overall score: %d/100", *s.Score)) {
		t.Fatalf("last DM line %q; want the overall score", lines[len(lines)-1])
	}
	if !contains(posts, "[1/5] ") || !contains(posts, "Score: ") {
		t.Fatalf("questions with progress and feedback missing from the DM")
	}
	// Each question is posted once.
	seen := map[string]int{}
	for _, p := range posts {
		if strings.HasPrefix(p.Text, "[") {
			seen[strings.SplitN(p.Text, " ", 2)[0]]++
		}
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("question %s posted %d times", k, n)
		}
	}
}

func TestSameEventThreeTimesRecordsOneTurn(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	body := eventBody("EvRetried", "U1", "Generators are lazy iterators produced by yield.", h.slack.Now())
	for i := 0; i < 3; i++ {
		status(t, h.postSigned("/slack/events", "application/json", body, time.Now().Unix(), secret, "X-Slack-Retry-Num", fmt.Sprint(i), "X-Slack-Retry-Reason", "http_timeout"), http.StatusOK)
	}
	h.idle()
	_, turns := h.session("U1")
	if len(turns) != 1 {
		t.Fatalf("%d turns after one event delivered three times; want 1", len(turns))
	}
	if fb := h.feedbackPosts("DU1"); fb != 1 {
		t.Fatalf("%d feedback posts; want 1", fb)
	}
}

func TestTwoAnswersAtOnce(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	first := h.pending("U1")
	var wg sync.WaitGroup
	for _, text := range []string{"first answer about the topic", "second answer about the topic"} {
		wg.Add(1)
		go func() { defer wg.Done(); status(t, h.dm("U1", text), http.StatusOK) }()
	}
	wg.Wait()
	h.idle()
	_, turns := h.session("U1")
	if len(turns) != 1 {
		t.Fatalf("%d turns from two answers sent together; want 1 (the second never saw its question)", len(turns))
	}
	if turns[0].QuestionID != first.QuestionID {
		t.Fatalf("turn answers %s; want the question that was asked, %s", turns[0].QuestionID, first.QuestionID)
	}
	if !contains(h.posts("DU1"), "arrived while I was scoring") {
		t.Fatalf("the second answer got no explanation")
	}
	if p := h.pending("U1"); p.Number != 2 {
		t.Fatalf("pending question %d; want 2", p.Number)
	}
}

func TestButtonOfSomeoneElseIsRefused(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	s, _ := h.session("U1")
	value := fmt.Sprintf("%d:%d", s.ID, 1)
	status(t, h.press("U2", "skip", value), http.StatusOK)
	h.idle()
	if _, turns := h.session("U1"); len(turns) != 0 {
		t.Fatalf("another user's Skip recorded %d turns", len(turns))
	}
	refused := false
	for _, c := range h.slack.Calls("chat.postEphemeral") {
		if c.User == "U2" && strings.Contains(c.Text, "not your interview") {
			refused = true
		}
	}
	if !refused {
		t.Fatalf("the other user was not told")
	}
	// The owner's double click skips once.
	status(t, h.press("U1", "skip", value), http.StatusOK)
	status(t, h.press("U1", "skip", value), http.StatusOK)
	h.idle()
	if _, turns := h.session("U1"); len(turns) != 1 || !turns[0].Skipped {
		t.Fatalf("double-clicked Skip: %d turns; want 1 skipped", len(turns))
	}
}

func TestRateLimitedPostIsDeliveredOnceLater(t *testing.T) {
	h := newHarness(t)
	clock := &fakeClock{now: time.Now()}
	h.bot.Sender.Clock = clock
	h.slack.FailNext("chat.postMessage", http.StatusTooManyRequests)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	posts := h.posts("DU1")
	if len(posts) != 2 { // intro and question 1
		t.Fatalf("%d posts; want 2 (each delivered once)", len(posts))
	}
	limited := h.slack.Calls("chat.postMessage:429")
	if len(limited) != 1 {
		t.Fatalf("%d rate-limited calls; want 1", len(limited))
	}
	if w := clock.waited(); len(w) == 0 || w[0] < time.Second {
		t.Fatalf("waits %v; want the retry to wait Retry-After (1s)", w)
	}
	h.slack.FailNext("chat.postMessage", http.StatusInternalServerError, http.StatusBadGateway)
	status(t, h.dm("U1", "skip"), http.StatusOK)
	h.idle()
	if n := len(h.posts("DU1")); n != 4 {
		t.Fatalf("%d posts after 5xx retries; want 4", n)
	}
}

func TestRestartMidInterviewContinues(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	status(t, h.dm("U1", "first answer: decorators wrap functions"), http.StatusOK)
	h.idle()
	before := h.pending("U1")
	h.stop()
	h.start()
	q := h.bank.Question(before.QuestionID)
	status(t, h.dm("U1", q.Reference), http.StatusOK)
	h.idle()
	_, turns := h.session("U1")
	if len(turns) != 2 || turns[1].QuestionID != before.QuestionID || *turns[1].Score < 70 {
		t.Fatalf("after restart: %d turns; want the pending question %s answered", len(turns), before.QuestionID)
	}
}

func TestReplayAfterCrashDoesNotDoubleRecord(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	ts := h.slack.Now()
	status(t, h.postSigned("/slack/events", "application/json", eventBody("EvCrash", "U1", "an answer", ts), time.Now().Unix(), secret), http.StatusOK)
	h.idle()
	// Simulate a crash after the work but before the delivery was marked done: the
	// restarted bot replays it.
	h.stop()
	db := mustReopen(t, h.path)
	mustExec(t, db, `UPDATE inbox SET done_at = NULL, payload = ? WHERE kind = 'message'`, string(eventBodyEvent("U1", "an answer", ts)))
	db.Close()
	h.start()
	h.idle()
	_, turns := h.session("U1")
	if len(turns) != 1 {
		t.Fatalf("%d turns after a replay; want 1", len(turns))
	}
	if fb := h.feedbackPosts("DU1"); fb != 1 {
		t.Fatalf("%d feedback posts after a replay; want 1", fb)
	}
}

func TestCVNameIsEscaped(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "cv add <!channel> & <@U999|boss>: Chat app on websockets with Redis"), http.StatusOK)
	status(t, h.command("U1", "cv list"), http.StatusOK)
	h.idle()
	calls := h.slack.Calls("response_url")
	if len(calls) != 2 {
		t.Fatalf("%d replies; want 2", len(calls))
	}
	for _, c := range calls {
		if strings.Contains(c.Text, "<!channel>") || strings.Contains(c.Text, "<@U999") {
			t.Fatalf("reply echoes a live mention: %q", c.Text)
		}
		if !strings.Contains(c.Text, "&lt;!channel&gt; &amp; &lt;@U999|boss&gt;") {
			t.Fatalf("reply %q does not show the escaped name", c.Text)
		}
	}
	if !strings.Contains(calls[1].Text, "websockets") {
		t.Fatalf("tags not inferred: %q", calls[1].Text)
	}
}

func TestForgetNeedsConfirmationByTheUser(t *testing.T) {
	h := newHarness(t)
	h.playQuick("U1")
	h.scheduler(&clock{time.Now()})
	if err := h.bot.Schedules.PostNow(t.Context(), "T1", "C1", "now:1"); err != nil {
		t.Fatal(err)
	}
	h.threadAnswer("U1", "C1", qotdPosts(h.slack.Calls(""), "C1")[0].TS, "an answer in the channel")
	status(t, h.command("U1", "forget"), http.StatusOK)
	h.idle()
	status(t, h.press("U2", "forget_confirm", "U1"), http.StatusOK)
	h.idle()
	h.session("U1") // still there
	status(t, h.press("U1", "forget_confirm", "U1"), http.StatusOK)
	h.idle()
	if _, err := h.db.FindUser(t.Context(), "slack", "T1", "U1"); err == nil {
		t.Fatalf("user still stored after forget")
	}
	if answers, _ := h.db.TeamAnswers(t.Context(), "T1", time.Time{}, ""); len(answers) != 0 {
		t.Fatalf("%d answers of the forgotten user remain", len(answers))
	}
}

func TestStatsAndHome(t *testing.T) {
	h := newHarness(t)
	h.playQuick("U1")
	status(t, h.command("U2", "stats <@U1|alice>"), http.StatusOK)
	body := fakeslack.EventCallback("T1", "EvHome", map[string]any{"type": "app_home_opened", "user": "U1", "tab": "home"})
	status(t, h.postSigned("/slack/events", "application/json", body, time.Now().Unix(), secret), http.StatusOK)
	h.idle()
	if c := h.slack.Calls("response_url"); len(c) != 1 || !strings.Contains(c[0].Text, "quick plan") {
		t.Fatalf("stats reply %v", c)
	}
	views := h.slack.Calls("views.publish")
	if len(views) != 1 || views[0].User != "U1" || !strings.Contains(views[0].Text, "Start a quick interview") || !strings.Contains(views[0].Text, "Weakest stages") {
		t.Fatalf("home view %v", views)
	}
}

func TestResponseURLMustBeSlack(t *testing.T) {
	h := newHarness(t)
	form := url.Values{"team_id": {"T1"}, "user_id": {"U1"}, "channel_id": {"C1"}, "command": {"/mock-interview"}, "text": {"cv list"},
		"trigger_id": {"trig-x"}, "response_url": {"http://169.254.169.254/latest/meta-data"}}
	status(t, h.postSigned("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now().Unix(), secret), http.StatusOK)
	h.idle()
	if len(h.slack.Calls("response_url")) != 0 || len(h.slack.Calls("chat.postEphemeral")) != 1 {
		t.Fatalf("reply did not fall back to chat.postEphemeral")
	}
}

func TestHealthz(t *testing.T) {
	h := newHarness(t)
	resp, err := http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	status(t, resp, http.StatusOK)
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("no X-Request-Id")
	}
	h.db.Close() // the database is gone
	resp, err = http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	status(t, resp, http.StatusServiceUnavailable)
}
