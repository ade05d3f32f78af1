package scoring_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

func bankScorer(t *testing.T) (*questions.Bank, *scoring.KeywordScorer) {
	t.Helper()
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	return bank, scoring.NewKeywordScorer(bank)
}

func score(t *testing.T, s interview.Scorer, q *questions.Question, answer string) interview.Result {
	t.Helper()
	res, err := s.Score(context.Background(), q, answer)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDefencesOnEveryQuestion runs each defence over the whole bank.
func TestDefencesOnEveryQuestion(t *testing.T) {
	bank, s := bankScorer(t)
	for _, q := range bank.Questions() {
		// Keyword stuffing: every synonym of every rubric term, and nothing else.
		var terms []string
		for _, kp := range q.KeyPoints {
			for _, term := range kp.Terms {
				terms = append(terms, questions.Synonyms(term)...)
			}
		}
		if res := score(t, s, q, strings.Join(terms, " ")); res.Score > 40 {
			t.Errorf("%s: the rubric's terms alone score %d; want at most 40", q.ID, res.Score)
		}
		if res := score(t, s, q, q.Prompt); res.Score > 20 {
			t.Errorf("%s: repeating the question scores %d; want at most 20", q.ID, res.Score)
		}
		for _, empty := range []string{"", "   \n ", "I don't know", "idk", "No idea.", "not sure, sorry", "I have never used it", "??"} {
			if res := score(t, s, q, empty); res.Score > 5 {
				t.Errorf("%s: %q scores %d; want at most 5", q.ID, empty, res.Score)
			}
		}
		// Length earns nothing: the model answer said ten times, or padded with
		// unrelated text, scores no more than the model answer.
		base := score(t, s, q, q.Reference).Score
		if res := score(t, s, q, strings.Repeat(q.Reference+"\n", 10)); res.Score > base {
			t.Errorf("%s: the model answer ten times scores %d > %d", q.ID, res.Score, base)
		}
	}
}

func TestWrongLanguage(t *testing.T) {
	bank, s := bankScorer(t)
	q := bank.Question("orm.n-plus-one")
	for _, answer := range []string{
		"El problema N+1 ocurre cuando se ejecuta una consulta para obtener la lista y luego una consulta adicional por cada elemento; se resuelve con select_related o prefetch_related.",
		"Проблема N+1 возникает, когда для каждого объекта выполняется отдельный запрос; её решают через select_related и prefetch_related.",
		"N+1 问题是指先查询列表，再为每一行单独查询关联对象；可以用 select_related 或 prefetch_related 解决。",
		"Das N+1-Problem entsteht, wenn für jede Zeile eine weitere Abfrage ausgeführt wird; man löst es mit select_related oder prefetch_related.",
	} {
		if res := score(t, s, q, answer); res.Score > 5 {
			t.Errorf("%.40q… scores %d (flags %v); want at most 5", answer, res.Score, res.Flags)
		}
	}
}

func TestNegationCounts(t *testing.T) {
	_, s := bankScorer(t)
	q := &questions.Question{ID: "adhoc", Level: 2, Prompt: "Can you change a tuple after creating it?",
		Reference: "Tuples are immutable: once created their items cannot be reassigned, which makes them hashable when their items are.",
		KeyPoints: []questions.KeyPoint{
			{Text: "tuples are immutable", Terms: []string{"immutable|cannot be changed"}, Weight: 2},
			{Text: "hashable when their items are", Terms: []string{"hashable"}, Weight: 1},
		}}
	right := score(t, s, q, "No: a tuple is immutable, so you cannot reassign its items, and that is why it is hashable if its items are.")
	wrong := score(t, s, q, "Yes: a tuple is not immutable, you can reassign its items, and it is not hashable.")
	if right.Score < 80 || wrong.Score > 20 {
		t.Fatalf("stated right %d, stated negated %d; want >= 80 and <= 20", right.Score, wrong.Score)
	}
	if !strings.Contains(strings.Join(wrong.Feedback, " "), "Stated the opposite of: tuples are immutable") {
		t.Fatalf("feedback %v does not say the answer stated the opposite", wrong.Feedback)
	}
}

func TestFeedbackNamesCoveredAndMissedPoints(t *testing.T) {
	bank, s := bankScorer(t)
	q := bank.Question("oop.mro")
	res := score(t, s, q, "Python follows the MRO, computed by the C3 linearisation of the class hierarchy.")
	if len(res.Matched) == 0 || len(res.Missed) == 0 {
		t.Fatalf("matched %v missed %v; want some of each", res.Matched, res.Missed)
	}
	var covered, missed int
	for _, f := range res.Feedback {
		switch {
		case strings.HasPrefix(f, "Covered: ") || strings.HasPrefix(f, "Partly covered: "):
			covered++
		case strings.HasPrefix(f, "Missed: "):
			missed++
		}
		if !strings.HasSuffix(f, ".") {
			t.Errorf("feedback %q is not a sentence", f)
		}
	}
	if covered == 0 || missed == 0 {
		t.Fatalf("feedback %v", res.Feedback)
	}
}

func TestDerivedKeyPoints(t *testing.T) {
	_, s := bankScorer(t)
	q := &questions.Question{ID: "adhoc", Level: 2, Prompt: "What is a stack?",
		Reference: "A stack is a last-in, first-out collection. Push adds an element on top and pop removes the most recently added one."}
	good := score(t, s, q, "It is a LIFO structure: last in, first out. You push items on the top and pop takes off the item added most recently.")
	partial := score(t, s, q, "A collection where the last element in is the first one out.")
	wrong := score(t, s, q, "A queue where items leave in the order they arrived, first in first out, like a line at a shop.")
	if !(good.Score >= 70 && partial.Score < good.Score && wrong.Score < partial.Score) {
		t.Fatalf("good %d, partial %d, wrong %d; want good >= 70 > partial > wrong", good.Score, partial.Score, wrong.Score)
	}
	if len(good.Matched)+len(good.Missed) < 2 {
		t.Fatalf("key points derived from a two-sentence reference: %v %v", good.Matched, good.Missed)
	}
}
