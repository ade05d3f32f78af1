package llm

import (
	"math"
	"slices"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// liftGap is how far above the keyword score a model's score may go on the model's
// word alone; past it the answer's own rubric evidence must support it.
const liftGap = 30

// voiding are the keyword scorer's flags under which the terms an answer shows are
// no evidence of knowing them: a list of rubric terms, the question said back, an
// answer in another language, "I don't know".
var voiding = []string{"empty", "dont-know", "wrong-language", "repeats-question", "stuffing"}

// support is what check found.
type support struct {
	ok       bool
	evidence int    // the score the key points shown in the answer support, 0–100
	why      string // the end of a sentence for the candidate, when not ok
}

// check decides whether a model's score may stand. An answer that talks the model
// into a grade, in a language or disguise the guard does not read, still shows no
// more of the rubric than it did: so a score more than liftGap above the keyword
// score stands only if it is within liftGap of what the key points the answer shows
// are worth, and the model names as covered at least one key point the answer
// shows. Where nothing in the rubric can be checked against the answer (key points
// without terms), the model must at least name a key point as covered.
func check(q *questions.Question, points []point, kw interview.Result, v verdict, answer string) support {
	if v.score-kw.Score <= liftGap || len(points) == 0 {
		return support{ok: true}
	}
	shown, checkable := evidence(q, points, kw, answer)
	cited, citedShown := false, false
	var got, total float64
	for i, p := range points {
		st := v.point(i + 1).status
		claimed := st == statusCovered || st == statusPartial
		cited = cited || claimed
		if !checkable[i] {
			continue
		}
		total += p.weight
		if shown[i] {
			got += p.weight
			citedShown = citedShown || claimed
		}
	}
	if total == 0 {
		if cited {
			return support{ok: true}
		}
		return support{why: "the model named no key point as covered"}
	}
	c := support{evidence: int(math.Round(100 * got / total))}
	switch {
	case v.score-c.evidence > liftGap:
		c.why = "above what the key points found in your answer support"
	case !citedShown:
		c.why = "the model did not name as covered any key point your answer shows"
	default:
		c.ok = true
	}
	return c
}

// evidence reports for each rubric point whether the answer shows it (the keyword
// scorer matched it, or the answer states one of its terms as the model answer
// does), and whether that can be checked at all (the point has terms).
func evidence(q *questions.Question, points []point, kw interview.Result, answer string) (shown, checkable []bool) {
	shown, checkable = make([]bool, len(points)), make([]bool, len(points))
	fromBank := len(q.KeyPoints) == len(points)
	var shares []float64
	if fromBank {
		shares = scoring.Evidence(q, answer)
	}
	matched := map[string]bool{}
	for _, m := range kw.Matched {
		matched[strings.TrimSpace(m)] = true
	}
	void := slices.ContainsFunc(kw.Flags, func(f string) bool { return slices.Contains(voiding, f) })
	for i, p := range points {
		// Points derived from the model answer are the keyword scorer's own, so its
		// matches are their evidence.
		checkable[i] = !fromBank || len(q.KeyPoints[i].Terms) > 0
		shown[i] = !void && (matched[p.text] || fromBank && shares[i] > 0)
	}
	return shown, checkable
}
