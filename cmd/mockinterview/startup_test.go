package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/inbox"
	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/store"
)

// TestStartReplaysQOTDDeliveriesWiredBeforehand runs serve through Main on
// 127.0.0.1:0 over a database that holds a thread answer and a `qotd` command a
// previous process accepted but never handled. Both are replayed at start and find
// the question of the day wired: before, the scheduler was attached after the replay
// began (a data race under -race) and the answer could be dropped.
func TestStartReplaysQOTDDeliveriesWiredBeforehand(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "replay.db")
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	q := bank.Stages[0].Questions[0]
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	post := &interview.ChannelPost{TeamID: "T1", ChannelID: "C1", Slot: "2026-12-01T09:00", Kind: interview.PostQuestion, QuestionID: q.ID, ClaimedBy: "old/1", ClaimedAt: time.Now().UTC()}
	if _, err := db.ClaimSlot(ctx, post); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkPosted(ctx, post.ID, "1700000000.000100"); err != nil {
		t.Fatal(err)
	}
	thread, _ := json.Marshal(map[string]string{"type": "message", "user": "UA", "channel": "C1", "channel_type": "channel",
		"text": q.Reference, "ts": "1700000100.000100", "thread_ts": "1700000000.000100"})
	command, _ := json.Marshal(map[string]string{"team_id": "T1", "user_id": "UA", "channel_id": "C1", "command": "/mock-interview",
		"text": "qotd", "trigger_id": "trig-replay", "response_url": fs.ResponseURL("replay")})
	for _, d := range []*inbox.Delivery{
		{Key: "event:EvReplay", Kind: "thread", TeamID: "T1", UserID: "UA", ChannelID: "C1", Payload: thread, ReceivedAt: time.Now().UTC()},
		{Key: "command:trig-replay", Kind: "command", TeamID: "T1", UserID: "UA", ChannelID: "C1", Payload: command, ReceivedAt: time.Now().UTC()},
	} {
		if _, err := db.AcceptInbound(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-replay", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fs.APIURL(),
		"LISTEN_ADDR": "127.0.0.1:0", "DATABASE_PATH": path, "LOG_FORMAT": "json"}
	var logs bytes.Buffer
	m := NewMain()
	m.Getenv, m.Out = func(k string) string { return env[k] }, &logs
	if code, err := m.ParseFlags(nil, IO{Out: io.Discard, Err: io.Discard, Getenv: m.Getenv}); err != nil || code >= 0 {
		t.Fatalf("ParseFlags: %d %v", code, err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	select {
	case <-m.Bot.Idle():
	case <-time.After(30 * time.Second):
		t.Fatal("the replayed deliveries were not handled")
	}

	var feedback []fakeslack.Call
	for _, c := range fs.Calls("chat.postEphemeral") {
		if c.User == "UA" && strings.Contains(c.Text, "Your answer scored") {
			feedback = append(feedback, c)
		}
	}
	if len(feedback) != 1 {
		t.Fatalf("%d private feedbacks for the replayed thread answer; want 1\nlogs:\n%s", len(feedback), logs.String())
	}
	answers, err := m.DB.ChannelAnswers(ctx, post.ID)
	if err != nil || len(answers) != 1 {
		t.Fatalf("stored answers %v, %v; want the replayed one", answers, err)
	}
	var replies []string
	for _, c := range fs.Calls("response_url") {
		replies = append(replies, c.Text)
	}
	if len(replies) != 1 || strings.Contains(replies[0], "not running") {
		t.Fatalf("replies to the replayed qotd command: %q; want the channel's schedule, not \"not running\"", replies)
	}
	resp, err := http.Get("http://" + m.Addr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz on the bound address: %d", resp.StatusCode)
	}
}
