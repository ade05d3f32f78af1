// Package questions holds the interview question bank: stages, questions with their
// rubrics, the follow-up graph between them, and CV follow-up templates. It loads
// banks from YAML, checks them (Lint), and embeds the default bank.
//
// It is a leaf package: it knows nothing of scoring, storage or Slack.
package questions

import (
	"fmt"
	"strconv"
	"strings"
)

// Stage is one part of the curriculum, read from one YAML file.
type Stage struct {
	Key       string // "oop"; question ids start with "oop."
	Title     string
	Order     int
	File      string // where it was read from, for messages
	Line      int
	Questions []*Question
	CV        []*CVTemplate
	// Groups are the overlap groups declared in this file; members may be in any stage.
	Groups []*OverlapGroup
}

// Question is one interview question with its model answer and rubric.
type Question struct {
	ID        string
	Stage     string // the key of the stage whose file holds it
	Level     int    // 1 warm-up, 2 core, 3 deep
	Prompt    string
	Reference string // the model answer
	KeyPoints []KeyPoint
	Hints     []string
	Next      []Edge
	Tags      []string

	// Code is a multi-line snippet shown under the prompt as a code block: the
	// candidate reads it (predict the output, spot the bug, review the query).
	Code string
	// Misconceptions are common wrong claims; an answer that states one is told so
	// and loses the points it contradicts.
	Misconceptions []Misconception
	// Aliases are ids this question had before a merge or rename, so history,
	// seen-question rules and reports still resolve them.
	Aliases []string

	File string
	Line int
}

// Scope says how close together a key point's (or misconception's) terms must be.
type Scope string

// The scopes: anywhere in the answer (the default), in one sentence, in one clause.
const (
	ScopeAnswer   Scope = ""
	ScopeSentence Scope = "sentence"
	ScopeClause   Scope = "clause"
)

// Relation is the part of a rubric entry that says how its terms relate: Scope keeps
// them together, Ordered keeps them in the listed order. Together they tell "is
// compares identity" from its swap "is compares values".
type Relation struct {
	Scope   Scope
	Ordered bool
}

// Misconception is a common wrong claim, matched like a key point. Correction is
// what the feedback says ("Careful: 401 means not authenticated; ..."); Contradicts
// lists the (1-based) key points it contradicts, which the answer cannot earn while
// it states the claim.
type Misconception struct {
	Text        string
	Terms       []string
	Relation    Relation
	Correction  string
	Contradicts []int
	Line        int
}

// OverlapGroup names questions that ask nearly the same thing; an interview asks at
// most one question of a group.
type OverlapGroup struct {
	Name      string
	Questions []string
	File      string
	Line      int
}

// KeyPoint is one thing a good answer says. Terms lists the ideas that show it; within
// one term, "|" separates synonyms (spellings, abbreviations, phrasings).
type KeyPoint struct {
	Text     string
	Terms    []string
	Weight   float64
	Relation Relation
}

// Synonyms splits a term into its non-empty alternatives.
func Synonyms(term string) []string {
	var out []string
	for _, s := range strings.Split(term, "|") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Edge is a follow-up: after an answer whose score satisfies When, ask To next.
type Edge struct {
	When Cond
	To   string
	Line int
}

// CVTemplate is a follow-up question about one of the candidate's own projects.
// A template with no tags fits any project.
type CVTemplate struct {
	Stage  string
	Tags   []string
	Prompt string // contains "{project}"
	// Groups are the overlap groups of the topic the follow-up probes: an interview
	// that asked a question of one of them does not ask this follow-up, and the other
	// way round.
	Groups []string
	File   string
	Line   int
}

// Render fills the template's placeholder with a project name.
func (t *CVTemplate) Render(project string) string {
	return strings.ReplaceAll(t.Prompt, "{project}", project)
}

// Matches reports whether the template fits a project with the given tags.
func (t *CVTemplate) Matches(tags []string) bool {
	if len(t.Tags) == 0 {
		return true
	}
	for _, a := range t.Tags {
		for _, b := range tags {
			if strings.EqualFold(a, b) {
				return true
			}
		}
	}
	return false
}

// Cond is a condition on a 0–100 score: ">=70", "<40", "<=N", ">N", "==N" or a range
// "40-69" (inclusive).
type Cond struct {
	Op   string // ">=", ">", "<=", "<", "==", "range"
	A, B int
}

// ParseCond parses a `when` expression.
func ParseCond(s string) (Cond, error) {
	s = strings.TrimSpace(s)
	for _, op := range []string{">=", "<=", "==", ">", "<"} {
		if rest, ok := strings.CutPrefix(s, op); ok {
			n, err := parseScore(rest)
			if err != nil {
				return Cond{}, fmt.Errorf("when %q: %w", s, err)
			}
			return Cond{Op: op, A: n}, nil
		}
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		x, err1 := parseScore(a)
		y, err2 := parseScore(b)
		if err1 == nil && err2 == nil && x <= y {
			return Cond{Op: "range", A: x, B: y}, nil
		}
	}
	return Cond{}, fmt.Errorf("when %q: want >=N, >N, <=N, <N, ==N or A-B with N in 0..100", s)
}

func parseScore(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 100 {
		return 0, fmt.Errorf("%q is not a score from 0 to 100", strings.TrimSpace(s))
	}
	return n, nil
}

// Match reports whether score satisfies the condition.
func (c Cond) Match(score int) bool {
	switch c.Op {
	case ">=":
		return score >= c.A
	case ">":
		return score > c.A
	case "<=":
		return score <= c.A
	case "<":
		return score < c.A
	case "==":
		return score == c.A
	case "range":
		return score >= c.A && score <= c.B
	}
	return false
}

// GoodScore is the lowest score that counts as a good answer: an edge taken only by
// good answers never leads to an easier question.
const GoodScore = 60

// Min is the lowest score that satisfies the condition.
func (c Cond) Min() int {
	switch c.Op {
	case ">=", "==", "range":
		return c.A
	case ">":
		return c.A + 1
	}
	return 0
}

// String gives the condition back in the bank's syntax.
func (c Cond) String() string {
	if c.Op == "range" {
		return fmt.Sprintf("%d-%d", c.A, c.B)
	}
	return c.Op + strconv.Itoa(c.A)
}
