package interview

import (
	"context"
	"time"
)

// Sources of users and sessions.
const (
	SourceTerminal = "terminal"
	SourceSlack    = "slack"
)

// Session statuses.
const (
	StatusActive   = "active"
	StatusFinished = "finished"
)

// Turn kinds: a question from the bank, or a follow-up about a CV project.
const (
	KindBank = "bank"
	KindCV   = "cv"
)

// User is a candidate. Terminal users and Slack users live side by side: Source and
// TeamID with ExternalID identify them.
type User struct {
	ID         int64
	Source     string // SourceTerminal or SourceSlack
	TeamID     string // Slack workspace; "" in the terminal
	ExternalID string // Slack user id, or the terminal -user name
	Name       string
}

// Project is one project from the candidate's CV.
type Project struct {
	ID          int64
	UserID      int64
	Name        string
	Description string
	Tags        []string
}

// Session is one mock interview.
type Session struct {
	ID         int64
	UserID     int64
	User       string // the user's ExternalID, for reports
	Source     string
	Plan       string
	Topic      string
	Seed       int64
	Status     string
	State      State
	Version    int64 // optimistic concurrency: bumped on every save
	Score      *int  // overall score once finished
	ChannelID  string
	StartedAt  time.Time
	FinishedAt *time.Time
}

// State is where a session stands; it is saved with every turn, so a session can be
// resumed at its pending question after any crash.
type State struct {
	StageIndex int      `json:"stage_index"` // index into the plan's stages
	StageAsked int      `json:"stage_asked"` // questions asked in the current stage
	CVAsked    int      `json:"cv_asked"`
	Asked      []string `json:"asked"` // question ids (and "cv:N" keys) asked so far
	Pending    *Pending `json:"pending,omitempty"`
}

// Pending is the question waiting for an answer.
type Pending struct {
	Kind       string    `json:"kind"`
	QuestionID string    `json:"question_id"`          // bank id, or the template's key for CV
	Stage      string    `json:"stage"`                //
	Prompt     string    `json:"prompt"`               // as shown (CV templates are rendered)
	ProjectID  int64     `json:"project_id,omitempty"` // for CV follow-ups
	Hints      int       `json:"hints"`                // hints shown so far
	Number     int       `json:"number"`               // 1-based position in the interview
	AskedAt    time.Time `json:"asked_at"`
}

// Turn is one answered (or skipped) question.
type Turn struct {
	ID         int64
	SessionID  int64
	Seq        int
	Kind       string
	QuestionID string
	Stage      string
	Level      int
	Prompt     string
	Answer     string
	Score      *int // nil for unscored CV follow-ups
	RawScore   *int // before the hint penalty
	Scorer     string
	Matched    []string
	Missed     []string
	Feedback   []string
	Hints      int
	Skipped    bool
	AskedAt    time.Time
	AnsweredAt time.Time
	Grading    map[string]any // scorer details kept for audit (model, prompt version, verdict)
}

// SessionStore persists users, sessions, turns and CV projects.
type SessionStore interface {
	EnsureUser(ctx context.Context, u User) (User, error)
	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, id int64) (*Session, error)
	// ActiveSession returns the user's most recent unfinished session, or ENOTFOUND.
	ActiveSession(ctx context.Context, userID int64) (*Session, error)
	// SaveSession stores the session's state if its Version is still the stored one
	// (else ECONFLICT), appending turn when it is not nil, in one transaction. It
	// bumps s.Version.
	SaveSession(ctx context.Context, s *Session, turn *Turn) error
	Turns(ctx context.Context, sessionID int64) ([]*Turn, error)
	// SeenQuestions lists question ids the user was asked in earlier sessions.
	SeenQuestions(ctx context.Context, userID int64) (map[string]bool, error)
	Projects(ctx context.Context, userID int64) ([]*Project, error)
}
