package bot_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/store"
)

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

// harness is a bot on a real SQLite file, its real HTTP handlers on a local server,
// and the real slack-go client pointed at a fake Slack Web API.
type harness struct {
	t      testing.TB
	path   string
	db     *store.DB
	bot    *bot.Bot
	srv    *httptest.Server
	slack  *fakeslack.Server
	bank   *questions.Bank
	events atomic.Int64
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "bot.db"), slack: fakeslack.New()}
	t.Cleanup(h.slack.Close)
	var err error
	if h.bank, err = questions.Load(); err != nil {
		t.Fatal(err)
	}
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start() {
	h.t.Helper()
	var err error
	if h.db, err = store.Open(context.Background(), h.path); err != nil {
		h.t.Fatal(err)
	}
	engine := interview.NewEngine(h.bank, h.db, scoring.NewKeywordScorer(h.bank))
	api := slack.New("xoxb-test", slack.OptionAPIURL(h.slack.APIURL()))
	h.bot = bot.New(engine, stores(h.db), api, nil)
	h.bot.SigningSecret = secret
	h.bot.Sender.Pace = 0
	h.bot.ResponseHosts = bot.ResponseHostsFor(h.slack.APIURL())
	if err := h.bot.Start(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.srv = httptest.NewServer(h.bot.Handler())
}

// stores backs every store interface of the bot with one database.
func stores(db *store.DB) bot.Stores {
	return bot.Stores{Inbox: db, Outbox: db, Users: db, Stats: db, Schedules: db, Health: db}
}

func (h *harness) stop() {
	if h.srv == nil {
		return
	}
	h.srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h.bot.Close(ctx)
	h.db.Close()
	h.srv = nil
}

func (h *harness) postSigned(path, contentType string, body []byte, ts int64, secret string, headers ...string) *http.Response {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	fakeslack.Sign(req.Header, secret, ts, body) // exactly as Slack signs
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

func (h *harness) command(user, text string) *http.Response {
	form := url.Values{"team_id": {"T1"}, "user_id": {user}, "channel_id": {"C1"}, "command": {"/mock-interview"}, "text": {text},
		"trigger_id": {fmt.Sprintf("trig-%d", h.events.Add(1))}, "response_url": {h.slack.ResponseURL("r" + user)}}
	return h.postSigned("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now().Unix(), secret)
}

func eventBody(id, user, text, ts string) []byte {
	return fakeslack.EventCallback("T1", id, fakeslack.DM(user, text, ts))
}

// dm sends a DM message event as Slack would, stamped with the fake's clock.
func (h *harness) dm(user, text string) *http.Response {
	id := fmt.Sprintf("Ev%d", h.events.Add(1))
	return h.postSigned("/slack/events", "application/json", eventBody(id, user, text, h.slack.Now()), time.Now().Unix(), secret)
}

func (h *harness) press(user, actionID, value string) *http.Response {
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]string{"id": "T1"}, "user": map[string]string{"id": user},
		"channel":      map[string]string{"id": "D" + user},
		"response_url": h.slack.ResponseURL("a" + user),
		"actions": []map[string]string{{"type": "button", "block_id": "b1", "action_id": actionID, "value": value,
			"action_ts": fmt.Sprintf("%d.1", h.events.Add(1))}},
	})
	body := url.Values{"payload": {string(payload)}}.Encode()
	return h.postSigned("/slack/interactions", "application/x-www-form-urlencoded", []byte(body), time.Now().Unix(), secret)
}

func status(t testing.TB, resp *http.Response, want int) string {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("status %d (%s); want %d", resp.StatusCode, b, want)
	}
	return string(b)
}

// posts returns the chat.postMessage calls to a channel.
func (h *harness) posts(channel string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range h.slack.Calls("chat.postMessage") {
		if c.Channel == channel {
			out = append(out, c)
		}
	}
	return out
}

// waitPosts waits until the channel has at least n posts.
func (h *harness) waitPosts(channel string, n int) []fakeslack.Call {
	h.t.Helper()
	if !h.slack.Wait(10*time.Second, func([]fakeslack.Call) bool { return len(h.posts(channel)) >= n }) {
		h.t.Fatalf("channel %s has %d posts; want %d:\n%v", channel, len(h.posts(channel)), n, h.posts(channel))
	}
	return h.posts(channel)
}

// idle waits until the bot has handled everything it accepted.
func (h *harness) idle() {
	h.t.Helper()
	select {
	case <-h.bot.Idle():
	case <-time.After(30 * time.Second):
		h.t.Fatal("bot did not finish its work")
	}
}

func (h *harness) session(user string) (*interview.Session, []*interview.Turn) {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.db.FindUser(ctx, interview.SourceSlack, "T1", user)
	if err != nil {
		h.t.Fatalf("user %s: %v", user, err)
	}
	ss, err := h.db.UserSessions(ctx, u.ID, 1)
	if err != nil || len(ss) == 0 {
		h.t.Fatalf("no session for %s: %v", user, err)
	}
	turns, err := h.db.Turns(ctx, ss[0].ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return ss[0], turns
}

// feedbackPosts counts the score messages posted to a channel.
func (h *harness) feedbackPosts(channel string) int {
	n := 0
	for _, p := range h.posts(channel) {
		if strings.HasPrefix(p.Text, "Score:") {
			n++
		}
	}
	return n
}

func (h *harness) inboxCount() int {
	h.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+h.path+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM inbox`).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *harness) pending(user string) *interview.Pending {
	s, _ := h.session(user)
	return s.State.Pending
}

func contains(calls []fakeslack.Call, s string) bool {
	for _, c := range calls {
		if strings.Contains(c.Text, s) {
			return true
		}
	}
	return false
}
