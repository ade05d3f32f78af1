package interview_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// BenchmarkEngineAnswer is one answer through the engine on the embedded bank with an
// in-memory store: scoring, then choosing the next question (cursor and advance),
// saving, and the report after the last answer of each quick interview.
func BenchmarkEngineAnswer(b *testing.B) {
	bank, err := questions.Load()
	if err != nil {
		b.Fatal(err)
	}
	e := interview.NewEngine(bank, newMemStore(), scoring.NewKeywordScorer(bank))
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
