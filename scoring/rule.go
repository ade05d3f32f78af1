package scoring

import (
	"fmt"
	"math"
	"strings"
)

// The rule that turns the checklist into the number (docs/SCORING.md):
//
//   - Each key point has a share of the answer: its weight over the rubric's total.
//   - A covered point earns its whole share, a partly covered one the part its terms
//     (or, failing them, its own words) show, a point whose terms only appear in a
//     list that states no relation a quarter, and a missed point, one stated the
//     other way round, one whose roles are swapped and one a stated misconception
//     contradicts earn nothing. The earned shares add up to K, from 0 to 1.
//   - The score is 100 × K × (0.85 + 0.15·Q), where Q (0 to 1) is how close the
//     answer comes to the model answer's wording: it orders answers that cover the
//     same points, and it cannot lift a missed point, since it scales K. So every
//     point covered is at least 85, and a missed point caps the score at its share
//     below 100.
//   - Each stated misconception then costs 10 more points (15 when it names no key
//     point), and one that contradicts a point of weight 2 or more keeps the score
//     under 50. A point stated the opposite way or with its roles swapped costs 10
//     more too: a wrong claim costs more than silence.
//   - The defences come last (empty, "I don't know", another language, the question
//     repeated, very long); the interview then takes the hint penalty off.

const (
	ruleFloor         = 0.85 // share of the score the checklist alone gives
	miscCost          = 10   // points each stated misconception costs
	miscCostUnpointed = 15   // … when it names no key point it contradicts
	miscHeavyCap      = 45   // a misconception on a weight-2 point keeps the score under 50
	wrongPointCost    = 10   // points each key point stated the opposite or swapped costs
)

// checklist is the graded rubric of one answer.
type checklist struct {
	points []pointResult
	stated []int // misconceptions the answer states
}

// number applies the rule.
func (c checklist) number(r *rubric, q float64) (score float64, k float64) {
	for i, p := range r.points {
		k += p.share * c.points[i].credit
	}
	score = 100 * k * (ruleFloor + (1-ruleFloor)*clamp01(q))
	for _, pr := range c.points {
		if pr.status == stOpposite || pr.status == stSwapped {
			score -= wrongPointCost // a wrong claim costs more than silence
		}
	}
	heavy := false
	for _, mi := range c.stated {
		m := r.miscs[mi]
		if len(m.contradicts) == 0 {
			score -= miscCostUnpointed
		} else {
			score -= miscCost
		}
		for _, k := range m.contradicts {
			heavy = heavy || r.points[k].weight >= 2
		}
	}
	if heavy {
		score = math.Min(score, miscHeavyCap)
	}
	return math.Max(0, score), k
}

// Feedback labels: FeedbackKind (interview/score.go) reads them back.
const (
	labelCovered      = "Covered"
	labelPartial      = "Partly covered"
	labelListed       = "Named, not explained"
	labelMissed       = "Missed"
	labelOpposite     = "Stated the opposite"
	labelSwapped      = "Swapped"
	labelContradicted = "Contradicted"
)

// feedback writes one line per key point with its share, then one per stated
// misconception.
func (c checklist) feedback(r *rubric) (lines, matched, missed []string) {
	for i, p := range r.points {
		pr := c.points[i]
		label := labelMissed
		switch pr.status {
		case stCovered:
			label = labelCovered
		case stPartial:
			label = labelPartial
		case stListed:
			label = labelListed
		case stOpposite:
			label = labelOpposite
		case stSwapped:
			label = labelSwapped
		case stContradicted:
			label = labelContradicted
		}
		if pr.status == stCovered || pr.status == stPartial || pr.status == stListed {
			matched = append(matched, p.text)
		} else {
			missed = append(missed, p.text)
		}
		lines = append(lines, fmt.Sprintf("%s (%d%%): %s.", label, percent(p.share), strings.TrimRight(strings.TrimSpace(p.text), ".")))
	}
	for _, mi := range c.stated {
		lines = append(lines, "Careful: "+sentenceCase(r.miscs[mi].correction))
	}
	return lines, matched, missed
}

// percent rounds a share for display; every point shows at least 1%.
func percent(share float64) int { return max(1, int(math.Round(100*share))) }

// sentenceCase makes a correction a sentence with a final period; its first word
// keeps its case, since corrections often start with a name ("select_related ...").
func sentenceCase(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}
