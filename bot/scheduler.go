package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// QOTDStore is the persistence of the question of the day.
type QOTDStore interface {
	SaveSchedule(ctx context.Context, s *interview.Schedule) error
	DeleteSchedule(ctx context.Context, team, channel string) error
	Schedule(ctx context.Context, team, channel string) (*interview.Schedule, error)
	Schedules(ctx context.Context) ([]*interview.Schedule, error)
	ClaimSlot(ctx context.Context, p *interview.ChannelPost) (bool, error)
	TakeOverStale(ctx context.Context, id int64, by string, before, now time.Time) (bool, error)
	PostBySlot(ctx context.Context, team, channel, slot string) (*interview.ChannelPost, error)
	MarkPosted(ctx context.Context, id int64, ts string) error
	MarkRevealed(ctx context.Context, id int64) (bool, error)
	ChannelPosts(ctx context.Context, team, channel, kind string, limit int) ([]*interview.ChannelPost, error)
	PostByMessage(ctx context.Context, team, channel, ts string) (*interview.ChannelPost, error)
	AskedInChannel(ctx context.Context, team, channel string) ([]string, error)
	SaveChannelAnswer(ctx context.Context, a *interview.ChannelAnswer) error
	ChannelAnswers(ctx context.Context, postID int64) ([]*interview.ChannelAnswer, error)
	SetOptOut(ctx context.Context, team, user string, out bool) error
	TeamAnswers(ctx context.Context, team string, since time.Time, stage string) ([]interview.ScoredAnswer, error)
}

// cronParser reads 5-field specs with an optional CRON_TZ= prefix and descriptors
// (@daily, @every 1h).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// qotdSkipStages are left out of the question of the day: behavioural questions about
// one's own projects do not suit a channel.
var qotdSkipStages = map[string]bool{"projects": true}

// staleClaim is how long a claimed but unposted slot waits before another process
// may take the claim over and post it.
const staleClaim = 2 * time.Minute

// Scheduler posts each channel's question of the day. cron triggers it, but a slot's
// identity comes from the schedule, not from when the trigger ran: the slot is the
// latest scheduled time, written in the schedule's own zone, and it is claimed with
// a unique row before anything is posted. A job firing twice, a repeated 01:30 on the
// autumn night, a restart or a second replica all find the slot claimed.
type Scheduler struct {
	Bot      *Bot
	Store    QOTDStore
	Now      func() time.Time
	Grace    time.Duration // a slot missed while down is posted if the bot is back within it
	Summary  string        // weekly summary spec (5 fields, the schedule's zone); "" for none
	Instance string        // this process, recorded with its claims
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
	entries map[string][]cron.EntryID
	slots   chan struct{} // a token per post in flight; made with the first
}

// NewScheduler returns a scheduler for the bot.
func NewScheduler(b *Bot, st QOTDStore) *Scheduler {
	s := &Scheduler{Bot: b, Store: st, Now: time.Now, Grace: 2 * time.Hour, Summary: "0 9 * * 1", MinEvery: time.Hour, Logger: b.Logger, Concurrency: 16,
		Instance: fmt.Sprintf("pid-%d-%d", time.Now().UnixNano()%1e6, fnvHash(b.SigningSecret)%1000), entries: map[string][]cron.EntryID{}}
	b.Scheduler, b.QOTD = s, st
	return s
}

func fnvHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
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
	s.cron = cron.New(cron.WithParser(cronParser), cron.WithLogger(lg), cron.WithChain(cron.Recover(lg), cron.SkipIfStillRunning(lg)))
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
	s.cron.Start()
	return nil
}

