package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/questions"
)

// SeedResult counts what Seed wrote.
type SeedResult struct {
	turns, sessions int
}

// Turns is the number of turns written.
func (r SeedResult) Turns() int { return r.turns }

// Sessions is the number of sessions written.
func (r SeedResult) Sessions() int { return r.sessions }

// Seed writes history for load tests into the database file at path (created with
// the schema if missing): finished quick interviews of five turns each, with the
// outbox rows the bot leaves behind, for users U00000 onwards of the team, over the
// past year. It writes in one transaction, which takes seconds where one transaction
// per turn through the store's API would take minutes. Nothing else may have the file
// open.
func Seed(ctx context.Context, path, team string, turns, users int, qs []*questions.Question) (SeedResult, error) {
	var res SeedResult
	if users <= 0 || len(qs) == 0 {
		return res, fmt.Errorf("seed: want users and questions")
	}
	db, err := Open(ctx, path)
	if err != nil {
		return res, err
	}
	db.Close()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		return res, err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	err = inTx(ctx, raw, func(tx *sql.Tx) error {
		return seedRows(ctx, tx, team, turns, users, qs, &res)
	})
	if err != nil {
		return res, err
	}
	if _, err := raw.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return res, err
	}
	return res, nil
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func seedRows(ctx context.Context, tx *sql.Tx, team string, turns, users int, qs []*questions.Question, res *SeedResult) error {
	prep := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
	insUser, err := prep(`INSERT INTO users (source, team_id, external_id, name, created_at) VALUES ('slack', ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	insSession, err := prep(`INSERT INTO sessions (user_id, source, plan, topic, seed, status, state, version, score, channel_id, started_at, finished_at)
		VALUES (?, 'slack', 'quick', '', ?, 'finished', ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	insTurn, err := prep(`INSERT INTO turns (session_id, seq, kind, question_id, stage, level, prompt, answer, score, raw_score, scorer,
		matched, missed, feedback, hints, skipped, asked_at, answered_at, grading)
		VALUES (?, ?, 'bank', ?, ?, ?, ?, ?, ?, ?, 'keyword', ?, ?, ?, 0, 0, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insSent, err := prep(`INSERT INTO outbox (key, channel_id, message_ts, sent_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	const layout = "2006-01-02T15:04:05.000000000Z"
	rng := rand.New(rand.NewPCG(7, 7))
	ids := make([]int64, users)
	start := time.Now().UTC().Add(-365 * 24 * time.Hour)
	for i := range ids {
		u := fmt.Sprintf("U%05d", i)
		if err := insUser.QueryRowContext(ctx, team, u, strings.ToLower(u), start.Format(layout)).Scan(&ids[i]); err != nil {
			return fmt.Errorf("seed user: %w", err)
		}
	}
	const perSession = 5
	step := 365 * 24 * time.Hour / time.Duration(turns/perSession+1)
	for n := 0; n < turns; {
		user := ids[res.sessions%users]
		at := start.Add(time.Duration(res.sessions) * step)
		k := min(perSession, turns-n)
		var asked []string
		var picked []*questions.Question
		for range k {
			q := qs[rng.IntN(len(qs))]
			picked = append(picked, q)
			asked = append(asked, q.ID)
		}
		state, _ := json.Marshal(map[string]any{"stage_index": 5, "stage_asked": 1, "asked": asked})
		score := 40 + rng.IntN(55)
		dm := fmt.Sprintf("DU%05d", res.sessions%users)
		var sid int64
		if err := insSession.QueryRowContext(ctx, user, rng.Int64N(1<<53)+1, string(state), k+1, score, dm,
			at.Format(layout), at.Add(10*time.Minute).Format(layout)).Scan(&sid); err != nil {
			return fmt.Errorf("seed session: %w", err)
		}
		for seq, q := range picked {
			answer, s := q.Reference, 70+rng.IntN(30)
			if rng.IntN(3) == 0 {
				answer, _, _ = strings.Cut(q.Reference, ". ")
				s = 20 + rng.IntN(40)
			}
			var matched, missed []string
			for i, kp := range q.KeyPoints {
				if i%2 == 0 || s >= 70 {
					matched = append(matched, kp.Text)
				} else {
					missed = append(missed, kp.Text)
				}
			}
			feedback := make([]string, 0, len(q.KeyPoints))
			for _, m := range matched {
				feedback = append(feedback, "Covered: "+m)
			}
			for _, m := range missed {
				feedback = append(feedback, "Missed: "+m)
			}
			js := func(v []string) string {
				if v == nil {
					v = []string{}
				}
				b, _ := json.Marshal(v)
				return string(b)
			}
			asked, answered := at.Add(time.Duration(seq)*2*time.Minute), at.Add(time.Duration(seq)*2*time.Minute+90*time.Second)
			if _, err := insTurn.ExecContext(ctx, sid, seq, q.ID, q.Stage, q.Level, q.Prompt, answer, s, s, js(matched), js(missed), js(feedback),
				asked.Format(layout), answered.Format(layout), `{"coverage":0.8,"similarity":0.6}`); err != nil {
				return fmt.Errorf("seed turn: %w", err)
			}
			ts := fmt.Sprintf("%d.%06d", asked.Unix(), seq)
			for _, key := range []string{fmt.Sprintf("q:%d:%d", sid, seq+1), fmt.Sprintf("fb:%d:%d", sid, seq)} {
				if _, err := insSent.ExecContext(ctx, key, dm, ts, asked.Format(layout)); err != nil {
					return fmt.Errorf("seed outbox: %w", err)
				}
			}
		}
		for _, key := range []string{fmt.Sprintf("intro:%d", sid), fmt.Sprintf("rep:%d:0", sid)} {
			if _, err := insSent.ExecContext(ctx, key, dm, fmt.Sprintf("%d.000000", at.Unix()), at.Format(layout)); err != nil {
				return fmt.Errorf("seed outbox: %w", err)
			}
		}
		n += k
		res.turns += k
		res.sessions++
	}
	return nil
}
