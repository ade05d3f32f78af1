package interview

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/questions"
)

// Engine runs interviews. It is safe for concurrent use; a session's consistency is
// protected by the store's version check.
type Engine struct {
	Bank        *questions.Bank
	Store       SessionStore
	Scorer      Scorer
	Plans       Plans
	HintPenalty float64 // share of the score each hint costs; default 0.2
	Now         func() time.Time
	FollowUps   FollowUpWriter // optional: writes CV follow-ups instead of the templates
}

// NewEngine returns an engine with the default plans that grades with scorer.
func NewEngine(bank *questions.Bank, store SessionStore, scorer Scorer) *Engine {
	return &Engine{Bank: bank, Store: store, Scorer: scorer, Plans: DefaultPlans(), HintPenalty: 0.2, Now: time.Now}
}

// StartOptions choose the shape of a new interview.
type StartOptions struct {
	Plan      string // quick, standard, full; default standard
	Topic     string // narrow to one stage
	Seed      int64  // 0: random
	ChannelID string // where a Slack interview runs
}

// Outcome is what an answer or a skip led to.
type Outcome struct {
	Turn    *Turn
	Next    *Pending // nil when the interview is over
	Report  *Report  // set when the interview is over
	Session *Session
	Cut     bool // the answer was longer than MaxAnswerRunes and was cut
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now().UTC()
	}
	return time.Now().UTC()
}

// Start creates a session for the user and chooses its first question.
func (e *Engine) Start(ctx context.Context, user User, opt StartOptions) (*Session, error) {
	if opt.Plan == "" {
		opt.Plan = "standard"
	}
	plan, err := e.Plans.Get(opt.Plan)
	if err != nil {
		return nil, err
	}
	if opt.Topic != "" {
		st := e.findStage(opt.Topic)
		if st == nil {
			return nil, Errorf(EINVALID, "Unknown topic %q; choose one of: %s.", opt.Topic, strings.Join(e.stageKeys(), ", "))
		}
		opt.Topic = st.Key
	}
	if opt.Seed == 0 {
		opt.Seed = rand.Int64N(1<<53) + 1
	}
	u, err := e.Store.EnsureUser(ctx, user)
	if err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	s := &Session{
		UserID: u.ID, User: u.ExternalID, Source: u.Source, Plan: plan.Name, Topic: opt.Topic,
		Seed: opt.Seed, Status: StatusActive, ChannelID: opt.ChannelID, StartedAt: e.now(),
	}
	c, err := e.cursor(ctx, s)
	if err != nil {
		return nil, err
	}
	s.State.Pending = c.advance(nil, 0)
	if s.State.Pending == nil {
		return nil, Errorf(EINVALID, "The %s plan has no questions in this question bank.", plan.Name)
	}
	s.State.Pending.AskedAt = s.StartedAt
	if err := e.Store.CreateSession(ctx, s); err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	return s, nil
}

// Active returns the user's unfinished session, or ENOTFOUND.
func (e *Engine) Active(ctx context.Context, user User) (*Session, error) {
	u, err := e.Store.EnsureUser(ctx, user)
	if err != nil {
		return nil, fmt.Errorf("active session: %w", err)
	}
	return e.Store.ActiveSession(ctx, u.ID)
}

// Hint returns the next hint for the pending question and records that it was used.
// Each hint costs HintPenalty of the question's score.
func (e *Engine) Hint(ctx context.Context, s *Session) (string, error) {
	p := s.State.Pending
	if s.Status != StatusActive || p == nil {
		return "", Errorf(EINVALID, "There is no question waiting for an answer.")
	}
	hints := cvHints
	if q := e.Bank.Question(p.QuestionID); q != nil && p.Kind == KindBank {
		hints = q.Hints
	}
	if p.Hints >= len(hints) {
		return "", Errorf(EINVALID, "There are no more hints for this question.")
	}
	h := hints[p.Hints]
	p.Hints++
	if err := e.Store.SaveSession(ctx, s, nil); err != nil {
		p.Hints--
		return "", fmt.Errorf("record hint: %w", err)
	}
	return h, nil
}

