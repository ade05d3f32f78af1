package interview_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
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
	s := interview.NewKeywordScorer(bank)
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
		interview.NewKeywordScorer(bank)
	}
}

// BenchmarkEngineAnswer is one answer through the engine on the embedded bank with an
// in-memory store: scoring, then choosing the next question (cursor and advance),
// saving, and the report after the last answer of each quick interview.
func BenchmarkEngineAnswer(b *testing.B) {
	bank := loadBank(b)
	e := interview.NewEngine(bank, newMemStore())
	ctx := context.Background()
	var s *interview.Session
	users := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s == nil || s.Status != interview.StatusActive {
			b.StopTimer()
			users++
			if users%100 == 0 {
				e.Store = newMemStore() // the memory store scans all sessions for seen questions
			}
			var err error
			s, err = e.Start(ctx, interview.User{Source: interview.SourceSlack, TeamID: "T1", ExternalID: fmt.Sprintf("U%d", users%50)}, interview.StartOptions{Plan: "quick", Seed: int64(users)})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		answer := "It depends; I would measure first."
		if q := bank.Question(s.State.Pending.QuestionID); q != nil && i%3 != 0 {
			answer = q.Reference
		}
		if _, err := e.Answer(ctx, s, answer); err != nil {
			b.Fatal(err)
		}
	}
}
