package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/interview"
)

// CreateSession inserts a new session.
func (db *DB) CreateSession(ctx context.Context, s *interview.Session) error {
	state, err := json.Marshal(s.State)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	if s.StartedAt.IsZero() {
		s.StartedAt = db.now()
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO sessions (user_id, source, plan, topic, seed, status, state, version, channel_id, started_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
			s.UserID, s.Source, s.Plan, s.Topic, s.Seed, s.Status, string(state), s.ChannelID, formatTime(s.StartedAt)).Scan(&s.ID)
	})
}

const sessionCols = `s.id, s.user_id, u.external_id, s.source, s.plan, s.topic, s.seed, s.status, s.state, s.version, s.score, s.channel_id, s.started_at, s.finished_at`

func scanSession(row interface{ Scan(...any) error }) (*interview.Session, error) {
	s := &interview.Session{}
	var state, started string
	var finished sql.NullString
	var score sql.NullInt64
	if err := row.Scan(&s.ID, &s.UserID, &s.User, &s.Source, &s.Plan, &s.Topic, &s.Seed, &s.Status, &state, &s.Version, &score, &s.ChannelID, &started, &finished); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(state), &s.State); err != nil {
		return nil, fmt.Errorf("session %d state: %w", s.ID, err)
	}
	s.StartedAt = parseTime(started)
	if finished.Valid {
		t := parseTime(finished.String)
		s.FinishedAt = &t
	}
	if score.Valid {
		n := int(score.Int64)
		s.Score = &n
	}
	return s, nil
}

// Session returns the session with the id.
func (db *DB) Session(ctx context.Context, id int64) (*interview.Session, error) {
	var s *interview.Session
	err := db.readOnWriter(ctx, func(w *sql.DB) (err error) {
		s, err = scanSession(w.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id))
		return err
	})
	return s, mapErr(err, "The interview")
}

