package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// publishHome shows the user's App Home: recent sessions, weakest stages, CV projects,
// and buttons to start an interview.
func (b *Bot) publishHome(ctx context.Context, team, user string) error {
	u, err := b.Users.EnsureUser(ctx, slackUser(team, user))
	if err != nil {
		return err
	}
	sessions, err := b.Stats.UserSessions(ctx, u.ID, 5)
	if err != nil {
		return err
	}
	stages, err := b.Stats.StageScores(ctx, u.ID)
	if err != nil {
		return err
	}
	projects, err := b.Users.Projects(ctx, u.ID)
	if err != nil {
		return err
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Mock interviews", false, false)),
		slack.NewActionBlock("home_start",
			button("start_quick", "Start a quick interview", "quick", slack.StylePrimary),
			button("start_standard", "Start a standard interview", "standard", "")),
	}
	var sb strings.Builder
	sb.WriteString("*Recent interviews*\n")
	if len(sessions) == 0 {
		sb.WriteString("None yet: start one above, or type `/mock-interview start`.\n")
	}
	for _, s := range sessions {
		score := "in progress"
		if s.Score != nil {
			score = fmt.Sprintf("%d/100", *s.Score)
		}
		fmt.Fprintf(&sb, "• %s · %s plan · %s\n", s.StartedAt.Format("2006-01-02"), s.Plan, score)
	}
	blocks = append(blocks, sections(sb.String())...)
	if len(stages) > 0 {
		sb.Reset()
		sb.WriteString("*Weakest stages*\n")
		for i, a := range stages {
			if i == 3 {
				break
			}
			fmt.Fprintf(&sb, "• %s: %d/100 over %d answers\n", Escape(b.Engine.StageTitle(a.Stage)), a.Score, a.Answers)
		}
		blocks = append(blocks, sections(sb.String())...)
	}
	sb.Reset()
	sb.WriteString("*Your CV projects*\n")
	if len(projects) == 0 {
		sb.WriteString("None: add one with `/mock-interview cv add NAME: DESCRIPTION` to get questions about your own work.\n")
	}
	for _, p := range projects {
		fmt.Fprintf(&sb, "• *%s* _(%s)_\n", Escape(p.Name), Escape(strings.Join(p.Tags, ", ")))
	}
	blocks = append(blocks, sections(sb.String())...)
	if len(blocks) > maxBlocks {
		blocks = blocks[:maxBlocks]
	}
	return b.Sender.Publish(ctx, user, slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}})
}
