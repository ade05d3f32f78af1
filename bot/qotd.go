package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

func (b *Bot) cmdLeaderboard(ctx context.Context, cmd slack.SlashCommand, args []string) error {
	return interview.Errorf(interview.EINVALID, "Leaderboards are not available yet.")
}

func (b *Bot) cmdQOTD(ctx context.Context, cmd slack.SlashCommand, args []string) error {
	return interview.Errorf(interview.EINVALID, "The question of the day is not available yet.")
}

func (b *Bot) onThreadAnswer(ctx context.Context, in *interview.Inbound, m messageEvent) error {
	return nil
}

func (b *Bot) onQOTDAction(ctx context.Context, in *interview.Inbound, cb slack.InteractionCallback) error {
	return nil
}
