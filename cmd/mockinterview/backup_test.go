package main

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

// turnWriter plays the bot: it appends answered turns through the store until stop
// is closed, remembers each committed answer, and closes ready after the first
// warmUp commits.
type turnWriter struct {
	mu    sync.Mutex
	done  map[string]bool // committed answers
	count int
	ready chan struct{}
	err   chan error
}

const warmUp = 50

func startTurnWriter(t *testing.T, db *store.DB, stop <-chan struct{}) *turnWriter {
	t.Helper()
	ctx := context.Background()
	w := &turnWriter{done: map[string]bool{}, ready: make(chan struct{}), err: make(chan error, 1)}
	go func() {
		w.err <- func() error {
			for i := 0; ; i++ {
				u, err := db.EnsureUser(ctx, interview.User{Source: interview.SourceTerminal, ExternalID: fmt.Sprintf("user%d", i)})
				if err != nil {
					return err
				}
				s := &interview.Session{UserID: u.ID, Source: u.Source, Plan: "quick", Seed: 1, Status: interview.StatusActive}
				if err := db.CreateSession(ctx, s); err != nil {
					return err
				}
				for seq := 0; seq < 5; seq++ {
					select {
					case <-stop:
						return nil
					default:
					}
					score := 60
					answer := fmt.Sprintf("session %d answer %d", s.ID, seq)
					turn := &interview.Turn{SessionID: s.ID, Seq: seq, Kind: interview.KindBank, QuestionID: "oop.mro", Stage: "oop", Level: 2,
						Prompt: "MRO?", Answer: answer, Score: &score, Scorer: "keyword", AskedAt: time.Now(), AnsweredAt: time.Now()}
					if err := db.SaveSession(ctx, s, turn); err != nil {
						return err
					}
					w.mu.Lock()
					w.done[answer] = true
					w.count++
					if w.count == warmUp {
						close(w.ready)
					}
					w.mu.Unlock()
				}
			}
		}()
	}()
	return w
}

func (w *turnWriter) committed() (map[string]bool, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	m := make(map[string]bool, len(w.done))
	for k := range w.done {
		m[k] = true
	}
	return m, w.count
}

// TestBackupCommand runs `mockinterview backup` as a separate process while this
// process writes to the same database, then checks the copy through `report`, and
// the command's refusals.
func TestBackupCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stop := make(chan struct{})
	w := startTurnWriter(t, db, stop)
	select {
	case <-w.ready:
	case err := <-w.err:
		t.Fatalf("writer stopped early: %v", err)
	}

	out := filepath.Join(dir, "backup.db")
	before, _ := w.committed()
	stdout, errOut, code := runCmd(t, "", "backup", "-db", live, out)
	_, total := w.committed()
	close(stop)
	if err := <-w.err; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if code != 0 || errOut != "" || !strings.HasPrefix(stdout, "backed up "+live+" to "+out) {
		t.Fatalf("backup: exit %d, stdout %q, stderr %q; want exit 0 and one line on stdout", code, stdout, errOut)
	}
	t.Logf("%d turns committed before the backup, %d while it ran", len(before), total-len(before))
	if err := store.CheckIntegrity(ctx, out); err != nil {
		t.Fatal(err)
	}
	inCopy := map[string]bool{}
	for _, s := range reportJSON(t, out, "") {
		for _, turn := range s.Turns {
			inCopy[turn.Answer] = true
		}
	}
	for answer := range before {
		if !inCopy[answer] {
			t.Fatalf("the copy lacks %q, committed before the backup started (%d of %d committed turns in the copy)", answer, len(inCopy), len(before))
		}
	}

	t.Run("refuses to overwrite", func(t *testing.T) {
		was, _ := os.ReadFile(out)
		_, errOut, code := runCmd(t, "", "backup", "-db", live, out)
		if code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, out+" already exists (use -force to replace it)") {
			t.Fatalf("exit %d, stderr %q; want exit 2 and one line saying it exists", code, errOut)
		}
		if now, _ := os.ReadFile(out); string(now) != string(was) {
			t.Fatal("the refused backup changed the existing file")
		}
	})
	t.Run("-force replaces", func(t *testing.T) {
		// Flags may also follow OUT.
		if _, errOut, code := runCmd(t, "", "backup", "-db", live, out, "-force"); code != 0 {
			t.Fatalf("exit %d, stderr %q; want 0", code, errOut)
		}
		if err := store.CheckIntegrity(ctx, out); err != nil {
			t.Fatal(err)
		}
	})

	missing := filepath.Join(dir, "missing.db")
	errorCases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no OUT", []string{"backup", "-db", live}, 2, "name the file to write"},
		{"two OUTs", []string{"backup", "-db", live, filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")}, 2, "unexpected argument"},
		{"missing database", []string{"backup", "-db", missing, filepath.Join(dir, "c.db")}, 2, "database " + missing + " does not exist"},
		{"OUT is a directory", []string{"backup", "-db", live, dir}, 2, "is a directory"},
		{"OUT is the database", []string{"backup", "-db", live, "-force", live}, 1, "cannot overwrite the database itself"},
		{"OUT in a missing directory", []string{"backup", "-db", live, filepath.Join(dir, "nodir", "d.db")}, 1, "backup to "},
		{"bad flag", []string{"backup", "-nope"}, 2, "flag provided but not defined"},
	}
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, "", tc.args...)
			if code != tc.code || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and one line with %q", code, errOut, tc.code, tc.want)
			}
		})
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatalf("backup of a missing database created it: %v", err)
	}
}
