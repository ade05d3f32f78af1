package bot

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/mockinterview/mockinterview/interview"
)

// ScheduleStore keeps the channels' question-of-the-day subscriptions.
type ScheduleStore interface {
	SaveSchedule(ctx context.Context, s *interview.Schedule) error
	DeleteSchedule(ctx context.Context, team, channel string) error
	Schedule(ctx context.Context, team, channel string) (*interview.Schedule, error)
	Schedules(ctx context.Context) ([]*interview.Schedule, error)
}

// QOTDPoster renders and posts what the question of the day sends to a channel.
type QOTDPoster interface {
	PostQuestion(ctx context.Context, p *interview.ChannelPost, v *interview.QuestionView) (ts string, err error)
	PostReveal(ctx context.Context, r *interview.Reveal) error
	PostSummary(ctx context.Context, p *interview.ChannelPost, rows []interview.LeaderRow) error
}

// Scheduler triggers each channel's question of the day and weekly summary with cron.
// What is due, the claim that makes a slot post once and what is posted are the
// domain's (interview.Slots, interview.QOTD); rendering and posting are the poster's.
type Scheduler struct {
	Slots    *interview.Slots
	QOTD     *interview.QOTD
	Poster   QOTDPoster
	Store    ScheduleStore
	Summary  string        // weekly summary spec (5 fields, the schedule's zone); "" for none
	MinEvery time.Duration // the shortest @every interval a channel may subscribe with
	Logger   *slog.Logger

	// Concurrency bounds how many channels are posted at once, by cron and by
	// CatchUp together: at 9:00 a thousand channels are due in the same minute, and
	// one after another the last would wait for 999 Slack round trips, while all at
	// once would open a thousand connections and meet Slack's workspace limit as a
	// herd. Each slot's claim row keeps it exactly once either way. Set it before
	// the first post.
	Concurrency int

	mu      sync.Mutex
	cron    *cron.Cron
	ctx     context.Context // jobs run under it; cancelled by Stop
	cancel  context.CancelFunc
	entries map[string][]cron.EntryID
	slots   chan struct{} // a token per post in flight; made with the first
}

// NewScheduler returns a scheduler with the defaults: two hours' grace, a weekly
// summary on Monday at 9:00, @every at least an hour, 16 channels at a time.
func NewScheduler(qotd *interview.QOTD, slots interview.SlotStore, poster QOTDPoster, store ScheduleStore, logger *slog.Logger) *Scheduler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		Slots: &interview.Slots{Store: slots, Instance: InstanceID(), Grace: 2 * time.Hour, Stale: 2 * time.Minute, Now: qotd.Now},
		QOTD:  qotd, Poster: poster, Store: store, Summary: "0 9 * * 1", MinEvery: time.Hour, Logger: logger, Concurrency: 16,
		ctx: ctx, cancel: cancel, entries: map[string][]cron.EntryID{},
	}
}

// InstanceID names this process in slot claims: its host and pid.
func InstanceID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	return fmt.Sprintf("%s/%d", host, os.Getpid())
}

func (s *Scheduler) now() time.Time {
	if s.Slots.Now != nil {
		return s.Slots.Now()
	}
	return time.Now()
}

type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}

// Start registers every stored schedule, posts slots missed within the grace
// period, and starts the cron runner (with panic recovery and
// skip-if-still-running).
func (s *Scheduler) Start(ctx context.Context) error {
	lg := cronLogger{s.Logger}
	c := cron.New(cron.WithParser(cronParser), cron.WithLogger(lg), cron.WithChain(cron.Recover(lg), cron.SkipIfStillRunning(lg)))
	s.mu.Lock()
	s.cron = c
	s.mu.Unlock()
	schedules, err := s.Store.Schedules(ctx)
	if err != nil {
		return err
	}
	for _, sch := range schedules {
		if err := s.register(sch); err != nil {
			s.Logger.Error("bad stored schedule", "team", sch.TeamID, "channel", sch.ChannelID, "err", err)
		}
	}
	s.CatchUp(ctx, schedules)
	c.Start()
	return nil
}

// Stop stops triggering, cancels running jobs' context and waits for them, up to ctx.
func (s *Scheduler) Stop(ctx context.Context) {
	s.mu.Lock()
	c := s.cron
	s.mu.Unlock()
	if c == nil {
		s.cancel()
		return
	}
	done := c.Stop().Done()
	select {
	case <-done:
	case <-ctx.Done():
	}
	s.cancel()
}

