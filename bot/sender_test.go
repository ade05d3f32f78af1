package bot_test

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/internal/fakeslack"
)

// memSent is a SentStore in memory.
type memSent struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memSent) SentMessage(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts, ok := s.m[key]
	return ts, ok, nil
}

func (s *memSent) RecordSent(_ context.Context, key, _, ts string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.m[key]; !ok || old == "" {
		s.m[key] = ts
	}
	return nil
}

func (s *memSent) ForgetSent(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[key] == "" {
		delete(s.m, key)
	}
	return nil
}

// fakeClock is a sender clock whose sleeps return at once and move its time on; it
// records every wait asked of it.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.waits = append(c.waits, d)
		c.now = c.now.Add(d)
	}
	return ctx.Err()
}

// waited returns and forgets the waits recorded so far.
func (c *fakeClock) waited() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.waits
	c.waits = nil
	return w
}

func newSender(t *testing.T) (*bot.Sender, *fakeslack.Server, *fakeClock) {
	t.Helper()
	fs := fakeslack.New()
	t.Cleanup(fs.Close)
	s := bot.NewSender(slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL())), &memSent{m: map[string]string{}}, slog.New(slog.DiscardHandler))
	c := &fakeClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s.Pace, s.Clock = time.Hour, c // a message beyond the burst waits an hour of the fake clock
	return s, fs, c
}

// blocked posts and reports whether the post had to wait for its channel's pace.
func blocked(t *testing.T, s *bot.Sender, c *fakeClock, channel string) bool {
	t.Helper()
	c.waited()
	if _, err := s.Post(context.Background(), "", channel, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("post to %s: %v", channel, err)
	}
	return len(c.waited()) > 0
}

func TestSenderBurstThenPace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		burst int
	}{{"burst of three", 3}, {"no burst", 1}, {"zero means one", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			s, fs, c := newSender(t)
			s.Burst = tc.burst
			for i := range max(tc.burst, 1) {
				if blocked(t, s, c, "C1") {
					t.Fatalf("message %d of the burst waited", i+1)
				}
			}
			if !blocked(t, s, c, "C1") {
				t.Fatalf("message %d went out at once; want it paced", max(tc.burst, 1)+1)
			}
			if blocked(t, s, c, "C2") {
				t.Fatalf("another channel waited for C1's pace")
			}
			if got, want := len(fs.ChannelCalls("C1", 0)), max(tc.burst, 1)+1; got != want {
				t.Fatalf("C1 got %d posts; want %d", got, want)
			}
		})
	}
}

// TestSenderRateLimitSpendsTheBurst: after a 429 the retry waits for Retry-After, and
// the messages after it are paced until the burst allowance has refilled.
func TestSenderRateLimitSpendsTheBurst(t *testing.T) {
	s, fs, c := newSender(t)
	s.Burst = 3
	fs.FailNext("chat.postMessage", http.StatusTooManyRequests)
	if _, err := s.Post(context.Background(), "k1", "C1", slack.MsgOptionText("x", false)); err != nil {
		t.Fatal(err)
	}
	if n := len(fs.Calls("chat.postMessage:429")); n != 1 {
		t.Fatalf("%d rate-limited calls; want 1", n)
	}
	if w := c.waited(); len(w) != 1 || w[0] < time.Second {
		t.Fatalf("waits before the retry %v; want one of at least Retry-After (1s)", w)
	}
	if !blocked(t, s, c, "C1") {
		t.Fatalf("the message after a 429 went out at once; want it paced")
	}
}

// TestSlackClientKeepsItsConnections: with HTTPClient the connections of one burst of
// concurrent calls serve the next; the default transport keeps two and reopens the
// rest.
func TestSlackClientKeepsItsConnections(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	fs.Delay(50 * time.Millisecond) // the calls of a round overlap
	api := slack.New("xoxb-test", slack.OptionHTTPClient(bot.HTTPClient()), slack.OptionAPIURL(fs.APIURL()))
	const n = 12
	for range 2 {
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := api.PostMessageContext(context.Background(), "C1", slack.MsgOptionText("x", false)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	if c := fs.Conns(); c > n {
		t.Fatalf("%d connections for two rounds of %d concurrent calls; want at most %d (the first round's, kept)", c, n, n)
	}
}
