package bot

import (
	"context"

	"github.com/mockinterview/mockinterview/interview"
)

// Users is what the bot keeps about people beyond their interviews: who they are,
// their CV projects, their leaderboard choice, and forgetting all of it.
type Users interface {
	FindUser(ctx context.Context, source, team, external string) (interview.User, error)
	EnsureUser(ctx context.Context, u interview.User) (interview.User, error)
	Projects(ctx context.Context, userID int64) ([]*interview.Project, error)
	AddProject(ctx context.Context, p *interview.Project) error
	RemoveProject(ctx context.Context, userID int64, name string) error
	SetOptOut(ctx context.Context, team, user string, out bool) error
	// ForgetSlackUser deletes everything stored about the person.
	ForgetSlackUser(ctx context.Context, team, user string, userID int64) error
}

// Stats is a person's history for stats and App Home.
type Stats interface {
	UserSessions(ctx context.Context, userID int64, limit int) ([]*interview.Session, error)
	StageScores(ctx context.Context, userID int64) ([]interview.StageAverage, error)
}

// Pinger checks, for /healthz, that the database answers and can take a write.
type Pinger interface {
	CheckWrite(ctx context.Context) error
}
