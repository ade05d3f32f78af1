package interview

import "time"

// Schedule is a channel's question-of-the-day subscription.
type Schedule struct {
	ID          int64
	TeamID      string
	ChannelID   string
	Spec        string // a cron spec with CRON_TZ=, or a descriptor
	Timezone    string // IANA name
	SummarySpec string // weekly leaderboard summary, cron with CRON_TZ=
	CreatedBy   string
	CreatedAt   time.Time
}

// Post kinds in a channel.
const (
	PostQuestion = "question"
	PostSummary  = "summary"
)

// ChannelPost is one claimed slot of a schedule: the question (or summary) posted
// for it. The unique (team, channel, slot) row is the claim that makes each slot post
// once across restarts and replicas.
type ChannelPost struct {
	ID         int64
	TeamID     string
	ChannelID  string
	Slot       string
	Kind       string
	QuestionID string
	MessageTS  string
	ClaimedBy  string
	ClaimedAt  time.Time
	PostedAt   *time.Time
	RevealedAt *time.Time
}

// ChannelAnswer is one person's scored answer in a question-of-the-day thread.
type ChannelAnswer struct {
	ID         int64
	PostID     int64
	TeamID     string
	UserID     string
	Answer     string
	Score      int
	Level      int
	Stage      string
	Scorer     string
	Matched    []string
	Missed     []string
	Late       bool
	AnsweredAt time.Time
}

// LeaderRow is one person's line on a leaderboard.
type LeaderRow struct {
	UserID   string
	Points   int
	Answers  int
	Average  int
	Streak   int // consecutive days with an answer, up to the window's end
	Ranked   bool
	Position int
}
