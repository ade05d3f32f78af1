package interview

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mockinterview/mockinterview/questions"
)

// MaxAnswerRunes is the longest answer kept; longer ones are cut (with a note in the
// feedback) so a pasted novel cannot slow scoring or bloat the database.
const MaxAnswerRunes = 4000

// CutNote is the feedback sentence for an answer that CutAnswer shortened.
var CutNote = fmt.Sprintf("Your answer was longer than %d characters and was cut there.", MaxAnswerRunes)

// CutAnswer is the one rule for every answer, in interviews and in channels: valid
// UTF-8, trimmed, at most MaxAnswerRunes. cut reports whether it was shortened.
func CutAnswer(answer string) (text string, cut bool) {
	answer = strings.TrimSpace(strings.ToValidUTF8(answer, "\uFFFD"))
	if utf8.RuneCountInString(answer) > MaxAnswerRunes {
		return string([]rune(answer)[:MaxAnswerRunes]), true
	}
	return answer, false
}

// ProjectsTitle is the stage title shown for a question about the candidate's own
// CV projects.
const ProjectsTitle = "Your projects"

// QuestionView is what a front end shows for a question: everything it needs, so no
// front end reads the bank, the plans or the scoring settings itself.
type QuestionView struct {
	Number     int    // 1-based position in the interview (0 outside one)
	Planned    int    // the interview's expected length (0 outside one)
	Stage      string // stage key
	StageTitle string
	Level      int  // 1–3; 0 for CV follow-ups
	CV         bool // about the candidate's own project: recorded, not scored
	Prompt     string
	Code       string // a snippet to read, shown as a code block
	HintsLeft  int
	HintCost   int // percent of the score each hint costs; 0 when hints cost nothing
}

func viewOf(bank *questions.Bank, q *questions.Question) *QuestionView {
	return &QuestionView{Stage: q.Stage, StageTitle: stageTitle(bank, q.Stage), Level: q.Level, Prompt: q.Prompt, Code: q.Code}
}

func stageTitle(bank *questions.Bank, key string) string {
	if st := bank.Stage(key); st != nil {
		return st.Title
	}
	return key
}

// StageTitle is the title of a stage, or its key when the bank has no such stage.
func (e *Engine) StageTitle(key string) string { return stageTitle(e.Bank, key) }

// HintCost is the percent of a question's score that each hint costs.
func (e *Engine) HintCost() int { return int(e.hintPenalty()*100 + 0.5) }

// Show returns what to display for the session's pending question, or nil when
// nothing is pending. The candidate's CV projects are looked up only when they change
// the expected length (a plan with CV follow-ups).
func (e *Engine) Show(ctx context.Context, s *Session) (*QuestionView, error) {
	p := s.State.Pending
	if p == nil {
		return nil, nil
	}
	v := &QuestionView{Number: p.Number, Stage: p.Stage, StageTitle: e.StageTitle(p.Stage), Prompt: p.Prompt}
	hints := cvHints
	if q := e.Bank.Question(p.QuestionID); q != nil && p.Kind == KindBank {
		v.Level, v.Code, hints = q.Level, q.Code, q.Hints
		v.HintCost = e.HintCost()
	}
	if p.Kind == KindCV {
		v.CV, v.StageTitle = true, ProjectsTitle
	}
	v.HintsLeft = max(0, len(hints)-p.Hints)
	v.Planned = e.Planned(s, false)
	if withCV := e.Planned(s, true); withCV != v.Planned {
		ps, err := e.Store.Projects(ctx, s.UserID)
		if err != nil {
			return nil, fmt.Errorf("cv projects: %w", err)
		}
		if len(ps) > 0 {
			v.Planned = withCV
		}
	}
	return v, nil
}

// cvHints are the hints of a question about the candidate's own project.
var cvHints = []string{"Be concrete: name the components, the numbers, and why you chose them over the alternatives."}

// Topics lists the stage keys an interview can be narrowed to.
func (e *Engine) Topics() []string { return e.stageKeys() }

// ParseStart reads the words after "start": an optional plan name and an optional
// topic, in either order.
func (e *Engine) ParseStart(args []string) (StartOptions, error) {
	opt := StartOptions{Plan: "standard"}
	planSet := false
	for _, a := range args {
		a = strings.ToLower(a)
		if _, err := e.Plans.Get(a); err == nil && !planSet {
			opt.Plan, planSet = a, true
			continue
		}
		if opt.Topic == "" {
			if e.findStage(a) == nil {
				return opt, Errorf(EINVALID, "Unknown topic %q; choose one of: %s.", a, strings.Join(e.stageKeys(), ", "))
			}
			opt.Topic = a
			continue
		}
		return opt, Errorf(EINVALID, "Use: start [%s] [TOPIC]", strings.Join(e.Plans.Names(), "|"))
	}
	return opt, nil
}
