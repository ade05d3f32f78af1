package bot_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack/socketmode"
)

type fakeAcker struct {
	mu    sync.Mutex
	acked []string
	reply []any
}

func (a *fakeAcker) Ack(req socketmode.Request, payload ...any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.acked = append(a.acked, req.EnvelopeID)
	if len(payload) > 0 {
		a.reply = append(a.reply, payload[0])
	}
	return nil
}

// TestSocketModeUsesTheSameHandlers dispatches Socket Mode envelopes (a slash
// command, a DM event delivered twice, a button) through the bot: each is
// acknowledged, and the interview advances exactly as over HTTP.
func TestSocketModeUsesTheSameHandlers(t *testing.T) {
	h := newHarness(t)
	acker := &fakeAcker{}
	ctx := t.Context()
	cmd, _ := json.Marshal(map[string]any{"team_id": "T1", "user_id": "U7", "channel_id": "C1", "command": "/mock-interview",
		"text": "start quick", "trigger_id": "sock-trig-1", "response_url": h.slack.ResponseURL("s")})
	h.bot.HandleSocketEvent(ctx, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Request: &socketmode.Request{Type: "slash_commands", EnvelopeID: "env-1", Payload: cmd}}, acker)
	h.idle()
	q := h.bank.Question(h.pending("U7").QuestionID)
	ev := eventBody("EvSock1", "U7", q.Reference, h.slack.Now())
	for i := 0; i < 2; i++ { // Socket Mode re-sends an envelope it thinks was lost
		h.bot.HandleSocketEvent(ctx, socketmode.Event{Type: socketmode.EventTypeEventsAPI, Request: &socketmode.Request{Type: "events_api", EnvelopeID: fmt.Sprintf("env-2-%d", i), Payload: ev}}, acker)
	}
	h.idle()
	s, turns := h.session("U7")
	if len(turns) != 1 || *turns[0].Score < 70 {
		t.Fatalf("%d turns after a re-sent envelope; want 1 scored answer", len(turns))
	}
	press, _ := json.Marshal(map[string]any{"type": "block_actions", "team": map[string]string{"id": "T1"}, "user": map[string]string{"id": "U7"},
		"channel": map[string]string{"id": "DU7"}, "actions": []map[string]string{{"type": "button", "block_id": "b", "action_id": "end", "value": fmt.Sprintf("%d:2", s.ID), "action_ts": "9.9"}}})
	h.bot.HandleSocketEvent(ctx, socketmode.Event{Type: socketmode.EventTypeInteractive, Request: &socketmode.Request{Type: "interactive", EnvelopeID: "env-3", Payload: press}}, acker)
	h.idle()
	if s, _ := h.session("U7"); s.Status != "finished" {
		t.Fatalf("End button over Socket Mode: session %s", s.Status)
	}
	if len(acker.acked) != 4 {
		t.Fatalf("%d envelopes acknowledged; want 4", len(acker.acked))
	}
	if b, _ := json.Marshal(acker.reply); !strings.Contains(string(b), "Starting your interview") {
		t.Fatalf("slash command ack payload %s", b)
	}
	if !contains(h.posts("DU7"), "Overall score:") {
		t.Fatal("no report")
	}
	_ = http.StatusOK
}
