package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/store"
)

// FanoutStats is the question-of-the-day fan-out.
type FanoutStats struct {
	Channels    int     `json:"channels"`
	PostedOnce  int     `json:"posted_once"`
	Missing     int     `json:"missing"`
	Duplicated  int     `json:"duplicated"`
	RateLimited int     `json:"rate_limited"` // 429s the fake answered
	MarkedInDB  int     `json:"marked_posted_in_db"`
	DurationMS  float64 `json:"duration_ms"`
	Concurrency int     `json:"concurrency"`
	Schedulers  int     `json:"schedulers"`
	RTTMS       float64 `json:"fake_rtt_ms"`
}

// OK reports whether every channel got its question exactly once.
func (f *FanoutStats) OK() bool {
	return f.PostedOnce == f.Channels && f.Missing == 0 && f.Duplicated == 0 && f.MarkedInDB == f.Channels
}

// fanoutSchedulers is how many schedulers fire the same slots at once: the cron job
// and a restart's catch-up, or two replicas. The slot claims must keep each channel
// to one post.
const fanoutSchedulers = 2

// runFanout subscribes n channels to a question of the day due this minute and fires
// them all through the bot's real scheduler (two at once over one database), against
// a fake Slack that allows one post per second per channel and answers 429 with
// Retry-After beyond it. It measures until every channel is posted.
func runFanout(ctx context.Context, path string, n int, rtt time.Duration, bank *questions.Bank) (*FanoutStats, error) {
	fs := fakeslack.New()
	defer fs.Close()
	fs.Fast(true)
	fs.EnforcePace(time.Second)
	fs.Delay(rtt)
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	scorer := scoring.NewKeywordScorer(bank)
	stores := bot.Stores{Inbox: db, Outbox: db, Users: db, Stats: db, Schedules: db, Health: db}
	b := bot.New(interview.NewEngine(bank, db, scorer), stores, bot.NewSlackClient("xoxb-fanout", "", fs.APIURL()), nil)
	defer b.Close(context.Background())
	now := time.Now().UTC()
	spec := fmt.Sprintf("CRON_TZ=UTC %d %d * * *", now.Minute(), now.Hour())
	for i := range n {
		if err := db.SaveSchedule(ctx, &interview.Schedule{TeamID: teamID, ChannelID: fmt.Sprintf("C%06d", i), Spec: spec, Timezone: "UTC", CreatedBy: "U0ADMIN"}); err != nil {
			return nil, err
		}
	}
	schedules, err := db.Schedules(ctx)
	if err != nil {
		return nil, err
	}
	st := &FanoutStats{Channels: n, Schedulers: fanoutSchedulers, RTTMS: ms(rtt)}
	var wg sync.WaitGroup
	began := time.Now()
	for i := range fanoutSchedulers {
		s := b.WithQOTD(&interview.QOTD{Bank: bank, Scorer: scorer, Store: db}, db)
		s.Slots.Instance = fmt.Sprintf("loadtest-%d", i)
		st.Concurrency = s.Concurrency
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.CatchUp(ctx, schedules)
		}()
	}
	wg.Wait()
	st.DurationMS = ms(time.Since(began))

	per := map[string]int{}
	for _, c := range fs.Calls("chat.postMessage") {
		if c.Thread == "" && strings.HasPrefix(c.Text, "Question of the day") {
			per[c.Channel]++
		}
	}
	for _, sch := range schedules {
		switch k := per[sch.ChannelID]; {
		case k == 0:
			st.Missing++
		case k == 1:
			st.PostedOnce++
		default:
			st.Duplicated++
		}
		posts, err := db.ChannelPosts(ctx, sch.TeamID, sch.ChannelID, interview.PostQuestion, 5)
		if err != nil {
			return st, err
		}
		for _, p := range posts {
			if p.PostedAt != nil && p.MessageTS != "" {
				st.MarkedInDB++
			}
		}
	}
	st.RateLimited = len(fs.Calls("chat.postMessage:429"))
	return st, ctx.Err()
}
