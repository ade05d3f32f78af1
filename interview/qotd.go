package interview

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/mockinterview/mockinterview/questions"
)

// Schedule is a channel's question-of-the-day subscription.
type Schedule struct {
	ID          int64
	TeamID      string
	ChannelID   string
	Spec        string // a cron spec with CRON_TZ=, or a descriptor
	Timezone    string // IANA name
	SummarySpec string // unused: the weekly summary follows the bot's setting (QOTD_SUMMARY) in the schedule's zone
	CreatedBy   string
	CreatedAt   time.Time
}

// Post kinds in a channel.
const (
	PostQuestion = "question"
	PostSummary  = "summary"
)

// ChannelPost is one claimed slot of a schedule: the question (or summary) posted
// for it. The unique (team, channel, slot) row is the claim that makes each slot post
// once across restarts and replicas.
type ChannelPost struct {
	ID         int64
	TeamID     string
	ChannelID  string
	Slot       string
	Kind       string
	QuestionID string
	MessageTS  string
	ClaimedBy  string
	ClaimedAt  time.Time
	PostedAt   *time.Time
	RevealedAt *time.Time
}

// ChannelAnswer is one person's scored answer in a question-of-the-day thread.
type ChannelAnswer struct {
	ID         int64
	PostID     int64
	TeamID     string
	UserID     string
	Answer     string
	Score      int
	Level      int
	Stage      string
	Scorer     string
	Matched    []string
	Missed     []string
	Late       bool
	AnsweredAt time.Time
}

// The rules of the question of the day.
const (
	// RevealTop is how many answers a reveal shows.
	RevealTop = 3
	// MinAnswersRanked is how many answers in the window a person needs to be ranked.
	MinAnswersRanked = 3
)

// qotdSkipStages are left out of the question of the day: behavioural questions about
// one's own projects do not suit a channel.
var qotdSkipStages = map[string]bool{"projects": true}

// ChannelStore is what the question of the day keeps per channel: what was asked, the
// posts, and the answers in their threads.
type ChannelStore interface {
	AskedInChannel(ctx context.Context, team, channel string) ([]string, error)
	ChannelPosts(ctx context.Context, team, channel, kind string, limit int) ([]*ChannelPost, error)
	PostByMessage(ctx context.Context, team, channel, ts string) (*ChannelPost, error)
	SaveChannelAnswer(ctx context.Context, a *ChannelAnswer) error
	ChannelAnswers(ctx context.Context, postID int64) ([]*ChannelAnswer, error)
	TeamAnswers(ctx context.Context, team string, since time.Time, stage string) ([]ScoredAnswer, error)
}

// QOTD holds the rules of the question of the day: which question a channel gets
// next, how an answer in its thread is cut, scored and flagged late, what a reveal
// shows, and who is ranked. Front ends trigger, render and post.
type QOTD struct {
	Bank   *questions.Bank
	Scorer Scorer
	Store  ChannelStore
	Now    func() time.Time
}

func (d *QOTD) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

// NextPost returns the post for a channel's slot with its question chosen.
func (d *QOTD) NextPost(ctx context.Context, team, channel, slot string) (*ChannelPost, error) {
	q, err := d.Choose(ctx, team, channel)
	if err != nil {
		return nil, err
	}
	return &ChannelPost{TeamID: team, ChannelID: channel, Slot: slot, Kind: PostQuestion, QuestionID: q.ID}, nil
}

