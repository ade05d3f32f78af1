package scoring_test

import (
	"context"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// TestEmbeddedBankRubrics scores every question's own model answer with the keyword
// scorer (each must reach 80) and "I don't know" (at most 10). A rubric that fails
// is fixed, not this test.
func TestEmbeddedBankRubrics(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.NewKeywordScorer(bank)
	ctx := context.Background()
	for _, q := range bank.Questions() {
		res, err := s.Score(ctx, q, q.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if res.Score < 80 {
			t.Errorf("%s (%s): model answer scores %d, flags %v, missed %v", q.ID, q.File, res.Score, res.Flags, res.Missed)
		}
		for _, idk := range []string{"I don't know", "no idea, sorry", "I'm not sure"} {
			res, _ := s.Score(ctx, q, idk)
			if res.Score > 10 {
				t.Errorf("%s: %q scores %d", q.ID, idk, res.Score)
			}
		}
	}
}
