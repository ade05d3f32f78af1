package scoring_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// evalItem is one human-graded answer of the evaluation set (testdata/eval.jsonl).
type evalItem struct {
	QuestionID string `json:"question_id"`
	Kind       string `json:"kind"`
	Answer     string `json:"answer"`
	Grade      int    `json:"grade"` // 0–5, as a careful interviewer graded it
}

func loadEval(tb testing.TB) []evalItem {
	tb.Helper()
	f, err := os.Open("testdata/eval.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var items []evalItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var it evalItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			tb.Fatalf("eval.jsonl:%d: %v", n, err)
		}
		items = append(items, it)
	}
	return items
}

// evalBank is the embedded bank with the synthetic questions of testdata/synth, whose
// rubrics use misconceptions, relations and negative key points.
func evalBank(tb testing.TB) *questions.Bank {
	tb.Helper()
	bank, err := questions.Load("testdata/synth")
	if err != nil {
		tb.Fatal(err)
	}
	return bank
}

// pearson and rmse compare the scorer (0–100, scaled to 0–5) with the human grades.
func pearson(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

func rmse(x, y []float64) float64 {
	var s float64
	for i := range x {
		s += (x[i] - y[i]) * (x[i] - y[i])
	}
	return math.Sqrt(s / float64(len(x)))
}

// graded is one evaluation answer with both grades on the 0–100 scale.
type graded struct {
	evalItem
	human, scorer float64
	flags         []string
	oppositeFlag  bool // a correct answer told it stated the opposite
}

// confidentlyWrong are the kinds of answer that state wrong things in the rubric's
// own vocabulary; with a human grade of 0 or 1 they are the targets' "confidently
// wrong" answers.
var confidentlyWrong = map[string]bool{"negated": true, "swapped": true, "misconception": true, "misconception-words": true, "wrong": true}

// terse are the short and telegraphic kinds.
var terse = map[string]bool{"terse": true, "short": true}

// report is what the evaluation measures: agreement overall and the figures the
// targets name, overall and per kind.
type report struct {
	n             int
	r, rmse       float64
	wrongMean     float64 // confidently wrong answers (human 0–1): mean score
	wrongHigh     float64 // … share scoring 50 or more
	correctLow    float64 // answers a human gave 4 or 5: share scoring under 50
	terseGap      float64 // terse correct answers: mean score − mean human grade
	kinds         map[string]kindStats
	kindNames     []string
	worst         []graded
	oppositeFalse int // correct answers told they stated the opposite
}

type kindStats struct {
	n                 int
	human, scorer     float64 // means, 0–100
	r                 float64 // within the kind, NaN when the human grades do not vary
	belowHalf, atHalf int     // scores < 50 and >= 50
}

func evaluate(tb testing.TB, s *scoring.KeywordScorer, bank *questions.Bank, items []evalItem, adhoc bool) report {
	tb.Helper()
	var all []graded
	for _, it := range items {
		q := bank.Question(it.QuestionID)
		if q == nil {
			tb.Fatalf("unknown question %s", it.QuestionID)
		}
		if adhoc {
			q = &questions.Question{ID: "adhoc", Level: 2, Prompt: q.Prompt, Reference: q.Reference}
		}
		res, err := s.Score(context.Background(), q, it.Answer)
		if err != nil {
			tb.Fatal(err)
		}
		g := graded{evalItem: it, human: float64(it.Grade) * 20, scorer: float64(res.Score), flags: res.Flags}
		if it.Grade >= 4 && !adhoc {
			for _, f := range res.Feedback {
				if strings.HasPrefix(f, "Stated the opposite") {
					g.oppositeFlag = true
					tb.Logf("correct answer told it stated the opposite: %s %s: %q", it.QuestionID, f, it.Answer)
				}
			}
		}
		all = append(all, g)
	}
	rep := report{n: len(all), kinds: map[string]kindStats{}}
	var pred, human []float64
	byKind := map[string][]graded{}
	var wrongN, wrongHigh, correctN, correctLow, terseN int
	var terseDiff float64
	for _, g := range all {
		pred = append(pred, g.scorer/20)
		human = append(human, g.human/20)
		byKind[g.Kind] = append(byKind[g.Kind], g)
		if confidentlyWrong[g.Kind] && g.Grade <= 1 {
			wrongN++
			rep.wrongMean += g.scorer
			if g.scorer >= 50 {
				wrongHigh++
			}
		}
		if g.Grade >= 4 && g.Kind != "foreign" {
			correctN++
			if g.scorer < 50 {
				correctLow++
			}
		}
		if terse[g.Kind] && g.Grade >= 4 {
			terseN++
			terseDiff += g.scorer - g.human
		}
		if g.oppositeFlag {
			rep.oppositeFalse++
		}
	}
	rep.r, rep.rmse = pearson(pred, human), rmse(pred, human)
	rep.wrongMean /= float64(max(1, wrongN))
	rep.wrongHigh = float64(wrongHigh) / float64(max(1, wrongN))
	rep.correctLow = float64(correctLow) / float64(max(1, correctN))
	rep.terseGap = terseDiff / float64(max(1, terseN))
	for k, gs := range byKind {
		var ks kindStats
		var p, h []float64
		for _, g := range gs {
			ks.n++
			ks.human += g.human
			ks.scorer += g.scorer
			p, h = append(p, g.scorer), append(h, g.human)
			if g.scorer < 50 {
				ks.belowHalf++
			} else {
				ks.atHalf++
			}
		}
		ks.human /= float64(ks.n)
		ks.scorer /= float64(ks.n)
		ks.r = pearson(p, h)
		rep.kinds[k] = ks
		rep.kindNames = append(rep.kindNames, k)
	}
	sort.Strings(rep.kindNames)
	sort.Slice(all, func(i, j int) bool {
		return math.Abs(all[i].scorer-all[i].human) > math.Abs(all[j].scorer-all[j].human)
	})
	rep.worst = all[:min(len(all), 40)]
	return rep
}

func (rep report) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d answers: Pearson r = %.3f, RMSE = %.3f (0–5 scale)\n", rep.n, rep.r, rep.rmse)
	fmt.Fprintf(&sb, "confidently wrong: mean %.1f, %.1f%% at 50 or more; correct answers under 50: %.1f%%; terse correct: %+.1f points from the human mean\n",
		rep.wrongMean, 100*rep.wrongHigh, 100*rep.correctLow, rep.terseGap)
	fmt.Fprintf(&sb, "  %-20s %4s %7s %7s %7s %6s\n", "kind", "n", "human", "scorer", "r", "<50")
	for _, k := range rep.kindNames {
		ks := rep.kinds[k]
		r := "   -"
		if !math.IsNaN(ks.r) {
			r = fmt.Sprintf("%.2f", ks.r)
		}
		fmt.Fprintf(&sb, "  %-20s %4d %7.1f %7.1f %7s %6d\n", k, ks.n, ks.human, ks.scorer, r, ks.belowHalf)
	}
	return sb.String()
}