// ActiveSession returns the user's latest unfinished session.
func (db *DB) ActiveSession(ctx context.Context, userID int64) (*interview.Session, error) {
	// The writer connection sees every committed write at once; a reader could lag a
	// just-committed answer in a tight loop.
	var s *interview.Session
	err := db.readOnWriter(ctx, func(w *sql.DB) (err error) {
		s, err = scanSession(w.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.user_id = ? AND s.status = 'active' ORDER BY s.id DESC LIMIT 1`, userID))
		return err
	})
	return s, mapErr(err, "An unfinished interview")
}

// SaveSession stores the session's state and, if turn is not nil, appends the turn, in
// one transaction guarded by the session's version.
func (db *DB) SaveSession(ctx context.Context, s *interview.Session, turn *interview.Turn) error {
	state, err := json.Marshal(s.State)
	if err != nil {
		return fmt.Errorf("save session %d: %w", s.ID, err)
	}
	var finished any
	if s.FinishedAt != nil {
		finished = formatTime(*s.FinishedAt)
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET state = ?, status = ?, score = ?, finished_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, string(state), s.Status, s.Score, finished, s.ID, s.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return interview.Errorf(interview.ECONFLICT, "This interview moved on in the meantime; here is where it stands now.")
		}
		if turn != nil {
			if err := insertTurn(ctx, tx, turn); err != nil {
				return mapErr(err, "That answer")
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.Version++
	return nil
}

func insertTurn(ctx context.Context, tx *sql.Tx, t *interview.Turn) error {
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	grading := t.Grading
	if grading == nil {
		grading = map[string]any{}
	}
	return tx.QueryRowContext(ctx, `INSERT INTO turns (session_id, seq, kind, question_id, stage, level, prompt, answer, score, raw_score, scorer,
		matched, missed, feedback, hints, skipped, asked_at, answered_at, grading)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.SessionID, t.Seq, t.Kind, t.QuestionID, t.Stage, t.Level, t.Prompt, t.Answer, t.Score, t.RawScore, t.Scorer,
		js(nonNil(t.Matched)), js(nonNil(t.Missed)), js(nonNil(t.Feedback)), t.Hints, t.Skipped,
		formatTime(t.AskedAt), formatTime(t.AnsweredAt), js(grading)).Scan(&t.ID)
}

const turnCols = `id, session_id, seq, kind, question_id, stage, level, prompt, answer, score, raw_score, scorer, matched, missed, feedback, hints, skipped, asked_at, answered_at, grading`

func scanTurn(row interface{ Scan(...any) error }) (*interview.Turn, error) {
	t := &interview.Turn{}
	var score, raw sql.NullInt64
	var matched, missed, feedback, asked, answered, grading string
	if err := row.Scan(&t.ID, &t.SessionID, &t.Seq, &t.Kind, &t.QuestionID, &t.Stage, &t.Level, &t.Prompt, &t.Answer, &score, &raw, &t.Scorer,
		&matched, &missed, &feedback, &t.Hints, &t.Skipped, &asked, &answered, &grading); err != nil {
		return nil, err
	}
	if score.Valid {
		n := int(score.Int64)
		t.Score = &n
	}
	if raw.Valid {
		n := int(raw.Int64)
		t.RawScore = &n
	}
	_ = json.Unmarshal([]byte(matched), &t.Matched)
	_ = json.Unmarshal([]byte(missed), &t.Missed)
	_ = json.Unmarshal([]byte(feedback), &t.Feedback)
	_ = json.Unmarshal([]byte(grading), &t.Grading)
	t.AskedAt, t.AnsweredAt = parseTime(asked), parseTime(answered)
	return t, nil
}

// Turns lists a session's turns in order.
func (db *DB) Turns(ctx context.Context, sessionID int64) ([]*interview.Turn, error) {
	var out []*interview.Turn
	err := db.readOnWriter(ctx, func(w *sql.DB) error {
		rows, err := w.QueryContext(ctx, `SELECT `+turnCols+` FROM turns WHERE session_id = ? ORDER BY seq`, sessionID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTurn(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("turns of session %d: %w", sessionID, err)
	}
	return out, nil
}

// seenQuestionsSQL runs at every answer; the index turns_session_kind_question keeps
// it from reading the user's past turns themselves.
const seenQuestionsSQL = `SELECT DISTINCT t.question_id FROM turns t JOIN sessions s ON s.id = t.session_id
		WHERE s.user_id = ? AND t.kind = 'bank'`

// SeenQuestions lists the bank questions the user answered or skipped before.
func (db *DB) SeenQuestions(ctx context.Context, userID int64) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, seenQuestionsSQL, userID)
	if err != nil {
		return nil, fmt.Errorf("seen questions: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		seen[id] = true
	}
	return seen, rows.Err()
}

// SessionFilter selects sessions for reports.
type SessionFilter struct {
	Source string // "" for all
	User   string // external id; "" for all
	TeamID string
	Since  time.Time
	Limit  int
}

// Sessions lists sessions, newest first.
func (db *DB) Sessions(ctx context.Context, f SessionFilter) ([]*interview.Session, error) {
	var where []string
	var args []any
	if f.Source != "" {
		where = append(where, "s.source = ?")
		args = append(args, f.Source)
	}
	if f.User != "" {
		where = append(where, "u.external_id = ?")
		args = append(args, f.User)
	}
	if f.TeamID != "" {
		where = append(where, "u.team_id = ?")
		args = append(args, f.TeamID)
	}
	if !f.Since.IsZero() {
		where = append(where, "s.started_at >= ?")
		args = append(args, formatTime(f.Since))
	}
	q := `SELECT ` + sessionCols + ` FROM sessions s JOIN users u ON u.id = s.user_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY s.id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	defer rows.Close()
	var out []*interview.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("sessions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UserSessions lists a user's latest sessions, newest first.
func (db *DB) UserSessions(ctx context.Context, userID int64, limit int) ([]*interview.Session, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.user_id = ? ORDER BY s.id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("user sessions: %w", err)
	}
	defer rows.Close()
	var out []*interview.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// StageScores averages a user's scored answers per stage, weakest first.
func (db *DB) StageScores(ctx context.Context, userID int64) ([]interview.StageAverage, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT t.stage, CAST(round(avg(t.score)) AS INTEGER), count(*) FROM turns t
		JOIN sessions s ON s.id = t.session_id WHERE s.user_id = ? AND t.score IS NOT NULL
		GROUP BY t.stage ORDER BY avg(t.score), t.stage`, userID)
	if err != nil {
		return nil, fmt.Errorf("stage scores: %w", err)
	}
	defer rows.Close()
	var out []interview.StageAverage
	for rows.Next() {
		var a interview.StageAverage
		if err := rows.Scan(&a.Stage, &a.Score, &a.Answers); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ActiveSessions counts the interviews started and not finished.
func (db *DB) ActiveSessions(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE status = 'active'`).Scan(&n)
	return n, err
}
