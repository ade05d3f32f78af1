package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/internal/testutil"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/store"
)

// TestBackupDuringWritesHoldsEveryCommittedTurn takes a backup through one handle
// (as `mockinterview backup` does) while another handle on the same file (the bot)
// keeps appending turns, and checks that the copy passes integrity_check, holds every
// turn committed before the backup began, and holds no half-committed answer.
func TestBackupDuringWritesHoldsEveryCommittedTurn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	botDB, err := store.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer botDB.Close()
	cliDB, err := store.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer cliDB.Close()

	const warmUp = 150
	w := testutil.StartTurnWriter(botDB, warmUp, 1600)
	select {
	case <-w.Ready:
	case err := <-w.Err:
		t.Fatalf("writer stopped before the backup: %v", err)
	}

	before := w.Committed()
	out := filepath.Join(dir, "backup.db")
	backupErr := cliDB.Backup(ctx, out)
	during := len(w.Committed()) - len(before)
	if err := w.Stop(); err != nil {
		t.Fatalf("writer: %v", err)
	}
	if backupErr != nil {
		t.Fatalf("backup: %v", backupErr)
	}
	t.Logf("%d turns committed before the backup, %d while it ran", len(before), during)

	if err := store.CheckIntegrity(ctx, out); err != nil {
		t.Fatalf("integrity of the copy: %v", err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", fi, err)
	}
	bak, err := store.Open(ctx, out)
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	defer bak.Close()
	turns := map[int64][]*interview.Turn{}
	for _, c := range before {
		ts, ok := turns[c.Session]
		if !ok {
			if ts, err = bak.Turns(ctx, c.Session); err != nil {
				t.Fatalf("turns of session %d in the copy: %v", c.Session, err)
			}
			turns[c.Session] = ts
		}
		found := false
		for _, tr := range ts {
			if tr.Seq == c.Seq {
				found = tr.Answer == c.Answer
			}
		}
		if !found {
			t.Fatalf("the copy lacks turn %d of session %d, committed before the backup began", c.Seq, c.Session)
		}
	}
	// Each answer bumps its session's version in the same transaction: a copy with a
	// torn transaction would show a version that differs from the number of turns.
	sessions, err := bak.Sessions(ctx, store.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sessions {
		ts, err := bak.Turns(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Version != int64(len(ts)) {
			t.Fatalf("session %d in the copy: version %d with %d turns; want them equal", s.ID, s.Version, len(ts))
		}
	}
}

func TestBackupRefusesTheDatabaseItself(t *testing.T) {
	db := testutil.MustOpenDB(t)
	for _, name := range []string{db.Path, db.Path + "-wal", filepath.Join(filepath.Dir(db.Path), ".", filepath.Base(db.Path))} {
		err := db.Backup(context.Background(), name)
		if got := interview.ErrorCode(err); got != interview.EINVALID {
			t.Errorf("backup to %s: %v (code %q); want EINVALID", name, err, got)
		}
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("database after refused backups: %v", err)
	}
}

func TestBackupReplacesAtomicallyAndLeavesNoTemporaryFiles(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustOpenDB(t)
	newSession(t, db, "U1")
	dir := t.TempDir()
	out := filepath.Join(dir, "backup.db")
	testutil.WriteFile(t, out, "an older backup")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := store.CheckIntegrity(ctx, out); err != nil {
		t.Fatalf("replaced backup: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "backup.db" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("directory holds %v; want only backup.db", names)
	}

	missing := filepath.Join(dir, "no-such-dir", "backup.db")
	if err := db.Backup(ctx, missing); err == nil {
		t.Fatalf("backup into a missing directory: no error")
	}
}

func TestCheckIntegrity(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	testutil.WriteFile(t, garbage, strings.Repeat("not a database ", 512))
	tests := []struct {
		name, path string
		ok         bool
	}{
		{"a fresh database", testutil.MustOpenDB(t).Path, true},
		{"not a database", garbage, false},
		{"missing", filepath.Join(dir, "missing.db"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := store.CheckIntegrity(ctx, tt.path)
			if got := err == nil; got != tt.ok {
				t.Fatalf("CheckIntegrity: %v; want ok %v", err, tt.ok)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Fatalf("CheckIntegrity created the missing file: %v", err)
	}
}
