package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

// cmdLeaderboard shows the workspace's ranking: `leaderboard [week|month|all]
// [TOPIC]`, or `leaderboard optout|optin`.
func (b *Bot) cmdLeaderboard(ctx context.Context, cmd slack.SlashCommand, args []string) error {
	if b.QOTD == nil {
		return interview.Errorf(interview.EINVALID, "Leaderboards are not running on this bot.")
	}
	window, stage := "week", ""
	for _, a := range args {
		switch l := strings.ToLower(a); l {
		case "optout", "opt-out":
			if err := b.Users.SetOptOut(ctx, cmd.TeamID, cmd.UserID, true); err != nil {
				return err
			}
			return b.respond(ctx, cmd, "You are off the leaderboards. You can still practise and see your own scores; `leaderboard optin` puts you back.", nil)
		case "optin", "opt-in":
			if err := b.Users.SetOptOut(ctx, cmd.TeamID, cmd.UserID, false); err != nil {
				return err
			}
			return b.respond(ctx, cmd, "You are back on the leaderboards.", nil)
		case "week", "month", "all":
			window = l
		default:
			if !slices.Contains(b.Engine.Topics(), l) {
				return interview.Errorf(interview.EINVALID, "Unknown topic %q. Use: /mock-interview leaderboard [week|month|all] [TOPIC] with a topic among: %s.", a, strings.Join(b.Engine.Topics(), ", "))
			}
			stage = l
		}
	}
	now := b.now()
	var since time.Time
	switch window {
	case "week":
		since = now.Add(-7 * 24 * time.Hour)
	case "month":
		since = now.Add(-30 * 24 * time.Hour)
	}
	rows, err := b.QOTD.Board(ctx, cmd.TeamID, since, stage)
	if err != nil {
		return err
	}
	title := map[string]string{"week": "this week", "month": "the last 30 days", "all": "all time"}[window]
	head := fmt.Sprintf("*Leaderboard · %s*", title)
	if stage != "" {
		head += " · " + Escape(b.Engine.StageTitle(stage))
	}
	text := head + "\n" + leaderboardText(rows, cmd.UserID, 10)
	return b.respond(ctx, cmd, text, nil)
}

// leaderboardText renders the top rows and, if me is not among them, my own line.
func leaderboardText(rows []interview.LeaderRow, me string, top int) string {
	var sb strings.Builder
	shown := 0
	var mine *interview.LeaderRow
	for i := range rows {
		r := &rows[i]
		if r.UserID == me {
			mine = r
		}
		if !r.Ranked || shown == top {
			continue
		}
		shown++
		streak := ""
		if r.Streak > 1 {
			streak = fmt.Sprintf(" · 🔥 %d-day streak", r.Streak)
		}
		fmt.Fprintf(&sb, "%d. <@%s> · %d points · %d answers · average %d%s\n", r.Position, r.UserID, r.Points, r.Answers, r.Average, streak)
	}
	if shown == 0 {
		fmt.Fprintf(&sb, "Nobody is ranked yet: it takes %d answers (interviews or questions of the day).\n", interview.MinAnswersRanked)
	}
	if mine != nil && (!mine.Ranked || mine.Position > top) {
		if mine.Ranked {
			fmt.Fprintf(&sb, "…\nYou: #%d · %d points · %d answers\n", mine.Position, mine.Points, mine.Answers)
		} else {
			fmt.Fprintf(&sb, "You: %d answers so far; %d more to be ranked.\n", mine.Answers, interview.MinAnswersRanked-mine.Answers)
		}
	}
	sb.WriteString("_Points: score × level ÷ 10 per answer (a perfect deep answer earns 30). `leaderboard optout` to practise unranked._")
	return sb.String()
}
