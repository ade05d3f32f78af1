package bot_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
)

// TestPostInDoubtIsNotDoubled: when Slack processes a post but the bot never hears
// back (the answer comes after the call timeout, or the connection is closed), the
// retry finds the post in the conversation's history by its metadata and does not
// post it again.
func TestPostInDoubtIsNotDoubled(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault fakeslack.Fault
	}{
		{"answered after the timeout", fakeslack.Fault{Delay: 300 * time.Millisecond}},
		{"connection closed after processing", fakeslack.Fault{Drop: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, fs, c := newSender(t)
			s.Timeout = 100 * time.Millisecond
			fs.FaultAfter("chat.postMessage", func(n int) fakeslack.Fault {
				if n == 1 {
					return tc.fault
				}
				return fakeslack.Fault{}
			})
			ts, err := s.Post(context.Background(), "q:1:1", "D1", slack.MsgOptionText("[1] a question", false))
			if err != nil {
				t.Fatal(err)
			}
			posts := postsIn(fs, "D1")
			if len(posts) != 1 {
				t.Fatalf("%d posts; want 1 (found in the history, not posted again)", len(posts))
			}
			if ts != posts[0].TS {
				t.Fatalf("ts %q; want the delivered post's %q", ts, posts[0].TS)
			}
			if len(fs.Calls("conversations.history")) == 0 {
				t.Fatal("the history was not searched")
			}
			c.waited()
			// Posting again under the key returns the recorded post.
			again, err := s.Post(context.Background(), "q:1:1", "D1", slack.MsgOptionText("[1] a question", false))
			if err != nil || again != ts || len(postsIn(fs, "D1")) != 1 {
				t.Fatalf("second post: %q %v, %d posts; want the same ts and still one post", again, err, len(postsIn(fs, "D1")))
			}
		})
	}
}

// TestPostInDoubtAfterACrashIsResolved: a key recorded in doubt by a process that died
// mid-call is looked up before anything is posted again.
func TestPostInDoubtAfterACrashIsResolved(t *testing.T) {
	s, fs, _ := newSender(t)
	if _, _, err := s.API.PostMessageContext(context.Background(), "D1", slack.MsgOptionText("[2] shown before the crash", false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "mockinterview_post", EventPayload: map[string]any{"key": "q:1:2"}})); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox.RecordSent(context.Background(), "q:1:2", "D1", ""); err != nil { // in doubt
		t.Fatal(err)
	}
	ts, delivered, err := s.Resolve(context.Background(), "q:1:2", "D1")
	if err != nil || !delivered || ts == "" {
		t.Fatalf("resolve: %q %v %v; want the post found", ts, delivered, err)
	}
	if _, err := s.Post(context.Background(), "q:1:2", "D1", slack.MsgOptionText("[2] shown before the crash", false)); err != nil {
		t.Fatal(err)
	}
	if n := len(postsIn(fs, "D1")); n != 1 {
		t.Fatalf("%d posts; want the one from before the crash only", n)
	}
}

// TestRefusedPostIsNotInDoubt: a post Slack refused is known not delivered, so it
// leaves no mark that would make a later answer count for it.
func TestRefusedPostIsNotInDoubt(t *testing.T) {
	s, fs, _ := newSender(t)
	fs.FailNext("chat.postMessage", http.StatusBadRequest)
	if _, err := s.Post(context.Background(), "q:1:3", "D1", slack.MsgOptionText("x", false)); err == nil {
		t.Fatal("a refused post succeeded")
	}
	if _, ok, _ := s.Outbox.SentMessage(context.Background(), "q:1:3"); ok {
		t.Fatal("a refused post is still recorded (in doubt)")
	}
}

// TestAnswerAfterAQuestionInDoubtCounts: the candidate saw the question (Slack
// showed it) though the bot never heard back; their answer is recorded against it,
// not discarded as early, and the question is not posted twice.
func TestAnswerAfterAQuestionInDoubtCounts(t *testing.T) {
	h := newHarness(t)
	h.bot.Sender.Timeout = 200 * time.Millisecond
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()
	// The next question's post is processed by Slack but answered only after the
	// bot's timeout.
	h.slack.FaultAfter("chat.postMessage", func(n int) fakeslack.Fault { return fakeslack.Fault{Delay: 400 * time.Millisecond} })
	status(t, h.dm("U1", "first answer: decorators wrap functions"), http.StatusOK)
	h.idle()
	h.slack.FaultAfter("chat.postMessage", nil)
	status(t, h.dm("U1", "second answer: a generator yields values lazily"), http.StatusOK)
	h.idle()
	_, turns := h.session("U1")
	if len(turns) != 2 || !strings.Contains(turns[1].Answer, "second answer") {
		t.Fatalf("turns %d; want the second answer recorded against the question in doubt", len(turns))
	}
	seen := map[string]int{}
	for _, p := range h.posts("DU1") {
		if strings.HasPrefix(p.Text, "[") {
			seen[p.Text]++
		}
	}
	for q, n := range seen {
		if n > 1 {
			t.Fatalf("question %q posted %d times", q, n)
		}
	}
	for _, p := range h.posts("DU1") {
		if strings.Contains(p.Text, "did not record it") {
			t.Fatalf("the answer was discarded as early: %q", p.Text)
		}
	}
}

func postsIn(fs *fakeslack.Server, channel string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range fs.Calls("chat.postMessage") {
		if c.Channel == channel {
			out = append(out, c)
		}
	}
	return out
}
