// Package testutil holds the helpers that several packages' tests share: a real
// SQLite store in a temporary directory, files written for a test, and a writer that
// plays the bot by committing answered turns while a test does something else
// (a backup, a migration) to the same database.
package testutil

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/store"
)

// MustOpenDB opens a store on a new file in the test's temporary directory (a real
// file: WAL needs one) and closes it when the test ends.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// WriteFile writes a file for a test.
func WriteFile(tb testing.TB, path, body string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Committed is one turn the writer saw commit.
type Committed struct {
	Session int64
	Seq     int
	Answer  string
}

// TurnWriter appends answered turns (five per session) through the store until
// stopped, and remembers each one that committed.
type TurnWriter struct {
	Ready <-chan struct{} // closed after the first WarmUp commits
	Err   <-chan error    // the writer's end: nil once stopped, or why it failed

	mu   sync.Mutex
	done []Committed
	stop chan struct{}
}

// StartTurnWriter starts writing; answers are padded to padding characters or more
// so that the database grows by pages.
func StartTurnWriter(db *store.DB, warmUp, padding int) *TurnWriter {
	ready, errc := make(chan struct{}), make(chan error, 1)
	w := &TurnWriter{Ready: ready, Err: errc, stop: make(chan struct{})}
	pad := strings.Repeat("x", padding)
	go func() {
		errc <- func() error {
			ctx := context.Background()
			for i := 0; ; i++ {
				u, err := db.EnsureUser(ctx, interview.User{Source: interview.SourceSlack, TeamID: "T1", ExternalID: fmt.Sprintf("U%d", i)})
				if err != nil {
					return fmt.Errorf("ensure user: %w", err)
				}
				s := &interview.Session{UserID: u.ID, Source: u.Source, Plan: "quick", Seed: 1, Status: interview.StatusActive}
				if err := db.CreateSession(ctx, s); err != nil {
					return fmt.Errorf("create session: %w", err)
				}
				for seq := 0; seq < 5; seq++ {
					select {
					case <-w.stop:
						return nil
					default:
					}
					score := seq * 20
					answer := fmt.Sprintf("session %d answer %d %s", s.ID, seq, pad)
					turn := &interview.Turn{SessionID: s.ID, Seq: seq, Kind: interview.KindBank, QuestionID: "oop.mro", Stage: "oop", Level: 2,
						Prompt: "MRO?", Answer: answer, Score: &score, Scorer: "keyword", AskedAt: time.Now(), AnsweredAt: time.Now()}
					if err := db.SaveSession(ctx, s, turn); err != nil {
						return fmt.Errorf("save session %d turn %d: %w", s.ID, seq, err)
					}
					w.mu.Lock()
					w.done = append(w.done, Committed{s.ID, seq, answer})
					n := len(w.done)
					w.mu.Unlock()
					if n == warmUp {
						close(ready)
					}
				}
			}
		}()
	}()
	return w
}

// Committed returns the turns committed so far, in order.
func (w *TurnWriter) Committed() []Committed {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Committed(nil), w.done...)
}

// Stop ends the writer and returns its error.
func (w *TurnWriter) Stop() error {
	close(w.stop)
	return <-w.Err
}
