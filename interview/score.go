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
	Matched  []string // key points covered (their text)
	Missed   []string // key points missed
	Feedback []string // sentences for the candidate
	Scorer   string
	Flags    []string       // e.g. "empty", "dont-know", "stuffing", "repeats-question", "instructs-grader"
	Details  map[string]any // kept with the turn for audit
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
)

// FeedbackKind tells what a feedback sentence of the keyword scorer says about its key
// point, for front ends that mark it; "" for other sentences.
func FeedbackKind(sentence string) string {
	switch {
	case strings.HasPrefix(sentence, "Covered: "):
		return FeedbackCovered
	case strings.HasPrefix(sentence, "Partly covered: "):
		return FeedbackPartial
	case strings.HasPrefix(sentence, "Missed: "):
		return FeedbackMissed
	case strings.HasPrefix(sentence, "Stated the opposite of: "):
		return FeedbackOpposite
	}
	return ""
}
