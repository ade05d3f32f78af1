package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/interview"
)

// TestFailedRevealIsRetriedAtTheNextSlot: a reveal whose post failed is not marked
// revealed, and the next slot posts it before its own question's reveal.
func TestFailedRevealIsRetriedAtTheNextSlot(t *testing.T) {
	h := newHarness(t)
	h.bot.Admins["UADMIN"] = true
	h.scheduler(&clock{time.Now()})
	h.channelCommand("UADMIN", "C1", "qotd now")
	first := qotdPosts(h.slack.Calls(""), "C1")[0]
	h.threadAnswer("UA", "C1", first.TS, "an answer")

	h.slack.FailNext("chat.postMessage", http.StatusBadRequest) // the reveal of the first question
	h.channelCommand("UADMIN", "C1", "qotd now")
	if n := len(reveals(h, first.TS)); n != 0 {
		t.Fatalf("%d reveals of the first question after a failed post; want 0", n)
	}
	p1, err := h.db.PostByMessage(context.Background(), "T1", "C1", first.TS)
	if err != nil {
		t.Fatal(err)
	}
	if p1.RevealedAt != nil {
		t.Fatal("the first question is marked revealed though its reveal was not posted")
	}
	posts := qotdPosts(h.slack.Calls(""), "C1")
	if len(posts) != 2 {
		t.Fatalf("%d questions posted; want the second one despite the failed reveal", len(posts))
	}

	h.channelCommand("UADMIN", "C1", "qotd now")
	if n := len(reveals(h, first.TS)); n != 1 {
		t.Fatalf("%d reveals of the first question at the next slot; want 1", n)
	}
	if n := len(reveals(h, posts[1].TS)); n != 1 {
		t.Fatalf("%d reveals of the second question; want 1", n)
	}
}

func reveals(h *harness, thread string) []string {
	var out []string
	for _, c := range h.slack.Calls("chat.postMessage") {
		if c.Thread == thread && strings.Contains(c.Text, "Model answer") {
			out = append(out, c.Text)
		}
	}
	return out
}

// TestSummaryOffStopsEveryChannelsSummary: the weekly summary follows the bot's
// setting, not a copy made when the channel subscribed.
func TestSummaryOffStopsEveryChannelsSummary(t *testing.T) {
	h := newHarness(t)
	c := &clock{time.Date(2026, 11, 30, 9, 0, 5, 0, time.UTC)} // a Monday
	s := h.scheduler(c)
	s.Summary = ""
	sch := schedule("CRON_TZ=UTC 0 9 * * *")
	sch.SummarySpec = "CRON_TZ=UTC 0 9 * * 1" // as an older version stored it
	if err := s.Fire(context.Background(), sch, interview.PostSummary); err != nil {
		t.Fatal(err)
	}
	for _, call := range h.slack.Calls("chat.postMessage") {
		if strings.Contains(call.Text, "leaderboard") {
			t.Fatalf("a summary was posted with QOTD_SUMMARY off: %q", call.Text)
		}
	}
	if d := s.Describe(sch); strings.Contains(d, "weekly leaderboard") {
		t.Fatalf("the schedule is described with a summary: %q", d)
	}
}

// TestQOTDNowShowsNoInternalErrorText: a failure to post is an apology, not the
// Web API's error text.
func TestQOTDNowShowsNoInternalErrorText(t *testing.T) {
	h := newHarness(t)
	h.bot.Admins["UADMIN"] = true
	h.scheduler(&clock{time.Now()})
	h.slack.FailNext("chat.postMessage", http.StatusBadRequest)
	h.channelCommand("UADMIN", "C1", "qotd now")
	last := lastResponse(h)
	if last == "" {
		t.Fatal("no reply to qotd now")
	}
	for _, leak := range []string{"400", "status", "chat.postMessage", "slack"} {
		if strings.Contains(strings.ToLower(last), leak) {
			t.Fatalf("reply %q shows internal error text %q", last, leak)
		}
	}
	if !strings.Contains(last, "Sorry") {
		t.Fatalf("reply %q; want an apology", last)
	}
}

// TestSocketModeLeavesUnrecordedEnvelopesUnacknowledged: an envelope the bot could
// not store is not acknowledged, so Slack redelivers it.
func TestSocketModeLeavesUnrecordedEnvelopesUnacknowledged(t *testing.T) {
	h := newHarness(t)
	h.db.Close() // every write now fails
	acker := &fakeAcker{}
	ev := eventBody("EvLost", "U1", "an answer", h.slack.Now())
	h.bot.HandleSocketEvent(t.Context(), socketmode.Event{Type: socketmode.EventTypeEventsAPI,
		Request: &socketmode.Request{Type: "events_api", EnvelopeID: "env-lost", Payload: json.RawMessage(ev)}}, acker)
	if len(acker.acked) != 0 {
		t.Fatalf("acknowledged %v though the delivery was not recorded", acker.acked)
	}
}

func TestInstanceIDNamesHostAndPID(t *testing.T) {
	id := bot.InstanceID()
	host, _ := os.Hostname()
	if !strings.Contains(id, strconv.Itoa(os.Getpid())) || (host != "" && !strings.Contains(id, host)) {
		t.Fatalf("instance id %q; want host %q and pid %d", id, host, os.Getpid())
	}
}

func TestScheduleInWords(t *testing.T) {
	h := newHarness(t)
	s := h.scheduler(&clock{time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)})
	for spec, want := range map[string]string{
		"CRON_TZ=Europe/Berlin 30 9 * * 1-5": "every weekday at 09:30 (Europe/Berlin)",
		"CRON_TZ=UTC 0 18 * * MON,WED,FRI":   "every Monday, Wednesday, Friday at 18:00 (UTC)",
		"CRON_TZ=Asia/Tokyo 5 7 * * *":       "every day at 07:05 (Asia/Tokyo)",
		"@every 2h":                          "every 2h",
		"CRON_TZ=Europe/London 0 9 1 * *":    "a custom schedule (Europe/London)",
	} {
		if got := s.Describe(schedule(spec)); !strings.Contains(got, want) || !strings.Contains(got, spec) {
			t.Errorf("%q described as %q; want %q and the spec", spec, got, want)
		}
	}
}
