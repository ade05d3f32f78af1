package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mockinterview/mockinterview/interview"
)

// SaveSchedule creates or replaces a channel's schedule.
func (db *DB) SaveSchedule(ctx context.Context, s *interview.Schedule) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.now()
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO schedules (team_id, channel_id, spec, timezone, summary_spec, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (team_id, channel_id) DO UPDATE SET spec = excluded.spec, timezone = excluded.timezone,
				summary_spec = excluded.summary_spec, created_by = excluded.created_by, created_at = excluded.created_at
			RETURNING id`, s.TeamID, s.ChannelID, s.Spec, s.Timezone, s.SummarySpec, s.CreatedBy, formatTime(s.CreatedAt)).Scan(&s.ID)
	})
}

// DeleteSchedule removes a channel's schedule; ENOTFOUND if there was none.
func (db *DB) DeleteSchedule(ctx context.Context, team, channel string) error {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM schedules WHERE team_id = ? AND channel_id = ?`, team, channel)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("delete schedule: %w", err)
	}
	if n == 0 {
		return interview.Errorf(interview.ENOTFOUND, "This channel has no question-of-the-day schedule.")
	}
	return nil
}

const scheduleCols = `id, team_id, channel_id, spec, timezone, summary_spec, created_by, created_at`

func scanSchedule(row interface{ Scan(...any) error }) (*interview.Schedule, error) {
	s := &interview.Schedule{}
	var at string
	if err := row.Scan(&s.ID, &s.TeamID, &s.ChannelID, &s.Spec, &s.Timezone, &s.SummarySpec, &s.CreatedBy, &at); err != nil {
		return nil, err
	}
	s.CreatedAt = parseTime(at)
	return s, nil
}

