package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SentMessage returns the timestamp of a logical message already sent.
func (db *DB) SentMessage(ctx context.Context, key string) (string, bool, error) {
	var ts string
	err := db.readOnWriter(ctx, func(w *sql.DB) error {
		return w.QueryRowContext(ctx, `SELECT message_ts FROM outbox WHERE key = ?`, key).Scan(&ts)
	})
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("sent message %s: %w", key, err)
	}
	return ts, true, nil
}

// RecordSent remembers that a logical message was sent.
func (db *DB) RecordSent(ctx context.Context, key, channel, ts string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (key, channel_id, message_ts, sent_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO NOTHING`, key, channel, ts, db.stamp())
		return err
	})
}
