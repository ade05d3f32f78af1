package scoring_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

func loadBank(b *testing.B) *questions.Bank {
	b.Helper()
	bank, err := questions.Load()
	if err != nil {
		b.Fatal(err)
	}
	return bank
}

// benchAnswers are, per bank question, a model answer, a partial one (its first
// sentence) and a vague one: the mix the load tool sends.
func benchAnswers(bank *questions.Bank) (qs []*questions.Question, answers []string) {
	for _, q := range bank.Questions() {
		first, _, _ := strings.Cut(q.Reference, ". ")
		for _, a := range []string{q.Reference, first, "It depends; I would measure first and keep it simple."} {
			qs, answers = append(qs, q), append(answers, a)
		}
	}
	return qs, answers
}

// BenchmarkKeywordScore scores answers to every question of the embedded bank.
func BenchmarkKeywordScore(b *testing.B) {
	bank := loadBank(b)
	s := scoring.NewKeywordScorer(bank)
	qs, answers := benchAnswers(bank)
	ctx := context.Background()
	for i := range qs { // compile every rubric before timing
		s.Score(ctx, qs[i], answers[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(qs)
		if _, err := s.Score(ctx, qs[j], answers[j]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewKeywordScorer is the scorer's construction, part of every start-up.
func BenchmarkNewKeywordScorer(b *testing.B) {
	bank := loadBank(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		scoring.NewKeywordScorer(bank)
	}
}
