package llm

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// Overrules reports whether the rule on unsupported scores alone (without the
// answer guard) keeps the keyword score against a verdict of score with every key
// point covered. The injection table test uses it to measure the rule by itself.
func Overrules(q *questions.Question, kw interview.Result, answer string, score int) bool {
	points := rubric(q, kw)
	v := verdict{score: score, points: map[int]pointVerdict{}}
	for i := range points {
		v.points[i+1] = pointVerdict{status: statusCovered}
	}
	return !check(q, points, kw, v, answer).ok
}

// TestRuleOnHumanGradedAnswers measures what the rule costs honest gradings: for each
// of the 400 human-graded answers, a model that agrees with the human grader (grade
// × 20, every key point it credits covered) is overruled only where the keyword
// score and the answer's evidence are both far below it. And it measures what it
// saves: a model that gives 90 to everything is overruled on the weak answers.
func TestRuleOnHumanGradedAnswers(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	kws := scoring.NewKeywordScorer(bank)
	f, err := os.Open("../scoring/testdata/eval.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var good, goodOverruled, weak, weakOverruled int
	byKind := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it struct {
			QuestionID string `json:"question_id"`
			Kind       string `json:"kind"`
			Answer     string `json:"answer"`
			Grade      int    `json:"grade"`
		}
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatal(err)
		}
		q := bank.Question(it.QuestionID)
		if q == nil || it.Kind == "injection" {
			continue
		}
		kw, err := kws.Score(context.Background(), q, it.Answer)
		if err != nil {
			t.Fatal(err)
		}
		if it.Grade >= 4 {
			good++
			if Overrules(q, kw, it.Answer, it.Grade*20) {
				goodOverruled++
				byKind[it.Kind]++
				t.Logf("honest %d overruled (keyword %d, %s): %.100q", it.Grade*20, kw.Score, it.Kind, it.Answer)
			}
		}
		if it.Grade <= 1 {
			weak++
			if Overrules(q, kw, it.Answer, 90) {
				weakOverruled++
			}
		}
	}
	t.Logf("answers a human graded 4-5: an agreeing model overruled on %d of %d %v", goodOverruled, good, byKind)
	t.Logf("answers a human graded 0-1: a model giving 90 overruled on %d of %d", weakOverruled, weak)
	if goodOverruled*10 > good {
		t.Errorf("the rule overrules an honest model on %d of %d good answers; want at most a tenth", goodOverruled, good)
	}
}
