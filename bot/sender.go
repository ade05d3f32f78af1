package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/slack-go/slack"
)

// Outbox remembers the logical messages already sent, by key, so none is posted
// twice. A key recorded with an empty timestamp is a post in doubt: attempted, with
// an unknown outcome.
type Outbox interface {
	SentMessage(ctx context.Context, key string) (ts string, ok bool, err error)
	RecordSent(ctx context.Context, key, channel, ts string) error
	ForgetSent(ctx context.Context, key string) error
}

// postMetadata marks the bot's keyed posts in Slack (message metadata), so a post
// whose outcome is unknown can be found in the conversation's history.
const postMetadata = "mockinterview_post"

// Sender makes every Web API call: each with a timeout, at most one message per
// channel per Pace after a burst of Burst, HTTP 429 honoured with its Retry-After,
// 5xx retried with backoff, and keyed posts recorded so a retried job never posts
// twice.
type Sender struct {
	API    SlackAPI
	Outbox Outbox
	Logger *slog.Logger
	Pace   time.Duration // per channel; Slack allows about one message a second
	// Burst is how many messages a channel may take at once before Pace applies
	// (Slack grants short bursts). An answer's feedback and the next question go out
	// together instead of a second apart; 1 paces every message.
	Burst      int
	Timeout    time.Duration // per call
	MaxRetries int
	HTTP       *http.Client // for response_url posts
	Metrics    SenderMetrics
	// Clock is where the sender reads the time and waits (pace, Retry-After,
	// backoff); tests put a fake one there instead of waiting for real.
	Clock Clock

	mu   sync.Mutex
	next map[string]time.Time // channel → when its burst allowance is whole again
}

// SenderMetrics counts calls, rate limits and retries; nil-safe no-ops by default.
type SenderMetrics interface {
	Call(method string, err error)
	RateLimited(method string)
	Retry(method string)
}

// Clock tells the time and waits; RealClock is the wall clock.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends (then it returns ctx's error).
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns the current time.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits for d or until ctx ends.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error { return sleep(ctx, d) }

func (s *Sender) clock() Clock {
	if s.Clock == nil {
		return RealClock{}
	}
	return s.Clock
}

type noMetrics struct{}

func (noMetrics) Call(string, error) {}
func (noMetrics) RateLimited(string) {}
func (noMetrics) Retry(string)       {}

// NewSender returns a sender with Slack's defaults.
func NewSender(api SlackAPI, outbox Outbox, logger *slog.Logger) *Sender {
	return &Sender{API: api, Outbox: outbox, Logger: logger, Pace: time.Second, Burst: 3, Timeout: 10 * time.Second, MaxRetries: 6,
		HTTP: HTTPClient(), Metrics: noMetrics{}, Clock: RealClock{}, next: map[string]time.Time{}}
}

// HTTPClient returns a client for Slack's Web API (slack.OptionHTTPClient) that keeps
// its connections: the default transport keeps two idle connections per host, so
// with more replies in flight every other call opens a new connection, which to
// slack.com means a TLS handshake each time. Calls are bounded by the sender's
// per-call timeout; this one only bounds a call made without it.
func HTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 128, 64
	return &http.Client{Timeout: 30 * time.Second, Transport: t, CheckRedirect: noRedirects}
}

// noRedirects keeps a response_url post where it was sent: a redirect could carry
// the body past the allowed hosts (307/308 re-POST it anywhere).
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// wait blocks until the channel may take another message, and reserves the slot.
// It is a token bucket kept as one time per channel (GCRA): the channel is full
// again at next, and a message may go once next is less than Burst paces ahead.
func (s *Sender) wait(ctx context.Context, channel string) error {
	if channel == "" || s.Pace <= 0 {
		return nil
	}
	c := s.clock()
	s.mu.Lock()
	now := c.Now()
	full := s.next[channel]
	if full.Before(now) {
		full = now
	}
	at := full.Add(-s.burstSpan())
	if at.Before(now) {
		at = now
	}
	s.next[channel] = full.Add(s.Pace)
	s.mu.Unlock()
	return c.Sleep(ctx, at.Sub(now))
}

