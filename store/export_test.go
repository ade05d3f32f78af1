package store

import (
	"context"
	"database/sql"
)

// Test-only views of the database, for the store's own tests.

// JournalMode reports the database's journal mode ("wal").
func (db *DB) JournalMode(ctx context.Context) (string, error) {
	var mode string
	err := db.read.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
	return mode, err
}

// DeleteUser removes the user and, through foreign keys, everything stored about them.
func (db *DB) DeleteUser(ctx context.Context, userID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID)
		return err
	})
}

// InboundCount is the number of delivery records kept.
func (db *DB) InboundCount(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM inbox`).Scan(&n)
	return n, err
}
