package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mockinterview/mockinterview/inbox"
)

// AcceptInbound records a delivery. It reports false (and records nothing) when the
// key was seen before: a retry, a re-send or a replay.
func (db *DB) AcceptInbound(ctx context.Context, in *inbox.Delivery) (bool, error) {
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = db.now()
	}
	var fresh bool
	// Urgent: the delivery's acknowledgement waits for this write.
	err := db.txGated(ctx, true, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO inbox (key, kind, team_id, user_id, channel_id, payload, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			in.Key, in.Kind, in.TeamID, in.UserID, in.ChannelID, in.Payload, formatTime(in.ReceivedAt))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		fresh = n == 1
		if fresh {
			in.ID, _ = res.LastInsertId()
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("accept inbound %s: %w", in.Key, err)
	}
	return fresh, nil
}

// FinishInbound marks a delivery handled and drops its payload (it may hold an
// answer); the key stays to catch late re-deliveries.
func (db *DB) FinishInbound(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE inbox SET done_at = ?, payload = x'' WHERE id = ?`, db.stamp(), id)
		return err
	})
}

// PendingInbound lists deliveries received since the time that were never finished,
// oldest first: the work a restart must pick up.
func (db *DB) PendingInbound(ctx context.Context, since time.Time) ([]*inbox.Delivery, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, key, kind, team_id, user_id, channel_id, payload, received_at FROM inbox
		WHERE done_at IS NULL AND received_at >= ? ORDER BY id`, formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("pending inbound: %w", err)
	}
	defer rows.Close()
	var out []*inbox.Delivery
	for rows.Next() {
		in := &inbox.Delivery{Replayed: true}
		var at string
		if err := rows.Scan(&in.ID, &in.Key, &in.Kind, &in.TeamID, &in.UserID, &in.ChannelID, &in.Payload, &at); err != nil {
			return nil, err
		}
		in.ReceivedAt = parseTime(at)
		out = append(out, in)
	}
	return out, rows.Err()
}

// PurgeInbound deletes delivery records older than the time (past Slack's retry
// window, they can no longer catch a duplicate).
func (db *DB) PurgeInbound(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM inbox WHERE received_at < ?`, formatTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