// Answer scores the answer to the pending question, records the turn together with
// the next question, and returns both.
func (e *Engine) Answer(ctx context.Context, s *Session, answer string) (*Outcome, error) {
	return e.respond(ctx, s, answer, false)
}

// Skip records the pending question as skipped (score 0) and moves on.
func (e *Engine) Skip(ctx context.Context, s *Session) (*Outcome, error) {
	return e.respond(ctx, s, "", true)
}

func (e *Engine) respond(ctx context.Context, s *Session, answer string, skip bool) (*Outcome, error) {
	p := s.State.Pending
	if s.Status != StatusActive || p == nil {
		return nil, Errorf(EINVALID, "There is no question waiting for an answer.")
	}
	answer, cut := CutAnswer(answer)
	if !skip && answer == "" {
		return nil, Errorf(EINVALID, "The answer is empty; write an answer, or use hint, skip or end.")
	}
	t := &Turn{
		SessionID: s.ID, Seq: len(s.State.Asked), Kind: p.Kind, QuestionID: p.QuestionID, Stage: p.Stage,
		Prompt: p.Prompt, Answer: answer, Hints: p.Hints, Skipped: skip, AskedAt: p.AskedAt, AnsweredAt: e.now(),
	}
	q := e.Bank.Question(p.QuestionID)
	switch {
	case p.Kind != KindBank || q == nil:
		t.Scorer = ScorerNone
		if skip {
			t.Feedback = []string{"Skipped."}
		} else {
			t.Feedback = []string{"Thanks: CV answers are recorded, not scored. The report lists them so you can rehearse them."}
		}
	case skip:
		t.Level = q.Level
		t.Score, t.RawScore = ptr(0), ptr(0)
		t.Scorer = ScorerKeyword
		for _, kp := range q.KeyPoints {
			t.Missed = append(t.Missed, kp.Text)
		}
		t.Feedback = []string{"Skipped: scored 0."}
	default:
		t.Level = q.Level
		res, err := e.Scorer.Score(ctx, q, answer)
		if err != nil {
			return nil, fmt.Errorf("score %s: %w", q.ID, err)
		}
		raw := clamp(res.Score)
		final := raw
		if p.Hints > 0 {
			final = clamp(int(float64(raw)*max(0, 1-e.hintPenalty()*float64(p.Hints)) + 0.5))
			res.Feedback = append(res.Feedback, fmt.Sprintf("%d hint(s) used: %d%% off.", p.Hints, int(100*min(1, e.hintPenalty()*float64(p.Hints)))))
		}
		t.Score, t.RawScore = &final, &raw
		t.Scorer, t.Matched, t.Missed, t.Feedback, t.Grading = res.Scorer, res.Matched, res.Missed, res.Feedback, res.Details
		if len(res.Flags) > 0 {
			if t.Grading == nil {
				t.Grading = map[string]any{}
			}
			t.Grading["flags"] = res.Flags
		}
	}
	if cut {
		t.Feedback = append(t.Feedback, CutNote)
	}

	c, err := e.cursor(ctx, s)
	if err != nil {
		return nil, err
	}
	score := -1
	if t.Score != nil {
		score = *t.Score
	}
	next := c.advance(q, score)
	e.tailor(ctx, next, c.projects, answer)
	s.State = c.state
	s.State.Pending = next
	out := &Outcome{Turn: t, Next: next, Session: s, Cut: cut}
	if next == nil {
		if err := e.finish(ctx, s, t); err != nil {
			return nil, err
		}
		rep, err := e.Report(ctx, s)
		if err != nil {
			return nil, err
		}
		out.Report = rep
		return out, nil
	}
	next.AskedAt = t.AnsweredAt
	if err := e.Store.SaveSession(ctx, s, t); err != nil {
		return nil, fmt.Errorf("save turn: %w", err)
	}
	return out, nil
}

func (e *Engine) hintPenalty() float64 {
	if e.HintPenalty <= 0 {
		return 0.2
	}
	return e.HintPenalty
}

