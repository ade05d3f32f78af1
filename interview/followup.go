package interview

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// FollowUpWriter writes one follow-up question about a candidate's CV project,
// tailored to its description and to the candidate's last answer (the LLM grader
// implements it). An error, or an empty question, keeps the bank's template.
type FollowUpWriter interface {
	FollowUp(ctx context.Context, p *Project, lastAnswer string) (string, error)
}

// FollowUpFunc adapts a function to the FollowUpWriter interface.
type FollowUpFunc func(ctx context.Context, p *Project, lastAnswer string) (string, error)

// FollowUp calls f.
func (f FollowUpFunc) FollowUp(ctx context.Context, p *Project, lastAnswer string) (string, error) {
	return f(ctx, p, lastAnswer)
}

// FollowUpTimeout bounds a FollowUpWriter: the candidate is waiting for the next
// question, and the template is a good question too.
const FollowUpTimeout = 8 * time.Second

// maxFollowUpRunes bounds a written follow-up; a longer one is not a question.
const maxFollowUpRunes = 400

// tailor replaces the prompt of a pending CV follow-up with one that FollowUps
// writes for the project; on any failure the template's prompt stays.
func (e *Engine) tailor(ctx context.Context, next *Pending, projects []*Project, lastAnswer string) {
	if e.FollowUps == nil || next == nil || next.Kind != KindCV {
		return
	}
	var project *Project
	for _, p := range projects {
		if p.ID == next.ProjectID {
			project = p
			break
		}
	}
	if project == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, FollowUpTimeout)
	defer cancel()
	q, err := e.FollowUps.FollowUp(ctx, project, lastAnswer)
	q = strings.TrimSpace(q)
	if err != nil || q == "" || utf8.RuneCountInString(q) > maxFollowUpRunes {
		return
	}
	next.Prompt = q
}
