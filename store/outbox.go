package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SentMessage returns the timestamp of a logical message already sent. ok with an
// empty timestamp means the message's post is in doubt: it was attempted and its
// outcome is unknown (a timeout, a lost connection, a crash).
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

// RecordSent remembers that a logical message was sent (ts), or, with an empty ts,
// that its post is about to be attempted and is in doubt until it is recorded. A
// recorded timestamp is never replaced.
func (db *DB) RecordSent(ctx context.Context, key, channel, ts string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (key, channel_id, message_ts, sent_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET message_ts = excluded.message_ts, sent_at = excluded.sent_at
			WHERE outbox.message_ts = '' AND excluded.message_ts <> ''`, key, channel, ts, db.stamp())
		return err
	})
}

// ForgetSent drops a post that is in doubt, once it is known not to have been
// delivered (Slack refused it).
func (db *DB) ForgetSent(ctx context.Context, key string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE key = ? AND message_ts = ''`, key)
		return err
	})
}
