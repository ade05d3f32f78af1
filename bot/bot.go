// Package bot is the Slack front end: it takes slash commands, events and button
// presses over HTTP (signed) or Socket Mode, records each delivery before it is
// acknowledged so it is handled exactly once, runs the interview engine in the
// candidate's DM, and sends everything through one rate-aware sender.
//
// It is the only importer of slack-go.
package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

// SlackAPI is the part of *slack.Client the bot uses.
type SlackAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
}

var _ SlackAPI = (*slack.Client)(nil)

// Stores are the persistence the bot uses, one small interface per concept
// (declared beside the code that uses it); one database usually provides them all.
type Stores struct {
	Inbox     Inbox
	Outbox    Outbox
	Users     Users
	Stats     Stats
	Schedules ScheduleStore // nil: no question of the day
	Health    Pinger
}

// Bot is the Slack adapter. Create it with New, wire the optional parts (QOTD,
// Schedules, Metrics), then start its workers with Start and stop them with Close.
type Bot struct {
	Engine        *interview.Engine
	QOTD          *interview.QOTD // the question of the day's rules; nil when not running
	Schedules     ChannelSchedules
	ScheduleStore ScheduleStore
	Inbox         Inbox
	Users         Users
	Stats         Stats
	Health        Pinger
	Sender        *Sender
	Logger        *slog.Logger
	SigningSecret string
	Command       string          // the slash command, "/mock-interview"
	Admins        map[string]bool // user ids allowed to manage schedules
	Now           func() time.Time
	Metrics       *Metrics      // nil records nothing
	AckDeadline   time.Duration // 0: AckDeadline

	// ResponseHosts lists the hosts a response_url may point at (hooks.slack.com,
	// and the API host for tests and proxies); others are refused.
	ResponseHosts map[string]bool

	retryMu   sync.Mutex
	retries   map[string]int // delivery key → retries so far (database unavailable)
	botUserID string
	botTeamID string // the workspace the bot is installed in; admins act only there
	queues    *queues
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

// New returns a bot.
func New(engine *interview.Engine, st Stores, api SlackAPI, logger *slog.Logger) *Bot {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &Bot{
		Engine: engine, Inbox: st.Inbox, Users: st.Users, Stats: st.Stats, Health: st.Health, ScheduleStore: st.Schedules,
		Logger: logger, Command: "/mock-interview", Now: time.Now,
		Sender:        NewSender(api, st.Outbox, logger),
		ResponseHosts: map[string]bool{"hooks.slack.com": true},
		Admins:        map[string]bool{},
		ctx:           ctx, cancel: cancel,
	}
	b.queues = newQueues()
	return b
}

func (b *Bot) now() time.Time {
	if b.Now != nil {
		return b.Now().UTC()
	}
	return time.Now().UTC()
}

// Start learns the bot's own user id, replays deliveries a previous process
// accepted but did not finish, and starts housekeeping.
func (b *Bot) Start(ctx context.Context) error {
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if at, err := b.Sender.API.AuthTestContext(actx); err != nil {
		b.Logger.Warn("auth.test failed; own messages are still recognised by bot_id", "err", err)
	} else {
		b.botUserID, b.botTeamID = at.UserID, at.TeamID
	}
	pending, err := b.Inbox.PendingInbound(ctx, b.now().Add(-time.Hour))
	if err != nil {
		return err
	}
	for _, in := range pending {
		b.Logger.Info("replaying unfinished delivery", "delivery", in.Key, "kind", in.Kind)
		b.enqueue(in)
	}
	b.wg.Add(1)
	go b.housekeeping()
	return nil
}

// Close stops taking work and waits, up to the context's deadline, for the work in
// hand (gradings, replies) to finish.
func (b *Bot) Close(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		b.queues.wait()
		b.cancel()
		b.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		// Past the grace: stop the work in hand (its calls see the cancellation) and
		// wait briefly for it to return, so nothing runs against a closed database.
		// What it could not finish is replayed at the next start.
		b.cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			b.Logger.Warn("work still running after shutdown")
		}
		return ctx.Err()
	}
}

// housekeeping purges delivery records past Slack's retry window.
func (b *Bot) housekeeping() {
	defer b.wg.Done()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if n, err := b.Inbox.PurgeInbound(b.ctx, b.now().Add(-2*time.Hour)); err != nil && b.ctx.Err() == nil {
			b.Logger.Error("purge deliveries", "err", err)
		} else if n > 0 {
			b.Logger.Debug("purged deliveries", "count", n)
		}
		select {
		case <-b.ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Idle returns a channel that is closed once no delivery is being handled or waits
// to be: tests and shutdown wait on it instead of polling.
func (b *Bot) Idle() <-chan struct{} { return b.queues.idleCh() }

// queues runs jobs one at a time per key (a team and user), in arrival order, so
// two answers from one candidate never race.
type queues struct {
	mu     sync.Mutex
	m      map[string]*queue
	wg     sync.WaitGroup
	active int           // queues with work
	idle   chan struct{} // closed when active drops to 0; nil until asked for
}

type queue struct{ jobs []func() }

func newQueues() *queues { return &queues{m: map[string]*queue{}} }

var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (q *queues) idleCh() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.active == 0 {
		return closed
	}
	if q.idle == nil {
		q.idle = make(chan struct{})
	}
	return q.idle
}

func (q *queues) do(key string, job func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if qu, ok := q.m[key]; ok {
		qu.jobs = append(qu.jobs, job)
		return
	}
	qu := &queue{jobs: []func(){job}}
	q.m[key] = qu
	q.active++
	q.wg.Add(1)
	go q.drain(key, qu)
}

func (q *queues) drain(key string, qu *queue) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		if len(qu.jobs) == 0 {
			delete(q.m, key)
			q.active--
			if q.active == 0 && q.idle != nil {
				close(q.idle)
				q.idle = nil
			}
			q.mu.Unlock()
			return
		}
		job := qu.jobs[0]
		qu.jobs = qu.jobs[1:]
		q.mu.Unlock()
		job()
	}
}

func (q *queues) wait() { q.wg.Wait() }
