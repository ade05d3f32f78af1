package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

// Backup writes a consistent copy of the database to path while the bot goes on
// reading and writing, in this process or another.
//
// The copy is made with VACUUM INTO on a connection of its own from the read pool:
// in WAL mode that is a read transaction, so it sees exactly the transactions
// committed before it began and blocks no writer; the busy timeout of the DSN covers
// the moments a checkpoint holds a lock. The copy goes to a temporary file beside
// path, is flushed to disk, opened and checked with PRAGMA integrity_check, and only
// then renamed onto path, so path never holds a partial or damaged copy. An existing
// file at path is replaced; callers that must not overwrite check first. The copy is
// readable by its owner only (it holds every answer).
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return interview.Errorf(interview.EINVALID, "The backup needs a file name.")
	}
	out, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := db.notSelf(out); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	// VACUUM INTO needs the file absent or empty; the empty temporary file reserves a
	// unique name (mode 0600) in the target's directory, so the rename is atomic.
	name := tmp.Name()
	tmp.Close()
	done := false
	defer func() {
		if !done {
			removeDB(name)
		}
	}()

	if err := db.vacuumInto(ctx, name); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := syncFile(name); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := CheckIntegrity(ctx, name); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(name, out); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	done = true
	// Make the rename durable; a failure here leaves a complete copy, so it is not
	// worth failing the backup over.
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// vacuumInto copies the database into the empty file at name.
func (db *DB) vacuumInto(ctx context.Context, name string) error {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The name is a bound parameter, never spliced into the SQL. A name starting with
	// "file:" would be read as a URI; an absolute path never does.
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, name)
	return err
}

// notSelf refuses a target that is the database itself or one of its companion files:
// renaming a copy over the live file would lose every write made after the copy.
func (db *DB) notSelf(out string) error {
	src, err := filepath.Abs(db.Path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if filepath.Clean(out) == filepath.Clean(src+suffix) || sameFile(out, src+suffix) {
			return interview.Errorf(interview.EINVALID, "The backup cannot overwrite the database itself (%s); name another file.", out)
		}
	}
	return nil
}

func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}

// CheckIntegrity opens the SQLite file at path read-only and runs PRAGMA
// integrity_check; it returns nil when the answer is "ok".
func CheckIntegrity(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	// A URI, escaped, so that no character of the path is read as a parameter.
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_busy_timeout=10000"}
	conn, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	seen := false
	for rows.Next() {
		seen = true
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if line != "ok" && len(problems) < 5 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: integrity_check: %s", path, strings.Join(problems, "; "))
	}
	if !seen {
		return fmt.Errorf("check %s: integrity_check gave no answer", path)
	}
	return nil
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// removeDB removes a SQLite file and the companions SQLite may have left beside it.
func removeDB(name string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(name + suffix)
	}
}
