package interview

import (
	"context"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// Scorer names recorded with each turn.
const (
	ScorerKeyword = "keyword"
	ScorerLLM     = "llm"
	ScorerNone    = "none" // CV follow-ups have no rubric
)

// Scorer grades a free-text answer against a question's rubric.
type Scorer interface {
	Score(ctx context.Context, q *questions.Question, answer string) (Result, error)
}

// Result is a graded answer.
type Result struct {
	Score    int      // 0–100
	Matched  []string // key points covered, even partly (their text)
	Missed   []string // key points missed, stated the other way round, swapped or contradicted
	Feedback []string // sentences for the candidate
	Scorer   string
	// Misconceptions are the texts of the rubric's misconceptions the answer states;
	// the feedback says what is true instead ("Careful: ...").
	Misconceptions []string
	Flags          []string       // e.g. "empty", "dont-know", "stuffing", "salad", "misconception", "wrong-language", "repeats-question", "instructs-grader"
	Details        map[string]any // kept with the turn for audit
}

// ScorerFunc adapts a function to the Scorer interface.
type ScorerFunc func(ctx context.Context, q *questions.Question, answer string) (Result, error)

// Score calls f.
func (f ScorerFunc) Score(ctx context.Context, q *questions.Question, answer string) (Result, error) {
	return f(ctx, q, answer)
}

// Feedback kinds, as FeedbackKind reads them.
const (
	FeedbackCovered  = "covered"
	FeedbackPartial  = "partial"
	FeedbackMissed   = "missed"
	FeedbackOpposite = "opposite"
	// FeedbackMisconception is a "Careful: ..." sentence: the answer states a common
	// wrong claim, and the sentence says what is true.
	FeedbackMisconception = "misconception"
)

// feedbackLabels are the openings of the scorers' key point sentences, as
// "Label: text." or "Label (30%): text.", and the kind each one is. A swapped
// relation or a point a misconception contradicts is a kind of opposite; a point
// whose terms are only named in a list is partly covered.
var feedbackLabels = []struct{ label, kind string }{
	{"Covered", FeedbackCovered},
	{"Partly covered", FeedbackPartial},
	{"Named, not explained", FeedbackPartial},
	{"Missed", FeedbackMissed},
	{"Stated the opposite of", FeedbackOpposite},
	{"Stated the opposite", FeedbackOpposite},
	{"Swapped", FeedbackOpposite},
	{"Contradicted", FeedbackOpposite},
	{"Careful", FeedbackMisconception},
}

// FeedbackKind tells what a feedback sentence of a scorer says about its key point,
// for front ends that mark it; "" for other sentences.
func FeedbackKind(sentence string) string {
	for _, l := range feedbackLabels {
		rest, ok := strings.CutPrefix(sentence, l.label)
		if !ok {
			continue
		}
		if strings.HasPrefix(rest, ": ") {
			return l.kind
		}
		if strings.HasPrefix(rest, " (") {
			if i := strings.Index(rest, "): "); i > 0 && i < 16 {
				return l.kind
			}
		}
	}
	return ""
}
