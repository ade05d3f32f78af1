package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

// EnsureUser returns the stored user for (source, team, external id), creating it.
func (db *DB) EnsureUser(ctx context.Context, u interview.User) (interview.User, error) {
	if u.Source == "" || u.ExternalID == "" {
		return u, interview.Errorf(interview.EINVALID, "A user needs a source and an id.")
	}
	// Nearly every call finds the user as stored (the bot ensures the user at each
	// message): a read answers it, and only a new user or a new name takes the single
	// writer connection for a transaction.
	var id int64
	var name string
	err := db.read.QueryRowContext(ctx, `SELECT id, name FROM users WHERE source = ? AND team_id = ? AND external_id = ?`,
		u.Source, u.TeamID, u.ExternalID).Scan(&id, &name)
	if err == nil && (u.Name == "" || u.Name == name) {
		u.ID, u.Name = id, name
		return u, nil
	} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("ensure user: %w", err)
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (source, team_id, external_id, name, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (source, team_id, external_id) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE users.name END`,
			u.Source, u.TeamID, u.ExternalID, u.Name, db.stamp()); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT id, name FROM users WHERE source = ? AND team_id = ? AND external_id = ?`,
			u.Source, u.TeamID, u.ExternalID).Scan(&u.ID, &u.Name)
	})
	if err != nil {
		return u, fmt.Errorf("ensure user: %w", err)
	}
	return u, nil
}

// FindUser returns a stored user without creating one.
func (db *DB) FindUser(ctx context.Context, source, team, external string) (interview.User, error) {
	u := interview.User{Source: source, TeamID: team, ExternalID: external}
	err := db.read.QueryRowContext(ctx, `SELECT id, name FROM users WHERE source = ? AND team_id = ? AND external_id = ?`,
		source, team, external).Scan(&u.ID, &u.Name)
	return u, mapErr(err, "The user")
}

// Projects lists the user's CV projects by name.
func (db *DB) Projects(ctx context.Context, userID int64) ([]*interview.Project, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, description, tags FROM cv_projects WHERE user_id = ? ORDER BY name`, userID)
	if err != nil {
		return nil, fmt.Errorf("projects: %w", err)
	}
	defer rows.Close()
	var out []*interview.Project
	for rows.Next() {
		p := &interview.Project{UserID: userID}
		var tags string
		if err := rows.Scan(&p.ID, &p.Name, &p.Description, &tags); err != nil {
			return nil, fmt.Errorf("projects: %w", err)
		}
		_ = json.Unmarshal([]byte(tags), &p.Tags)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddProject stores a CV project; a project of the same name is replaced.
func (db *DB) AddProject(ctx context.Context, p *interview.Project) error {
	tags, _ := json.Marshal(nonNil(p.Tags))
	return db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO cv_projects (user_id, name, description, tags, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, name) DO UPDATE SET description = excluded.description, tags = excluded.tags
			RETURNING id`, p.UserID, p.Name, p.Description, string(tags), db.stamp()).Scan(&p.ID)
	})
}

// SetProjects replaces all of the user's CV projects (the terminal's -cv file).
func (db *DB) SetProjects(ctx context.Context, userID int64, ps []*interview.Project) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cv_projects WHERE user_id = ?`, userID); err != nil {
			return err
		}
		for _, p := range ps {
			tags, _ := json.Marshal(nonNil(p.Tags))
			if err := tx.QueryRowContext(ctx, `INSERT INTO cv_projects (user_id, name, description, tags, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				userID, p.Name, p.Description, string(tags), db.stamp()).Scan(&p.ID); err != nil {
				return mapErr(err, fmt.Sprintf("The project %q", p.Name))
			}
			p.UserID = userID
		}
		return nil
	})
}

// RemoveProject deletes the user's project by name (case-insensitive).
func (db *DB) RemoveProject(ctx context.Context, userID int64, name string) error {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM cv_projects WHERE user_id = ? AND lower(name) = ?`, userID, strings.ToLower(name))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("remove project: %w", err)
	}
	if n == 0 {
		return interview.Errorf(interview.ENOTFOUND, "You have no CV project named %q.", name)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ForgetSlackUser deletes everything stored about a Slack user: sessions, turns and CV
// projects (through the user row), question-of-the-day answers, the leaderboard
// opt-out, and deliveries that may hold answer text.
func (db *DB) ForgetSlackUser(ctx context.Context, team, user string, userID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM inbox WHERE team_id = ? AND user_id = ? AND kind <> 'action'`,
			`DELETE FROM qotd_answers WHERE team_id = ? AND user_id = ?`,
			`DELETE FROM leaderboard_optout WHERE team_id = ? AND user_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, team, user); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID)
		return err
	})
}
