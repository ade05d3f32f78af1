package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/internal/testutil"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/store"
)

func TestOpenIsIdempotentAndUsesWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for i := 0; i < 2; i++ {
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if err := db.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		mode, err := db.JournalMode(context.Background())
		if err != nil || mode != "wal" {
			t.Fatalf("journal mode %q, %v; want wal", mode, err)
		}
		db.Close()
	}
}

func newSession(t *testing.T, db *store.DB, ext string) *interview.Session {
	t.Helper()
	ctx := context.Background()
	u, err := db.EnsureUser(ctx, interview.User{Source: interview.SourceSlack, TeamID: "T1", ExternalID: ext})
	if err != nil {
		t.Fatal(err)
	}
	s := &interview.Session{UserID: u.ID, Source: u.Source, Plan: "quick", Seed: 1, Status: interview.StatusActive,
		State: interview.State{Pending: &interview.Pending{Kind: interview.KindBank, QuestionID: "oop.mro", Stage: "oop", Prompt: "MRO?", Number: 1}}}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSaveSessionAppendsTurnsAndGuardsVersion(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustOpenDB(t)
	s := newSession(t, db, "U1")
	score := 80
	turn := &interview.Turn{SessionID: s.ID, Seq: 0, Kind: interview.KindBank, QuestionID: "oop.mro", Stage: "oop", Level: 2, Prompt: "MRO?",
		Answer: "C3 <linearisation>", Score: &score, RawScore: &score, Scorer: "keyword", Matched: []string{"c3"}, Hints: 1,
		AskedAt: time.Now(), AnsweredAt: time.Now(), Grading: map[string]any{"similarity": 0.5}}
	stale := *s
	s.State.Asked = []string{"oop.mro"}
	s.State.Pending = nil
	if err := db.SaveSession(ctx, s, turn); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSession(ctx, &stale, turn); interview.ErrorCode(err) != interview.ECONFLICT {
		t.Fatalf("save with a stale version: %v; want ECONFLICT", err)
	}
	turns, err := db.Turns(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != 1 {
		t.Fatalf("%d turns; want 1", len(turns))
	}
	got := turns[0]
	if got.Answer != turn.Answer || *got.Score != 80 || got.Hints != 1 || got.Matched[0] != "c3" || got.Grading["similarity"] != 0.5 {
		t.Fatalf("turn round trip: %+v", got)
	}
	back, err := db.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Version != s.Version || len(back.State.Asked) != 1 || back.State.Pending != nil {
		t.Fatalf("session round trip: %+v", back)
	}
	seen, _ := db.SeenQuestions(ctx, s.UserID)
	if !seen["oop.mro"] {
		t.Fatalf("seen questions %v; want oop.mro", seen)
	}
}

func TestConcurrentSavesOneWins(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustOpenDB(t)
	s := newSession(t, db, "U2")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := *s
			errs[i] = db.SaveSession(ctx, &c, &interview.Turn{SessionID: s.ID, Seq: 0, Kind: "bank", QuestionID: "q", Stage: "oop", Prompt: "p", Answer: "a", Scorer: "keyword", AskedAt: time.Now(), AnsweredAt: time.Now()})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch interview.ErrorCode(err) {
		case "":
			ok++
		case interview.ECONFLICT:
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d saves succeeded; want exactly 1", ok)
	}
}

func TestProjectsAndForget(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustOpenDB(t)
	s := newSession(t, db, "U3")
	p := &interview.Project{UserID: s.UserID, Name: "Btalk", Description: "chat", Tags: []string{"chat"}}
	if err := db.AddProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Projects(ctx, s.UserID)
	if err != nil || len(ps) != 1 || ps[0].Tags[0] != "chat" {
		t.Fatalf("projects %v, %v", ps, err)
	}
	if err := db.RemoveProject(ctx, s.UserID, "nope"); interview.ErrorCode(err) != interview.ENOTFOUND {
		t.Fatalf("remove unknown: %v; want ENOTFOUND", err)
	}
	if err := db.DeleteUser(ctx, s.UserID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, s.ID); interview.ErrorCode(err) != interview.ENOTFOUND {
		t.Fatalf("session after forget: %v; want ENOTFOUND", err)
	}
	if ps, _ := db.Projects(ctx, s.UserID); len(ps) != 0 {
		t.Fatalf("projects after forget: %v", ps)
	}
}