// burstSpan is how far ahead of now a channel's reservations may run.
func (s *Sender) burstSpan() time.Duration { return time.Duration(max(s.Burst, 1)-1) * s.Pace }

// hold keeps a channel quiet for d after a 429, and empties its burst allowance: the
// messages after the retry go one Pace apart until it has refilled.
func (s *Sender) hold(channel string, d time.Duration) {
	if channel == "" {
		return
	}
	s.mu.Lock()
	if at := s.clock().Now().Add(d + s.burstSpan()); s.next[channel].Before(at) {
		s.next[channel] = at
	}
	s.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call runs one Web API call with pacing and retries.
// check, when set, is asked before a retry that follows an unknown outcome whether
// the call took effect after all; if so the call is done.
func (s *Sender) call(ctx context.Context, method, channel string, paced bool, check func(ctx context.Context) (bool, error), fn func(ctx context.Context) error) error {
	backoff := 500 * time.Millisecond
	for attempt := 0; ; attempt++ {
		if paced {
			if err := s.wait(ctx, channel); err != nil {
				return err
			}
		}
		cctx, cancel := context.WithTimeout(ctx, s.Timeout)
		err := fn(cctx)
		cancel()
		s.Metrics.Call(method, err)
		if err == nil {
			return nil
		}
		var rl *slack.RateLimitedError
		var sc slack.StatusCodeError
		var wait time.Duration
		switch {
		case errors.As(err, &rl):
			s.Metrics.RateLimited(method)
			wait = max(rl.RetryAfter, 100*time.Millisecond)
			s.hold(channel, wait)
		case errors.As(err, &sc) && sc.Code >= 500:
			wait = backoff + time.Duration(rand.Int64N(int64(backoff/2)))
			backoff = min(2*backoff, 30*time.Second)
		case ctx.Err() == nil && unknownOutcome(err):
			wait = backoff
			backoff = min(2*backoff, 30*time.Second)
		default:
			return fmt.Errorf("%s: %w", method, err)
		}
		if check != nil && unknownOutcome(err) {
			if done, cerr := check(ctx); cerr == nil && done {
				s.Logger.Info("a call whose outcome was unknown had taken effect", "method", method, "channel", channel)
				return nil
			}
		}
		if attempt >= s.MaxRetries {
			return fmt.Errorf("%s: giving up after %d attempts: %w", method, attempt+1, err)
		}
		s.Metrics.Retry(method)
		s.Logger.Debug("slack call retried", "method", method, "channel", channel, "wait", wait, "err", err)
		if err := s.clock().Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// Post sends a message to a channel. A non-empty key makes it idempotent: a message
// already sent under the key is not sent again, and its timestamp is returned. A
// keyed post is recorded as in doubt before it is attempted and carries the key in
// its metadata; when its outcome is unknown (a timeout, a closed connection, a
// crash) the conversation's history is searched for it before it is tried again, so
// Slack having shown a post the bot did not hear back about never doubles it.
func (s *Sender) Post(ctx context.Context, key, channel string, opts ...slack.MsgOption) (string, error) {
	if key == "" {
		var ts string
		err := s.call(ctx, "chat.postMessage", channel, true, nil, func(ctx context.Context) error {
			var err error
			_, ts, err = s.API.PostMessageContext(ctx, channel, opts...)
			return err
		})
		return ts, err
	}
	ts, delivered, err := s.Resolve(ctx, key, channel)
	if err != nil || delivered {
		return ts, err
	}
	if err := s.Outbox.RecordSent(ctx, key, channel, ""); err != nil {
		return "", fmt.Errorf("record post %s in doubt: %w", key, err)
	}
	opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{EventType: postMetadata, EventPayload: map[string]any{"key": key}}))
	found := func(ctx context.Context) (bool, error) {
		var err error
		ts, err = s.findPost(ctx, channel, key)
		return ts != "", err
	}
	err = s.call(ctx, "chat.postMessage", channel, true, found, func(ctx context.Context) error {
		var err error
		_, ts, err = s.API.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		if !unknownOutcome(err) {
			// Slack answered and refused: nothing was shown.
			if ferr := s.Outbox.ForgetSent(context.WithoutCancel(ctx), key); ferr != nil {
				s.Logger.Error("forget refused post", "key", key, "err", ferr)
			}
		}
		return "", err
	}
	if err := s.Outbox.RecordSent(context.WithoutCancel(ctx), key, channel, ts); err != nil {
		return ts, err
	}
	return ts, nil
}

// Resolve tells whether the keyed post went out and its timestamp. A post in doubt
// is looked for in the conversation's recent history; found, it is recorded.
func (s *Sender) Resolve(ctx context.Context, key, channel string) (ts string, delivered bool, err error) {
	ts, ok, err := s.Outbox.SentMessage(ctx, key)
	if err != nil || !ok {
		return "", false, err
	}
	if ts != "" {
		return ts, true, nil
	}
	if ts, err = s.findPost(ctx, channel, key); err != nil || ts == "" {
		return "", false, err
	}
	s.Logger.Info("a post in doubt was delivered", "key", key, "channel", channel)
	return ts, true, s.Outbox.RecordSent(ctx, key, channel, ts)
}

// findPost looks for the bot's post with the key among the channel's recent messages.
func (s *Sender) findPost(ctx context.Context, channel, key string) (string, error) {
	if channel == "" {
		return "", nil
	}
	var ts string
	err := s.call(ctx, "conversations.history", "", false, nil, func(ctx context.Context) error {
		h, err := s.API.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: 50, IncludeAllMetadata: true})
		if err != nil {
			return err
		}
		for _, m := range h.Messages {
			if m.Metadata.EventType == postMetadata && m.Metadata.EventPayload["key"] == key {
				ts = m.Timestamp
				return nil
			}
		}
		return nil
	})
	return ts, err
}

