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
	return sxy / math.Sqrt(sxx*syy)
}

func rmse(x, y []float64) float64 {
	var s float64
	for i := range x {
		s += (x[i] - y[i]) * (x[i] - y[i])
	}
	return math.Sqrt(s / float64(len(x)))
}

// Floors set from what the scorer reaches (see docs/SCORING.md); a change that
// lowers agreement with the human grades fails here.
const (
	evalMinPearson = 0.82
	evalMaxRMSE    = 1.15
)

func TestScorerAgreesWithHumanGrades(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.NewKeywordScorer(bank)
	items := loadEval(t)
	if len(items) < 300 {
		t.Fatalf("evaluation set has %d answers; want at least 300", len(items))
	}
	var pred, human []float64
	byKind := map[string][][2]float64{}
	for _, it := range items {
		q := bank.Question(it.QuestionID)
		if q == nil {
			t.Fatalf("unknown question %s", it.QuestionID)
		}
		res, err := s.Score(context.Background(), q, it.Answer)
		if err != nil {
			t.Fatal(err)
		}
		p := float64(res.Score) / 20
		pred = append(pred, p)
		human = append(human, float64(it.Grade))
		byKind[it.Kind] = append(byKind[it.Kind], [2]float64{p, float64(it.Grade)})
		if testing.Verbose() && math.Abs(p-float64(it.Grade)) >= 2.5 {
			t.Logf("off by %.1f: %s %s human %d scorer %d %v: %.90q", p-float64(it.Grade), it.Kind, it.QuestionID, it.Grade, res.Score, res.Flags, it.Answer)
		}
	}
	r, e := pearson(pred, human), rmse(pred, human)
	var kinds []string
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var sb strings.Builder
	for _, k := range kinds {
		var mp, mh float64
		for _, v := range byKind[k] {
			mp += v[0]
			mh += v[1]
		}
		n := float64(len(byKind[k]))
		fmt.Fprintf(&sb, "  %-14s n=%3d  human %.2f  scorer %.2f\n", k, len(byKind[k]), mh/n, mp/n)
	}
	t.Logf("keyword scorer vs human grades over %d answers: Pearson r = %.3f, RMSE = %.3f (0–5 scale)\n%s", len(items), r, e, sb.String())
	if r < evalMinPearson || e > evalMaxRMSE {
		t.Fatalf("agreement fell: r = %.3f (floor %.2f), RMSE = %.3f (ceiling %.2f)", r, evalMinPearson, e, evalMaxRMSE)
	}
}

// TestScorerWithoutRubricAgrees grades the same answers as `grade` does for a
// question it does not know: only the question and the model answer, key points
// derived from it.
func TestScorerWithoutRubricAgrees(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.NewKeywordScorer(bank)
	var pred, human []float64
	for _, it := range loadEval(t) {
		bq := bank.Question(it.QuestionID)
		q := &questions.Question{ID: "adhoc", Level: 2, Prompt: bq.Prompt, Reference: bq.Reference}
		res, err := s.Score(context.Background(), q, it.Answer)
		if err != nil {
			t.Fatal(err)
		}
		pred = append(pred, float64(res.Score)/20)
		human = append(human, float64(it.Grade))
	}
	r, e := pearson(pred, human), rmse(pred, human)
	t.Logf("without a rubric (key points derived from the model answer): Pearson r = %.3f, RMSE = %.3f", r, e)
	if r < evalMinPearsonDerived || e > evalMaxRMSEDerived {
		t.Fatalf("agreement without a rubric fell: r = %.3f (floor %.2f), RMSE = %.3f (ceiling %.2f)", r, evalMinPearsonDerived, e, evalMaxRMSEDerived)
	}
}

const (
	evalMinPearsonDerived = 0.78
	evalMaxRMSEDerived    = 1.25
)