// End finishes the session now; the pending question is dropped unanswered.
func (e *Engine) End(ctx context.Context, s *Session) (*Report, error) {
	if s.Status != StatusActive {
		return e.Report(ctx, s)
	}
	s.State.Pending = nil
	if err := e.finish(ctx, s, nil); err != nil {
		return nil, err
	}
	return e.Report(ctx, s)
}

// finish computes the overall score and saves the finished session with the last turn.
func (e *Engine) finish(ctx context.Context, s *Session, last *Turn) error {
	turns, err := e.Store.Turns(ctx, s.ID)
	if err != nil {
		return fmt.Errorf("finish: %w", err)
	}
	if last != nil {
		turns = append(turns, last)
	}
	now := e.now()
	overall := overallScore(turns)
	s.Status, s.FinishedAt, s.Score = StatusFinished, &now, &overall
	s.State.Pending = nil
	if err := e.Store.SaveSession(ctx, s, last); err != nil {
		return fmt.Errorf("finish session: %w", err)
	}
	return nil
}

func overallScore(turns []*Turn) int {
	sum, n := 0, 0
	for _, t := range turns {
		if t.Score != nil {
			sum += *t.Score
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return (sum + n/2) / n
}

func ptr[T any](v T) *T { return &v }

func clamp(n int) int { return max(0, min(100, n)) }

func (e *Engine) findStage(name string) *questions.Stage {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, st := range e.Bank.Stages {
		if st.Key == name || strings.EqualFold(st.Title, name) {
			return st
		}
	}
	return nil
}

func (e *Engine) stageKeys() []string {
	var out []string
	for _, st := range e.Bank.Stages {
		out = append(out, st.Key)
	}
	return out
}

// cursor is the state machine's working copy for choosing the next question.
type cursor struct {
	e        *Engine
	plan     Plan
	stages   []*questions.Stage
	seed     int64
	state    State
	seen     map[string]bool
	projects []*Project
}

func (e *Engine) cursor(ctx context.Context, s *Session) (*cursor, error) {
	plan, err := e.Plans.Get(s.Plan)
	if err != nil {
		return nil, err
	}
	if s.Topic != "" {
		plan = plan.narrow(s.Topic)
	}
	c := &cursor{e: e, plan: plan, seed: s.Seed, state: s.State}
	c.state.Asked = slices.Clone(s.State.Asked)
	for _, key := range plan.Stages {
		if st := e.Bank.Stage(key); st != nil {
			c.stages = append(c.stages, st)
		}
	}
	if c.seen, err = e.Store.SeenQuestions(ctx, s.UserID); err != nil {
		return nil, fmt.Errorf("seen questions: %w", err)
	}
	if c.projects, err = e.Store.Projects(ctx, s.UserID); err != nil {
		return nil, fmt.Errorf("cv projects: %w", err)
	}
	return c, nil
}

func (c *cursor) asked(id string) bool { return slices.Contains(c.state.Asked, id) }

func (c *cursor) rng() *rand.Rand {
	return rand.New(rand.NewPCG(uint64(c.seed), uint64(len(c.state.Asked))))
}

// advance records that the pending question (if any) was answered with score, and
// chooses the next one: an edge of the graph whose condition the score meets, else
// another question of the stage, else a CV follow-up for the stage, else the next
// stage. It returns nil when the interview is over.
func (c *cursor) advance(answered *questions.Question, score int) *Pending {
	if p := c.state.Pending; p != nil {
		c.state.Asked = append(c.state.Asked, p.QuestionID)
		if p.Kind == KindCV {
			c.state.CVAsked++
		} else {
			c.state.StageAsked++
		}
		c.state.Pending = nil
	}
	for c.state.StageIndex < len(c.stages) {
		st := c.stages[c.state.StageIndex]
		if c.state.StageAsked < c.plan.PerStage {
			if answered != nil && score >= 0 {
				for _, edge := range answered.Next {
					if edge.When.Match(score) && !c.asked(edge.To) {
						if q := c.e.Bank.Question(edge.To); q != nil {
							return c.ask(q)
						}
					}
				}
			}
			if q := c.pick(st); q != nil {
				return c.ask(q)
			}
		}
		if p := c.cvFollowup(st, false); p != nil {
			return p
		}
		c.state.StageIndex++
		c.state.StageAsked = 0
		answered = nil
	}
	// Every stage done: a general project question if the CV quota is still open.
	if c.state.CVAsked == 0 {
		for _, st := range c.e.Bank.Stages {
			if p := c.cvFollowup(st, true); p != nil {
				return p
			}
		}
	}
	return nil
}

// pick chooses a question of the stage by the plan's level preference, preferring
// questions the user has not met in earlier sessions.
func (c *cursor) pick(st *questions.Stage) *questions.Question {
	levels := append(slices.Clone(c.plan.Levels), 1, 2, 3)
	for _, lv := range levels {
		var fresh, old []*questions.Question
		for _, q := range st.Questions {
			if q.Level != lv || c.asked(q.ID) {
				continue
			}
			if c.seen[q.ID] {
				old = append(old, q)
			} else {
				fresh = append(fresh, q)
			}
		}
		if len(fresh) > 0 {
			return fresh[c.rng().IntN(len(fresh))]
		}
		if len(old) > 0 {
			return old[c.rng().IntN(len(old))]
		}
	}
	return nil
}

// cvFollowup asks about a CV project that a template of the stage fits. With general
// set, only tag-less templates are used (the end-of-interview fallback).
func (c *cursor) cvFollowup(st *questions.Stage, general bool) *Pending {
	if c.state.CVAsked >= c.plan.CVFollowups || len(c.projects) == 0 {
		return nil
	}
	for _, id := range c.state.Asked {
		if strings.HasPrefix(id, "cv:"+st.Key+":") {
			return nil // one CV follow-up per stage
		}
	}
	type option struct {
		key     string
		t       *questions.CVTemplate
		project *Project
	}
	var opts []option
	for i, t := range st.CV {
		if general != (len(t.Tags) == 0) {
			continue
		}
		key := fmt.Sprintf("cv:%s:%d", st.Key, i)
		if c.asked(key) {
			continue
		}
		for _, p := range c.projects {
			if t.Matches(p.Tags) {
				opts = append(opts, option{key, t, p})
			}
		}
	}
	if len(opts) == 0 {
		return nil
	}
	o := opts[c.rng().IntN(len(opts))]
	return &Pending{
		Kind: KindCV, QuestionID: o.key, Stage: st.Key, Prompt: o.t.Render(o.project.Name),
		ProjectID: o.project.ID, Number: len(c.state.Asked) + 1,
	}
}

func (c *cursor) ask(q *questions.Question) *Pending {
	return &Pending{Kind: KindBank, QuestionID: q.ID, Stage: q.Stage, Prompt: q.Prompt, Number: len(c.state.Asked) + 1}
}

// Planned estimates the interview's length for progress displays ("3/12"); withCV
// counts the CV follow-ups of a candidate who has projects.
func (e *Engine) Planned(s *Session, withCV bool) int {
	plan, err := e.Plans.Get(s.Plan)
	if err != nil {
		return 0
	}
	if s.Topic != "" {
		plan = plan.narrow(s.Topic)
		if st := e.Bank.Stage(s.Topic); st != nil {
			return min(plan.PerStage, len(st.Questions)) + cvCount(plan, withCV)
		}
	}
	n := 0
	for _, key := range plan.Stages {
		if st := e.Bank.Stage(key); st != nil {
			n += min(plan.PerStage, len(st.Questions))
		}
	}
	return n + cvCount(plan, withCV)
}

func cvCount(p Plan, withCV bool) int {
	if withCV {
		return p.CVFollowups
	}
	return 0
}

// Session returns a session by id.
func (e *Engine) Session(ctx context.Context, id int64) (*Session, error) {
	return e.Store.Session(ctx, id)
}

// Turns returns a session's recorded turns in order.
func (e *Engine) Turns(ctx context.Context, s *Session) ([]*Turn, error) {
	return e.Store.Turns(ctx, s.ID)
}
