package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// isAdmin reports whether the user may manage a channel's schedule: listed in
// ADMIN_USER_IDS, or an admin or owner of the same workspace.
func (b *Bot) isAdmin(ctx context.Context, team, user string) (bool, error) {
	if b.botTeamID != "" && team != b.botTeamID {
		return false, nil // a command from another workspace manages nothing here
	}
	if b.Admins[user] {
		return true, nil
	}
	u, err := b.Sender.UserInfo(ctx, user)
	if err != nil {
		return false, fmt.Errorf("users.info: %w", err)
	}
	if u.TeamID != "" && u.TeamID != team {
		return false, nil
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

// slackErrorIs reports whether err is a Slack Web API error with one of the codes.
func slackErrorIs(err error, codes ...string) bool {
	var se slack.SlackErrorResponse
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Err
	}
	for _, c := range codes {
		if strings.Contains(msg, c) {
			return true
		}
	}
	return false
}