// Targets of the issue (docs/SCORING.md has the figures reached). They hold on the
// questions whose rubric lists its misconceptions and relations: the synthetic
// questions today, the whole bank once its rewrite lands. On the bank as it is,
// with no misconception listed, a keyword scorer catches a wrong claim only by
// its polarity, its swapped roles or its order, so the floors there guard
// against regressions at the level reached.
type floors struct {
	minR, maxRMSE                 float64
	maxWrongMean, maxWrongHigh    float64
	maxCorrectLow, maxTerseGapAbs float64
}

var (
	targets    = floors{minR: 0.88, maxRMSE: 0.95, maxWrongMean: 15, maxWrongHigh: 0.05, maxCorrectLow: 0.02, maxTerseGapAbs: 10}
	bankFloors = floors{minR: 0.83, maxRMSE: 1.15, maxWrongMean: 27, maxWrongHigh: 0.18, maxCorrectLow: 0.02, maxTerseGapAbs: 10}
)

func (f floors) check(t *testing.T, name string, rep report) {
	t.Helper()
	if rep.r < f.minR || rep.rmse > f.maxRMSE {
		t.Errorf("%s: agreement fell: r = %.3f (floor %.2f), RMSE = %.3f (ceiling %.2f)", name, rep.r, f.minR, rep.rmse, f.maxRMSE)
	}
	if rep.wrongMean > f.maxWrongMean || rep.wrongHigh > f.maxWrongHigh {
		t.Errorf("%s: confidently wrong answers: mean %.1f (ceiling %.0f), %.1f%% at 50 or more (ceiling %.0f%%)", name, rep.wrongMean, f.maxWrongMean, 100*rep.wrongHigh, 100*f.maxWrongHigh)
	}
	if rep.correctLow > f.maxCorrectLow {
		t.Errorf("%s: %.1f%% of correct answers score under 50; ceiling %.0f%%", name, 100*rep.correctLow, 100*f.maxCorrectLow)
	}
	if math.Abs(rep.terseGap) > f.maxTerseGapAbs {
		t.Errorf("%s: terse correct answers score %+.1f points from the human mean; want within %.0f", name, rep.terseGap, f.maxTerseGapAbs)
	}
	if rep.oppositeFalse > 0 {
		t.Errorf("%s: %d correct answers were told they stated the opposite", name, rep.oppositeFalse)
	}
}

