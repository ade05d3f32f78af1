package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/internal/testutil"
	"github.com/mockinterview/mockinterview/store"
)

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
	w := testutil.StartTurnWriter(db, 50, 0)
	select {
	case <-w.Ready:
	case err := <-w.Err:
		t.Fatalf("writer stopped early: %v", err)
	}

	out := filepath.Join(dir, "backup.db")
	before := map[string]bool{}
	for _, c := range w.Committed() {
		before[c.Answer] = true
	}
	stdout, errOut, code := runCmd(t, "", "backup", "-db", live, out)
	total := len(w.Committed())
	if err := w.Stop(); err != nil {
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
