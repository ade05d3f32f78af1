// Package store keeps users, sessions, turns and CV projects in SQLite. It implements
// the interfaces the interview engine declares and is the only importer of the SQLite
// driver.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/mockinterview/mockinterview/interview"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a SQLite database: one writer connection whose transactions begin IMMEDIATE
// (a deferred BEGIN that later writes fails with "database is locked" under
// concurrency) and a small pool of readers. WAL lets readers run beside the writer.
type DB struct {
	Path string
	Now  func() time.Time

	write *sql.DB
	read  *sql.DB

	stopCheckpoints func() // ends the background checkpointer (checkpoint.go)
	gate            writerGate
}

var _ interview.SessionStore = (*DB)(nil)

// WriteBusyTimeout is how long a write waits for a lock another process holds
// before it fails as EUNAVAILABLE. Within this process the writer gate orders
// writes, so only another process (a backup, a second replica on the same file, an
// operator's sqlite3 shell) makes a write wait. It is kept under Slack's 3 s so
// recording a delivery never holds an acknowledgement past it; work that fails this
// way is retried (bot.Bot keeps the delivery).
const WriteBusyTimeout = 1500 * time.Millisecond

// Open opens (creating if needed) the database at path and applies migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: empty path")
	}
	dsn := func(txlock string, busy time.Duration) string {
		q := url.Values{}
		q.Set("_journal_mode", "WAL")
		q.Set("_busy_timeout", strconv.Itoa(int(busy/time.Millisecond)))
		q.Set("_foreign_keys", "on")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", txlock)
		// Keep each connection's prepared statements: the hot path's queries are few and
		// small, and parsing and planning them again took as long as running them.
		q.Set("_stmt_cache_size", "64")
		// Deleted rows are overwritten, not left readable in free pages (forget).
		q.Set("_secure_delete", "on")
		return "file:" + path + "?" + q.Encode()
	}
	// Answers and CV text are personal: the database (and the -wal and -shm files
	// SQLite creates with the same mode) are readable by the owner only.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	} else {
		f.Close()
	}
	db := &DB{Path: path, Now: time.Now}
	var err error
	if db.write, err = sql.Open("sqlite3", dsn("immediate", WriteBusyTimeout)); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	if db.read, err = sql.Open("sqlite3", dsn("deferred", 10*time.Second)); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(4)
	// Keep every reader open: the default of two idle connections closes the others
	// after each burst of reads, and reopening one costs a file open and a schema read.
	db.read.SetMaxIdleConns(4)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.startCheckpoints(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// Close stops the checkpointer and closes both pools.
func (db *DB) Close() error {
	if db.stopCheckpoints != nil {
		db.stopCheckpoints()
	}
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	return db.read.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n)
}

// HealthTimeout bounds CheckWrite: a database locked longer than this is unhealthy.
const HealthTimeout = 3 * time.Second

// CheckWrite proves the database can take a write now: it rewrites one row within
// HealthTimeout. A read-only or unwritable file, a full disk or a lock held by
// another process for longer fails it.
func (db *DB) CheckWrite(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, HealthTimeout)
	defer cancel()
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, db.stamp())
		return err
	})
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("open database %s: %w", db.Path, err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := fs.ReadFile(migrations, name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, db.stamp())
			return err
		}); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// tx runs fn in a write transaction.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return db.txGated(ctx, false, fn)
}

// readOnWriter runs fn on the writer connection in its turn at the gate: the reads
// that must see the latest commit at once (see ActiveSession), and that find the
// writer's page cache warm (in WAL mode a commit empties the readers' caches).
func (db *DB) readOnWriter(ctx context.Context, fn func(w *sql.DB) error) error {
	if err := db.gate.acquire(ctx, false); err != nil {
		return err
	}
	defer db.gate.release()
	return fn(db.write)
}

// txGated runs fn in a write transaction once the writer gate lets it; urgent ones
// go first (writer.go). A write the database cannot take now (full disk, read-only,
// I/O error, a lock held past the deadline) comes back as EUNAVAILABLE wrapping the
// driver's error.
func (db *DB) txGated(ctx context.Context, urgent bool, fn func(*sql.Tx) error) error {
	if err := db.gate.acquire(ctx, urgent); err != nil {
		return unavailable(err)
	}
	defer db.gate.release()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return unavailable(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return unavailable(err)
	}
	return unavailable(tx.Commit())
}

// unavailable marks errors that mean the database cannot write now.
func unavailable(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull, sqlite3.ErrReadonly, sqlite3.ErrIoErr, sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrCantOpen, sqlite3.ErrInterrupt:
			return fmt.Errorf("%w: %w", interview.Errorf(interview.EUNAVAILABLE, interview.UnavailableMessage), err)
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", interview.Errorf(interview.EUNAVAILABLE, interview.UnavailableMessage), err)
	}
	return err
}

func (db *DB) now() time.Time {
	if db.Now != nil {
		return db.Now().UTC()
	}
	return time.Now().UTC()
}

func (db *DB) stamp() string { return formatTime(db.now()) }

const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// mapErr turns driver errors into application errors.
func mapErr(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return interview.Errorf(interview.ENOTFOUND, "%s was not found.", what)
	}
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && strings.Contains(se.Error(), "UNIQUE") {
		return interview.Errorf(interview.ECONFLICT, "%s already exists.", what)
	}
	return err
}