// CatchUp fires every schedule once: slots missed while the bot was down are posted
// if they are within the grace period, and skipped otherwise. Channels are posted
// concurrently, at most Concurrency at a time; CatchUp returns when all are done.
func (s *Scheduler) CatchUp(ctx context.Context, schedules []*interview.Schedule) {
	var wg sync.WaitGroup
	for _, sch := range schedules {
		release, err := s.acquire(ctx)
		if err != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer release()
			if err := s.Fire(ctx, sch, interview.PostQuestion); err != nil {
				s.Logger.Error("question of the day", "team", sch.TeamID, "channel", sch.ChannelID, "err", err)
			}
			if s.Summary != "" {
				if err := s.Fire(ctx, sch, interview.PostSummary); err != nil {
					s.Logger.Error("weekly summary", "team", sch.TeamID, "channel", sch.ChannelID, "err", err)
				}
			}
		}()
	}
	wg.Wait()
}

// acquire waits for one of the Concurrency slots for a post and returns its release.
func (s *Scheduler) acquire(ctx context.Context) (func(), error) {
	s.mu.Lock()
	if s.slots == nil {
		s.slots = make(chan struct{}, max(1, s.Concurrency))
	}
	slots := s.slots
	s.mu.Unlock()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func chanKey(team, channel string) string { return team + "/" + channel }

// spec is the cron spec of a kind of post: the channel's own for questions, the
// bot's summary setting in the channel's zone for summaries ("" for none). The
// summary is not copied into the schedule, so QOTD_SUMMARY=off stops every channel's.
func (s *Scheduler) spec(sch *interview.Schedule, kind string) string {
	if kind != interview.PostSummary {
		return sch.Spec
	}
	if s.Summary == "" {
		return ""
	}
	return "CRON_TZ=" + zoneOf(sch) + " " + s.Summary
}

func zoneOf(sch *interview.Schedule) string {
	if _, err := time.LoadLocation(sch.Timezone); err != nil || sch.Timezone == "" {
		return "UTC"
	}
	return sch.Timezone
}

// Set registers (or replaces) a schedule at run time.
func (s *Scheduler) Set(sch *interview.Schedule) error {
	s.Remove(sch.TeamID, sch.ChannelID)
	return s.register(sch)
}

func (s *Scheduler) register(sch *interview.Schedule) error {
	s.mu.Lock()
	c := s.cron
	s.mu.Unlock()
	if c == nil {
		return nil
	}
	var ids []cron.EntryID
	for _, kind := range []string{interview.PostQuestion, interview.PostSummary} {
		spec := s.spec(sch, kind)
		if spec == "" {
			continue
		}
		id, err := c.AddFunc(spec, func() {
			ctx := s.ctx
			release, err := s.acquire(ctx)
			if err != nil {
				return
			}
			defer release()
			if err := s.Fire(ctx, sch, kind); err != nil && ctx.Err() == nil {
				s.Logger.Error("scheduled post", "kind", kind, "team", sch.TeamID, "channel", sch.ChannelID, "err", err)
			}
		})
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	s.mu.Lock()
	s.entries[chanKey(sch.TeamID, sch.ChannelID)] = ids
	s.mu.Unlock()
	return nil
}

// Remove unregisters a channel's schedule.
func (s *Scheduler) Remove(team, channel string) {
	s.mu.Lock()
	ids := s.entries[chanKey(team, channel)]
	delete(s.entries, chanKey(team, channel))
	c := s.cron
	s.mu.Unlock()
	for _, id := range ids {
		c.Remove(id)
	}
}

// Fire posts the schedule's current slot of a kind if it is within the grace period
// and not yet claimed. Any number of calls, from any number of processes, post it once.
func (s *Scheduler) Fire(ctx context.Context, sch *interview.Schedule, kind string) error {
	spec := s.spec(sch, kind)
	if spec == "" {
		return nil
	}
	parsed, err := parseSpec(spec)
	if err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	var every time.Duration
	if cd, ok := parsed.(cron.ConstantDelaySchedule); ok {
		every = cd.Delay
	}
	var loc *time.Location
	if ss, ok := parsed.(*cron.SpecSchedule); ok {
		loc = ss.Location
	}
	id, ok := s.Slots.Due(parsed, every, loc)
	if !ok {
		return nil
	}
	if kind == interview.PostSummary {
		return s.postSummary(ctx, sch.TeamID, sch.ChannelID, "summary:"+id)
	}
	return s.postQuestion(ctx, sch.TeamID, sch.ChannelID, id)
}

// PostNow reveals the previous question and posts the next one at once (`qotd now`).
func (s *Scheduler) PostNow(ctx context.Context, team, channel, slotID string) error {
	return s.postQuestion(ctx, team, channel, slotID)
}

// postQuestion claims the slot, reveals the channel's previous question and posts the
// claimed one. A reveal is marked only once it was posted: one that failed is tried
// again with the next slot.
func (s *Scheduler) postQuestion(ctx context.Context, team, channel, slotID string) error {
	p, err := s.QOTD.NextPost(ctx, team, channel, slotID)
	if err != nil {
		return err
	}
	p, mine, err := s.Slots.Claim(ctx, p)
	if err != nil || !mine {
		return err
	}
	if err := s.revealPrevious(ctx, team, channel, p.ID); err != nil {
		s.Logger.Error("reveal", "team", team, "channel", channel, "err", err)
	}
	v, err := s.QOTD.Show(p)
	if err != nil {
		return err
	}
	ts, err := s.Poster.PostQuestion(ctx, p, v)
	if err != nil {
		return fmt.Errorf("post question of the day: %w", err)
	}
	if err := s.Slots.Store.MarkPosted(ctx, p.ID, ts); err != nil {
		return err
	}
	s.Logger.Info("question of the day posted", "team", team, "channel", channel, "slot", p.Slot, "question", p.QuestionID)
	return nil
}

func (s *Scheduler) revealPrevious(ctx context.Context, team, channel string, current int64) error {
	reveals, err := s.QOTD.PendingReveals(ctx, team, channel, current)
	if err != nil {
		return err
	}
	for _, r := range reveals {
		if err := s.Poster.PostReveal(ctx, r); err != nil {
			return fmt.Errorf("post reveal of %d: %w", r.Post.ID, err)
		}
		if _, err := s.Slots.Store.MarkRevealed(ctx, r.Post.ID); err != nil {
			return err
		}
	}
	return nil
}

// postSummary posts the past week's leaderboard in the channel.
func (s *Scheduler) postSummary(ctx context.Context, team, channel, slotID string) error {
	p, mine, err := s.Slots.Claim(ctx, &interview.ChannelPost{TeamID: team, ChannelID: channel, Slot: slotID, Kind: interview.PostSummary})
	if err != nil || !mine {
		return err
	}
	rows, err := s.QOTD.Board(ctx, team, s.now().Add(-7*24*time.Hour), "")
	if err != nil {
		return err
	}
	if err := s.Poster.PostSummary(ctx, p, rows); err != nil {
		return err
	}
	return s.Slots.Store.MarkPosted(ctx, p.ID, "")
}

// Describe says a channel's schedule in words.
func (s *Scheduler) Describe(sch *interview.Schedule) string {
	text := fmt.Sprintf("Question of the day %s (`%s`)", inWords(sch.Spec), sch.Spec)
	if parsed, err := parseSpec(sch.Spec); err == nil {
		loc, lerr := time.LoadLocation(sch.Timezone)
		if lerr != nil {
			loc = time.UTC
		}
		text += fmt.Sprintf(" · next: %s", parsed.Next(s.now()).In(loc).Format("Mon 2 Jan 15:04 MST"))
	}
	if spec := s.spec(sch, interview.PostSummary); spec != "" {
		text += " · weekly leaderboard: `" + spec + "`"
	}
	return text
}

// Limits returns the shortest interval a channel may subscribe with.
func (s *Scheduler) Limits() time.Duration { return s.MinEvery }

// WithQOTD wires the question of the day onto the bot before it starts: the domain's
// rules for commands and thread answers, and a scheduler that posts through the bot's
// sender. The scheduler does not hold the bot; start it with its own Start.
func (b *Bot) WithQOTD(q *interview.QOTD, slots interview.SlotStore) *Scheduler {
	if q.Now == nil {
		q.Now = b.Now
	}
	s := NewScheduler(q, slots, &Poster{Sender: b.Sender, Metrics: b.Metrics, Logger: b.Logger}, b.ScheduleStore, b.Logger)
	b.QOTD, b.Schedules = q, s
	return s
}