// kindFloors bound each kind's mean score (0–100) over the whole set, so a change
// that lets one kind drift is caught even when the overall figures hold.
var kindFloors = map[string][2]float64{ // kind: {lowest, highest} mean score
	"reworded": {88, 100}, "negative": {90, 100}, "terse": {85, 100}, "short": {55, 100},
	"code": {48, 100}, "partial": {38, 65}, "misconception": {0, 30}, "misconception-words": {0, 36},
	"negated": {0, 36}, "swapped": {0, 23}, "wrong": {0, 10}, "offtopic": {0, 10}, "fluff": {0, 10},
	"stuffing": {0, 30}, "salad": {0, 25}, "foreign": {0, 0}, "injection": {0, 15},
}

func withMisconceptions(bank *questions.Bank, items []evalItem, want bool) []evalItem {
	var out []evalItem
	for _, it := range items {
		if q := bank.Question(it.QuestionID); q != nil && (len(q.Misconceptions) > 0) == want {
			out = append(out, it)
		}
	}
	return out
}

func TestScorerAgreesWithHumanGrades(t *testing.T) {
	bank := evalBank(t)
	items := loadEval(t)
	if len(items) < 500 {
		t.Fatalf("evaluation set has %d answers; want at least 500", len(items))
	}
	s := scoring.NewKeywordScorer(bank)
	rep := evaluate(t, s, bank, items, false)
	t.Logf("keyword scorer vs human grades over %s", rep)
	if testing.Verbose() {
		for _, g := range rep.worst {
			t.Logf("off by %+4.0f: %-20s %-30s human %3.0f scorer %3.0f %v: %.100q", g.scorer-g.human, g.Kind, g.QuestionID, g.human, g.scorer, g.flags, g.Answer)
		}
	}
	listed := evaluate(t, s, bank, withMisconceptions(bank, items, true), false)
	t.Logf("on questions whose rubric lists misconceptions: %s", listed)
	targets.check(t, "rubric with misconceptions", listed)
	unlisted := evaluate(t, s, bank, withMisconceptions(bank, items, false), false)
	t.Logf("on questions whose rubric lists none (the bank today): %s", unlisted)
	bankFloors.check(t, "rubric without misconceptions", unlisted)
	if rep.correctLow > targets.maxCorrectLow || math.Abs(rep.terseGap) > targets.maxTerseGapAbs || rep.oppositeFalse > 0 {
		t.Errorf("whole set: correct under 50 %.1f%%, terse gap %+.1f, %d false opposites", 100*rep.correctLow, rep.terseGap, rep.oppositeFalse)
	}
	for _, k := range rep.kindNames {
		b, ok := kindFloors[k]
		if !ok {
			t.Errorf("kind %q has no floor", k)
			continue
		}
		if m := rep.kinds[k].scorer; m < b[0] || m > b[1] {
			t.Errorf("kind %s: mean score %.1f outside [%.0f, %.0f] (human mean %.1f)", k, m, b[0], b[1], rep.kinds[k].human)
		}
	}
}

// TestScorerWithoutRubricAgrees grades the same answers as `grade` does for a
// question it does not know: only the question and the model answer, key points
// derived from it.
func TestScorerWithoutRubricAgrees(t *testing.T) {
	bank := evalBank(t)
	rep := evaluate(t, scoring.NewKeywordScorer(bank), bank, loadEval(t), true)
	t.Logf("without a rubric (key points derived from the model answer): %s", rep)
	if rep.r < evalMinPearsonDerived || rep.rmse > evalMaxRMSEDerived {
		t.Fatalf("agreement without a rubric fell: r = %.3f (floor %.2f), RMSE = %.3f (ceiling %.2f)", rep.r, evalMinPearsonDerived, rep.rmse, evalMaxRMSEDerived)
	}
}

// Without a rubric the key points are the model answer's sentences, shown by their
// rarest words: a harder task, with floors of its own.
const (
	evalMinPearsonDerived = 0.72
	evalMaxRMSEDerived    = 1.55
)
