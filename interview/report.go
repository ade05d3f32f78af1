package interview

import (
	"context"
	"fmt"
	"sort"
)

// Report is the end-of-interview summary.
type Report struct {
	Session   *Session
	Turns     []*Turn
	Stages    []StageScore // in the order the stages were asked
	Strongest string       // stage title; "" with fewer than two scored stages
	Weakest   string
	Weak      []WeakTurn // turns under WeakBelow, with what was missed and the model answer
	CVAnswers int        // CV follow-ups answered (recorded, not scored)
	Overall   int
}

// StageScore is one stage's average.
type StageScore struct {
	Key, Title string
	Score      int
	Questions  int
}

// WeakTurn is a turn to study again.
type WeakTurn struct {
	Turn      *Turn
	Reference string
}

// WeakBelow is the score under which a turn is listed with its model answer.
const WeakBelow = 60

// Report builds the session's report from its stored turns.
func (e *Engine) Report(ctx context.Context, s *Session) (*Report, error) {
	turns, err := e.Store.Turns(ctx, s.ID)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r := &Report{Session: s, Turns: turns, Overall: overallScore(turns)}
	idx := map[string]int{}
	sums := map[string]int{}
	for _, t := range turns {
		if t.Score == nil {
			if t.Kind == KindCV && !t.Skipped {
				r.CVAnswers++
			}
			continue
		}
		key := t.Stage
		if q := e.Bank.Question(t.QuestionID); q != nil {
			key = q.Stage
		}
		if _, ok := idx[key]; !ok {
			title := key
			if st := e.Bank.Stage(key); st != nil {
				title = st.Title
			}
			idx[key] = len(r.Stages)
			r.Stages = append(r.Stages, StageScore{Key: key, Title: title})
		}
		ss := &r.Stages[idx[key]]
		ss.Questions++
		sums[key] += *t.Score
		if *t.Score < WeakBelow {
			ref := ""
			if q := e.Bank.Question(t.QuestionID); q != nil {
				ref = q.Reference
			}
			r.Weak = append(r.Weak, WeakTurn{Turn: t, Reference: ref})
		}
	}
	for i := range r.Stages {
		ss := &r.Stages[i]
		ss.Score = (sums[ss.Key] + ss.Questions/2) / ss.Questions
	}
	if len(r.Stages) >= 2 {
		sorted := append([]StageScore(nil), r.Stages...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Score > sorted[j].Score })
		if sorted[0].Score != sorted[len(sorted)-1].Score {
			r.Strongest, r.Weakest = sorted[0].Title, sorted[len(sorted)-1].Title
		}
	}
	return r, nil
}

// StageAverage is a user's average score in one stage over all their sessions.
type StageAverage struct {
	Stage   string
	Score   int
	Answers int
}