// Stop stops triggering and waits for running jobs, up to ctx.
func (s *Scheduler) Stop(ctx context.Context) {
	if s.cron == nil {
		return
	}
	select {
	case <-s.cron.Stop().Done():
	case <-ctx.Done():
	}
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
			if sch.SummarySpec != "" {
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

// Set registers (or replaces) a schedule at run time.
func (s *Scheduler) Set(sch *interview.Schedule) error {
	s.Remove(sch.TeamID, sch.ChannelID)
	return s.register(sch)
}

func (s *Scheduler) register(sch *interview.Schedule) error {
	if s.cron == nil {
		return nil
	}
	var ids []cron.EntryID
	for _, kind := range []string{interview.PostQuestion, interview.PostSummary} {
		spec := sch.Spec
		if kind == interview.PostSummary {
			if spec = sch.SummarySpec; spec == "" {
				continue
			}
		}
		kind := kind
		id, err := s.cron.AddFunc(spec, func() {
			ctx := s.Bot.ctx
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
	s.mu.Unlock()
	for _, id := range ids {
		s.cron.Remove(id)
	}
}

// slot returns the latest scheduled time at or before now and its identity: the
// wall-clock time in the schedule's zone (so the repeated 01:30 of a daylight-saving
// autumn night is one slot). ok is false when the schedule has no time in the last
// eight days.
func slot(sched cron.Schedule, now time.Time) (at time.Time, id string, ok bool) {
	if cd, isDelay := sched.(cron.ConstantDelaySchedule); isDelay {
		at = now.Truncate(cd.Delay)
		return at, at.UTC().Format("2006-01-02T15:04:05Z"), true
	}
	loc := time.UTC
	if ss, isSpec := sched.(*cron.SpecSchedule); isSpec && ss.Location != nil {
		loc = ss.Location
	}
	var last time.Time
	t := sched.Next(now.Add(-8 * 24 * time.Hour))
	for i := 0; i < 50000 && !t.IsZero() && !t.After(now); i++ {
		last = t
		t = sched.Next(t)
	}
	if last.IsZero() {
		return time.Time{}, "", false
	}
	return last, last.In(loc).Format("2006-01-02T15:04"), true
}

// Fire posts the schedule's current slot if it is within the grace period and not
// yet claimed. Any number of calls, from any number of processes, post it once.
func (s *Scheduler) Fire(ctx context.Context, sch *interview.Schedule, kind string) error {
	spec := sch.Spec
	if kind == interview.PostSummary {
		spec = sch.SummarySpec
	}
	parsed, err := cronParser.Parse(spec)
	if err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	now := s.now()
	at, id, ok := slot(parsed, now)
	if !ok || now.Sub(at) > s.Grace {
		return nil // nothing due, or missed for too long: skipped
	}
	if kind == interview.PostSummary {
		id = "summary:" + id
	}
	return s.post(ctx, sch.TeamID, sch.ChannelID, id, kind)
}

// PostNow reveals the previous question and posts the next one at once (`qotd now`).
func (s *Scheduler) PostNow(ctx context.Context, team, channel, slotID string) error {
	return s.post(ctx, team, channel, slotID, interview.PostQuestion)
}

// post claims the slot (or takes over a stale claim) and posts it.
func (s *Scheduler) post(ctx context.Context, team, channel, slotID, kind string) error {
	p := &interview.ChannelPost{TeamID: team, ChannelID: channel, Slot: slotID, Kind: kind, ClaimedBy: s.Instance, ClaimedAt: s.now().UTC()}
	if kind == interview.PostQuestion {
		q, err := s.chooseQuestion(ctx, team, channel)
		if err != nil {
			return err
		}
		p.QuestionID = q.ID
	}
	claimed, err := s.Store.ClaimSlot(ctx, p)
	if err != nil {
		return err
	}
	if !claimed {
		// Someone claimed it. Retry it only if that claimant never posted and is
		// gone; a live claimant retries its own post without a second claim.
		prev, err := s.Store.PostBySlot(ctx, team, channel, slotID)
		if err != nil || prev.PostedAt != nil {
			return err
		}
		now := s.now().UTC()
		took, err := s.Store.TakeOverStale(ctx, prev.ID, s.Instance, now.Add(-staleClaim), now)
		if err != nil || !took {
			return err
		}
		p = prev
		s.Logger.Info("took over a stale slot claim", "team", team, "channel", channel, "slot", slotID)
	}
	if kind == interview.PostSummary {
		return s.postSummary(ctx, p)
	}
	return s.postQuestion(ctx, p)
}

// chooseQuestion rotates through stages and levels and never repeats a question in a
// channel until the bank is exhausted.
func (s *Scheduler) chooseQuestion(ctx context.Context, team, channel string) (*questions.Question, error) {
	asked, err := s.Store.AskedInChannel(ctx, team, channel)
	if err != nil {
		return nil, err
	}
	bank := s.Bot.Engine.Bank
	var stages []*questions.Stage
	var pool []*questions.Question
	for _, st := range bank.Stages {
		if !qotdSkipStages[st.Key] {
			stages = append(stages, st)
			pool = append(pool, st.Questions...)
		}
	}
	if len(pool) == 0 {
		return nil, errors.New("no questions for the question of the day")
	}
	used := map[string]bool{}
	round := len(asked) % len(pool) // questions asked since the bank was last exhausted
	for _, id := range asked[:round] {
		used[id] = true
	}
	if round == 0 && len(asked) > 0 {
		// A new pass over the bank: avoid the most recent questions of the last one.
		for _, id := range asked[:min(len(asked), len(pool)/2)] {
			used[id] = true
		}
	}
	n := len(asked)
	stage := stages[n%len(stages)].Key
	level := []int{1, 2, 3}[(n/len(stages))%3]
	pick := func(match func(q *questions.Question) bool) *questions.Question {
		var c []*questions.Question
		for _, q := range pool {
			if !used[q.ID] && match(q) {
				c = append(c, q)
			}
		}
		if len(c) == 0 {
			return nil
		}
		return c[int(fnvHash(fmt.Sprintf("%s/%s/%d", team, channel, n))%uint32(len(c)))]
	}
	for _, m := range []func(q *questions.Question) bool{
		func(q *questions.Question) bool { return q.Stage == stage && q.Level == level },
		func(q *questions.Question) bool { return q.Stage == stage },
		func(q *questions.Question) bool { return true },
	} {
		if q := pick(m); q != nil {
			return q, nil
		}
	}
	return pool[n%len(pool)], nil
}
