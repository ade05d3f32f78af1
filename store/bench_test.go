package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/internal/testutil"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// BenchmarkSaveSession appends a turn with the session's new state, as every answer
// does: one write transaction on a real SQLite file (WAL).
func BenchmarkSaveSession(b *testing.B) {
	db := testutil.MustOpenDB(b)
	ctx := context.Background()
	bank, err := questions.Load()
	if err != nil {
		b.Fatal(err)
	}
	q := bank.Questions()[0]
	u, err := db.EnsureUser(ctx, interview.User{Source: interview.SourceSlack, TeamID: "T1", ExternalID: "U1"})
	if err != nil {
		b.Fatal(err)
	}
	var s *interview.Session
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%25 == 0 {
			s = &interview.Session{UserID: u.ID, Source: u.Source, Plan: "full", Seed: 1, Status: interview.StatusActive}
			if err := db.CreateSession(ctx, s); err != nil {
				b.Fatal(err)
			}
		}
		seq := i % 25
		s.State.Asked = append(s.State.Asked, q.ID)
		s.State.Pending = &interview.Pending{Kind: interview.KindBank, QuestionID: q.ID, Stage: q.Stage, Prompt: q.Prompt, Number: seq + 2, AskedAt: time.Now()}
		score := 80
		t := &interview.Turn{SessionID: s.ID, Seq: seq, Kind: interview.KindBank, QuestionID: q.ID, Stage: q.Stage, Level: q.Level, Prompt: q.Prompt,
			Answer: q.Reference, Score: &score, RawScore: &score, Scorer: "keyword", Matched: []string{q.KeyPoints[0].Text},
			Feedback: []string{"Covered: " + q.KeyPoints[0].Text}, AskedAt: time.Now(), AnsweredAt: time.Now()}
		if err := db.SaveSession(ctx, s, t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEngineAnswerSQLite is one answer through the engine on a real SQLite file:
// the seen-questions and projects reads, scoring, choosing the next question and
// saving the turn.
func BenchmarkEngineAnswerSQLite(b *testing.B) {
	db := testutil.MustOpenDB(b)
	ctx := context.Background()
	bank, err := questions.Load()
	if err != nil {
		b.Fatal(err)
	}
	e := interview.NewEngine(bank, db, scoring.NewKeywordScorer(bank))
	var s *interview.Session
	users := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s == nil || s.Status != interview.StatusActive {
			b.StopTimer()
			users++
			if s, err = e.Start(ctx, interview.User{Source: interview.SourceSlack, TeamID: "T1", ExternalID: fmt.Sprintf("U%d", users%50)},
				interview.StartOptions{Plan: "quick", Seed: int64(users)}); err != nil {
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