// Schedule returns a channel's schedule.
func (db *DB) Schedule(ctx context.Context, team, channel string) (*interview.Schedule, error) {
	var s *interview.Schedule
	err := db.readOnWriter(ctx, func(w *sql.DB) (err error) {
		s, err = scanSchedule(w.QueryRowContext(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE team_id = ? AND channel_id = ?`, team, channel))
		return err
	})
	return s, mapErr(err, "The channel's schedule")
}

// Schedules lists every schedule.
func (db *DB) Schedules(ctx context.Context) ([]*interview.Schedule, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+scheduleCols+` FROM schedules ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("schedules: %w", err)
	}
	defer rows.Close()
	var out []*interview.Schedule
	for rows.Next() {
		s, err := scanSchedule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

const postCols = `id, team_id, channel_id, slot, kind, question_id, message_ts, claimed_by, claimed_at, posted_at, revealed_at`

func scanPost(row interface{ Scan(...any) error }) (*interview.ChannelPost, error) {
	p := &interview.ChannelPost{}
	var claimed string
	var posted, revealed sql.NullString
	if err := row.Scan(&p.ID, &p.TeamID, &p.ChannelID, &p.Slot, &p.Kind, &p.QuestionID, &p.MessageTS, &p.ClaimedBy, &claimed, &posted, &revealed); err != nil {
		return nil, err
	}
	p.ClaimedAt = parseTime(claimed)
	if posted.Valid {
		t := parseTime(posted.String)
		p.PostedAt = &t
	}
	if revealed.Valid {
		t := parseTime(revealed.String)
		p.RevealedAt = &t
	}
	return p, nil
}

// ClaimSlot inserts the slot's row. It reports false when the slot was already
// claimed (by this or another process): only the claimant posts.
func (db *DB) ClaimSlot(ctx context.Context, p *interview.ChannelPost) (bool, error) {
	var claimed bool
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO channel_posts (team_id, channel_id, slot, kind, question_id, claimed_by, claimed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, channel_id, slot) DO NOTHING`,
			p.TeamID, p.ChannelID, p.Slot, p.Kind, p.QuestionID, p.ClaimedBy, formatTime(p.ClaimedAt))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		if claimed {
			p.ID, _ = res.LastInsertId()
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim slot %s: %w", p.Slot, err)
	}
	return claimed, nil
}

// TakeOverStale lets a process retry a claimed slot whose claimant never posted it
// (it died): the claim moves only if it is older than before, so two processes cannot
// both take it over.
func (db *DB) TakeOverStale(ctx context.Context, id int64, by string, before, now time.Time) (bool, error) {
	var ok bool
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE channel_posts SET claimed_by = ?, claimed_at = ?
			WHERE id = ? AND posted_at IS NULL AND claimed_at < ?`, by, formatTime(now), id, formatTime(before))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

// MarkPosted records the message a claimed slot became.
func (db *DB) MarkPosted(ctx context.Context, id int64, ts string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE channel_posts SET message_ts = ?, posted_at = ? WHERE id = ?`, ts, db.stamp(), id)
		return err
	})
}

// MarkRevealed records that a question's answers were revealed; false if another
// process already did.
func (db *DB) MarkRevealed(ctx context.Context, id int64) (bool, error) {
	var ok bool
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE channel_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL`, db.stamp(), id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

// ChannelPosts lists a channel's posts of a kind, newest first.
func (db *DB) ChannelPosts(ctx context.Context, team, channel, kind string, limit int) ([]*interview.ChannelPost, error) {
	var out []*interview.ChannelPost
	err := db.readOnWriter(ctx, func(w *sql.DB) error {
		rows, err := w.QueryContext(ctx, `SELECT `+postCols+` FROM channel_posts WHERE team_id = ? AND channel_id = ? AND kind = ?
		ORDER BY id DESC LIMIT ?`, team, channel, kind, limit)
		if err != nil {
			return fmt.Errorf("channel posts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPost(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PostByMessage finds the question post a thread belongs to.
func (db *DB) PostByMessage(ctx context.Context, team, channel, ts string) (*interview.ChannelPost, error) {
	var p *interview.ChannelPost
	err := db.readOnWriter(ctx, func(w *sql.DB) (err error) {
		p, err = scanPost(w.QueryRowContext(ctx, `SELECT `+postCols+` FROM channel_posts WHERE team_id = ? AND channel_id = ? AND message_ts = ? AND kind = 'question'`, team, channel, ts))
		return err
	})
	return p, mapErr(err, "The question-of-the-day post")
}

// AskedInChannel lists the question ids a channel was asked, newest first.
func (db *DB) AskedInChannel(ctx context.Context, team, channel string) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT question_id FROM channel_posts WHERE team_id = ? AND channel_id = ? AND kind = 'question' ORDER BY id DESC`, team, channel)
	if err != nil {
		return nil, fmt.Errorf("asked in channel: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SaveChannelAnswer stores a person's answer to a post, replacing their earlier one.
func (db *DB) SaveChannelAnswer(ctx context.Context, a *interview.ChannelAnswer) error {
	js := func(v []string) string { b, _ := json.Marshal(nonNil(v)); return string(b) }
	return db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO qotd_answers (post_id, team_id, user_id, answer, score, level, stage, scorer, matched, missed, late, answered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (post_id, user_id) DO UPDATE SET answer = excluded.answer, score = excluded.score, scorer = excluded.scorer,
				matched = excluded.matched, missed = excluded.missed, late = excluded.late, answered_at = excluded.answered_at
			RETURNING id`, a.PostID, a.TeamID, a.UserID, a.Answer, a.Score, a.Level, a.Stage, a.Scorer, js(a.Matched), js(a.Missed), a.Late,
			formatTime(a.AnsweredAt)).Scan(&a.ID)
	})
}

// ChannelAnswers lists the answers to a post, best first (on time before late).
func (db *DB) ChannelAnswers(ctx context.Context, postID int64) ([]*interview.ChannelAnswer, error) {
	var out []*interview.ChannelAnswer
	err := db.readOnWriter(ctx, func(w *sql.DB) error {
		rows, err := w.QueryContext(ctx, `SELECT id, post_id, team_id, user_id, answer, score, level, stage, scorer, matched, missed, late, answered_at
		FROM qotd_answers WHERE post_id = ? ORDER BY late, score DESC, answered_at`, postID)
		if err != nil {
			return fmt.Errorf("channel answers: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a := &interview.ChannelAnswer{}
			var matched, missed, at string
			if err := rows.Scan(&a.ID, &a.PostID, &a.TeamID, &a.UserID, &a.Answer, &a.Score, &a.Level, &a.Stage, &a.Scorer, &matched, &missed, &a.Late, &at); err != nil {
				return err
			}
			json.Unmarshal([]byte(matched), &a.Matched)
			json.Unmarshal([]byte(missed), &a.Missed)
			a.AnsweredAt = parseTime(at)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetOptOut adds or removes a person from leaderboards.
func (db *DB) SetOptOut(ctx context.Context, team, user string, out bool) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if out {
			_, err = tx.ExecContext(ctx, `INSERT INTO leaderboard_optout (team_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, team, user)
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM leaderboard_optout WHERE team_id = ? AND user_id = ?`, team, user)
		}
		return err
	})
}

// TeamAnswers lists the scored answers of a workspace's people since a time (zero:
// all), optionally in one stage, leaving out people who opted out.
func (db *DB) TeamAnswers(ctx context.Context, team string, since time.Time, stage string) ([]interview.ScoredAnswer, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT u.external_id, t.score, t.level, t.stage, t.answered_at FROM turns t
			JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
			WHERE u.source = 'slack' AND u.team_id = ? AND t.score IS NOT NULL AND t.skipped = 0 AND t.answered_at >= ? AND (? = '' OR t.stage = ?)
			AND NOT EXISTS (SELECT 1 FROM leaderboard_optout o WHERE o.team_id = u.team_id AND o.user_id = u.external_id)
		UNION ALL
		SELECT a.user_id, a.score, a.level, a.stage, a.answered_at FROM qotd_answers a
			WHERE a.team_id = ? AND a.answered_at >= ? AND (? = '' OR a.stage = ?)
			AND NOT EXISTS (SELECT 1 FROM leaderboard_optout o WHERE o.team_id = a.team_id AND o.user_id = a.user_id)`,
		team, formatTime(since), stage, stage, team, formatTime(since), stage, stage)
	if err != nil {
		return nil, fmt.Errorf("team answers: %w", err)
	}
	defer rows.Close()
	var out []interview.ScoredAnswer
	for rows.Next() {
		var s interview.ScoredAnswer
		var at string
		if err := rows.Scan(&s.UserID, &s.Score, &s.Level, &s.Stage, &at); err != nil {
			return nil, err
		}
		s.At = parseTime(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// PostBySlot returns the post claimed for a slot.
func (db *DB) PostBySlot(ctx context.Context, team, channel, slot string) (*interview.ChannelPost, error) {
	var p *interview.ChannelPost
	err := db.readOnWriter(ctx, func(w *sql.DB) (err error) {
		p, err = scanPost(w.QueryRowContext(ctx, `SELECT `+postCols+` FROM channel_posts WHERE team_id = ? AND channel_id = ? AND slot = ?`, team, channel, slot))
		return err
	})
	return p, mapErr(err, "The slot")
}