// Choose rotates through stages and levels and never repeats a question in a channel
// until the bank is exhausted; then it avoids the most recent half of the last pass.
func (d *QOTD) Choose(ctx context.Context, team, channel string) (*questions.Question, error) {
	asked, err := d.Store.AskedInChannel(ctx, team, channel)
	if err != nil {
		return nil, err
	}
	var stages []*questions.Stage
	var pool []*questions.Question
	for _, st := range d.Bank.Stages {
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
		h := fnv.New32a()
		fmt.Fprintf(h, "%s/%s/%d", team, channel, n)
		return c[int(h.Sum32()%uint32(len(c)))]
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

// Show returns what a front end needs to post a channel's question.
func (d *QOTD) Show(p *ChannelPost) (*QuestionView, error) {
	q := d.Bank.Question(p.QuestionID)
	if q == nil {
		return nil, fmt.Errorf("question %s is no longer in the bank", p.QuestionID)
	}
	return viewOf(d.Bank, q), nil
}

// ThreadPost finds the question a thread belongs to. A reply can arrive before the
// poster has recorded the new message's timestamp; while a post of the channel is
// claimed but not yet recorded, it looks again for a few seconds.
func (d *QOTD) ThreadPost(ctx context.Context, team, channel, ts string) (*ChannelPost, error) {
	for attempt := 0; ; attempt++ {
		post, err := d.Store.PostByMessage(ctx, team, channel, ts)
		if ErrorCode(err) != ENOTFOUND || attempt == 50 {
			return post, err
		}
		recent, rerr := d.Store.ChannelPosts(ctx, team, channel, PostQuestion, 1)
		if rerr != nil || len(recent) == 0 || recent[0].PostedAt != nil {
			return nil, err
		}
		t := time.NewTimer(100 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// ThreadAnswer is a scored answer to a question of the day and what to tell its author.
type ThreadAnswer struct {
	Answer *ChannelAnswer
	Result Result
	Cut    bool // the answer was longer than MaxAnswerRunes and was cut
}

// Answer cuts, scores and records one person's answer to a channel's question. An
// answer after the reveal is scored for the person but marked late: it is never among
// the top answers. It returns nil for an empty answer or a question no longer in the bank.
func (d *QOTD) Answer(ctx context.Context, post *ChannelPost, team, user, text string) (*ThreadAnswer, error) {
	q := d.Bank.Question(post.QuestionID)
	if q == nil {
		return nil, nil
	}
	text, cut := CutAnswer(text)
	if text == "" {
		return nil, nil
	}
	res, err := d.Scorer.Score(ctx, q, text)
	if err != nil {
		return nil, fmt.Errorf("score %s: %w", q.ID, err)
	}
	res.Score = clamp(res.Score)
	if cut {
		res.Feedback = append(res.Feedback, CutNote)
	}
	a := &ChannelAnswer{PostID: post.ID, TeamID: team, UserID: user, Answer: text, Score: res.Score, Level: q.Level,
		Stage: q.Stage, Scorer: res.Scorer, Matched: res.Matched, Missed: res.Missed, Late: post.RevealedAt != nil, AnsweredAt: d.now()}
	if err := d.Store.SaveChannelAnswer(ctx, a); err != nil {
		return nil, err
	}
	return &ThreadAnswer{Answer: a, Result: res, Cut: cut}, nil
}

// Reveal is what the thread of a channel's previous question gets when the next one
// is posted: the model answer, the top on-time answers and how many took part.
type Reveal struct {
	Post     *ChannelPost
	Question *questions.Question
	Top      []*ChannelAnswer // at most RevealTop, best first, on time only
	OnTime   int
}

// PendingReveals returns, oldest first, the channel's posted questions before current
// that were not revealed yet: normally just the previous one, more when a reveal
// failed. The caller marks each revealed once its reveal is posted, so a reveal that
// failed is tried again at the next slot.
func (d *QOTD) PendingReveals(ctx context.Context, team, channel string, current int64) ([]*Reveal, error) {
	posts, err := d.Store.ChannelPosts(ctx, team, channel, PostQuestion, 5)
	if err != nil {
		return nil, err
	}
	var out []*Reveal
	for i := len(posts) - 1; i >= 0; i-- {
		p := posts[i]
		if p.ID == current || p.PostedAt == nil || p.RevealedAt != nil {
			continue
		}
		q := d.Bank.Question(p.QuestionID)
		if q == nil {
			continue
		}
		answers, err := d.Store.ChannelAnswers(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		r := &Reveal{Post: p, Question: q}
		for _, a := range answers {
			if a.Late {
				continue
			}
			r.OnTime++
			if len(r.Top) < RevealTop {
				r.Top = append(r.Top, a)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// Board ranks a team's answers since a time (zero: all time), optionally in one stage.
func (d *QOTD) Board(ctx context.Context, team string, since time.Time, stage string) ([]LeaderRow, error) {
	answers, err := d.Store.TeamAnswers(ctx, team, since, stage)
	if err != nil {
		return nil, err
	}
	return Leaderboard(answers, LeaderboardRules{MinAnswers: MinAnswersRanked}, d.now()), nil
}