// unknownOutcome reports whether a call failed without an answer from Slack, so it
// may or may not have taken effect.
func unknownOutcome(err error) bool {
	var sc slack.StatusCodeError
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.As(err, &ne):
		return true
	case errors.As(err, &sc) && sc.Code >= 500:
		return true
	}
	return false
}

// Ephemeral shows a message to one user in a channel.
func (s *Sender) Ephemeral(ctx context.Context, key, channel, user string, opts ...slack.MsgOption) error {
	if key != "" {
		if _, ok, err := s.Outbox.SentMessage(ctx, key); err != nil || ok {
			return err
		}
	}
	var ts string
	err := s.call(ctx, "chat.postEphemeral", channel, false, nil, func(ctx context.Context) error {
		var err error
		ts, err = s.API.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
	if err == nil && key != "" {
		err = s.Outbox.RecordSent(ctx, key, channel, ts)
	}
	return err
}

// OpenDM returns the id of the bot's DM channel with the user.
func (s *Sender) OpenDM(ctx context.Context, user string) (string, error) {
	var id string
	err := s.call(ctx, "conversations.open", "", false, nil, func(ctx context.Context) error {
		ch, _, _, err := s.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	return id, err
}

// Publish sets a user's App Home tab.
func (s *Sender) Publish(ctx context.Context, user string, view slack.HomeTabViewRequest) error {
	return s.call(ctx, "views.publish", "", false, nil, func(ctx context.Context) error {
		_, err := s.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
}

// UserInfo looks a user up (time zone, admin flag).
func (s *Sender) UserInfo(ctx context.Context, user string) (*slack.User, error) {
	var u *slack.User
	err := s.call(ctx, "users.info", "", false, nil, func(ctx context.Context) error {
		var err error
		u, err = s.API.GetUserInfoContext(ctx, user)
		return err
	})
	return u, err
}

// Respond posts to a slash command's response_url.
func (s *Sender) Respond(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	return s.call(ctx, "response_url", "", false, nil, func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, url, s.HTTP, msg)
	})
}
