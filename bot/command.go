package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

const helpText = "*Mock interviews, in a DM with me.*\n" +
	"`/mock-interview start [quick|standard|full] [TOPIC]` start (or continue) an interview\n" +
	"`/mock-interview hint` · `skip` · `repeat` · `end` act on your running interview (also as buttons, or as words in our DM)\n" +
	"`/mock-interview cv add NAME: DESCRIPTION` · `cv list` · `cv remove NAME` the projects I ask follow-ups about\n" +
	"`/mock-interview stats [@user]` history and per-stage scores\n" +
	"`/mock-interview leaderboard [week|month|all] [TOPIC]` · `leaderboard optout|optin` the team's ranking\n" +
	"`/mock-interview qotd subscribe [HH:MM [TZ] [weekdays]] | [CRON SPEC]` · `qotd unsubscribe` · `qotd now` · `qotd` question of the day here (admins)\n" +
	"`/mock-interview forget` delete everything I store about you\n" +
	"Answer a question by writing in our DM."

var verbs = []string{"help", "start", "hint", "skip", "repeat", "end", "cv", "forget", "stats", "leaderboard", "qotd"}

func knownVerb(v string) bool {
	for _, x := range verbs {
		if x == v {
			return true
		}
	}
	return false
}

// user identifies the Slack user in the engine.
func slackUser(team, user string) interview.User {
	return interview.User{Source: interview.SourceSlack, TeamID: team, ExternalID: user}
}

// runCommand does the work of a slash command after it was acknowledged.
func (b *Bot) runCommand(ctx context.Context, in *interview.Inbound, cmd slack.SlashCommand) error {
	f := strings.Fields(cmd.Text)
	verb := ""
	if len(f) > 0 {
		verb = strings.ToLower(f[0])
	}
	reply := func(text string) error { return b.respond(ctx, cmd, text, nil) }
	var err error
	switch verb {
	case "", "help":
		return nil // answered in the acknowledgement
	case "start":
		err = b.cmdStart(ctx, cmd.TeamID, cmd.UserID, f[1:], in.Key)
	case "hint", "skip", "repeat", "end":
		err = b.act(ctx, cmd.TeamID, cmd.UserID, verb, 0, in.Key)
	case "cv":
		err = b.cmdCV(ctx, cmd, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cmd.Text), f[0])))
	case "forget":
		err = b.respond(ctx, cmd, "This deletes your interviews, answers, scores and CV projects. It cannot be undone.", forgetBlocks(cmd.UserID))
	case "stats":
		err = b.cmdStats(ctx, cmd, f[1:])
	case "leaderboard":
		err = b.cmdLeaderboard(ctx, cmd, f[1:])
	case "qotd":
		err = b.cmdQOTD(ctx, cmd, f[1:])
	default:
		return nil // help was the acknowledgement
	}
	if err != nil {
		return reply(b.userMessage(err))
	}
	return nil
}

// userMessage is the one place an error becomes text for a person: application
// errors say what is wrong; anything else is logged and apologised for.
func (b *Bot) userMessage(err error) string {
	if interview.ErrorCode(err) == interview.EINTERNAL {
		b.Logger.Error("internal error", "err", err)
	}
	return interview.ErrorMessage(err)
}

// respond answers a slash command privately through its response_url.
func (b *Bot) respond(ctx context.Context, cmd slack.SlashCommand, text string, blocks []slack.Block) error {
	if !b.responseURLAllowed(cmd.ResponseURL) {
		return b.Sender.Ephemeral(ctx, "", cmd.ChannelID, cmd.UserID, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	}
	msg := &slack.WebhookMessage{Text: text, ResponseType: slack.ResponseTypeEphemeral}
	if len(blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return b.Sender.Respond(ctx, cmd.ResponseURL, msg)
}

var cvAdd = regexp.MustCompile(`(?is)^add\s+([^:]+?)\s*:\s*(.+)$`)

func (b *Bot) cmdCV(ctx context.Context, cmd slack.SlashCommand, rest string) error {
	u, err := b.Store.EnsureUser(ctx, slackUser(cmd.TeamID, cmd.UserID))
	if err != nil {
		return err
	}
	sub, arg, _ := strings.Cut(rest, " ")
	switch strings.ToLower(sub) {
	case "add":
		m := cvAdd.FindStringSubmatch(rest)
		if m == nil {
			return interview.Errorf(interview.EINVALID, "Use: /mock-interview cv add NAME: DESCRIPTION")
		}
		ps, err := b.Store.Projects(ctx, u.ID)
		if err != nil {
			return err
		}
		if len(ps) >= interview.MaxProjects {
			return interview.Errorf(interview.EINVALID, "You have %d CV projects, the most I keep; remove one first.", len(ps))
		}
		p, err := interview.NewProject(unescape(m[1]), unescape(m[2]), nil)
		if err != nil {
			return err
		}
		p.UserID = u.ID
		if err := b.Store.AddProject(ctx, p); err != nil {
			return err
		}
		return b.respond(ctx, cmd, fmt.Sprintf("Saved *%s* (tags: %s). Interviews will ask about it.", Escape(p.Name), Escape(strings.Join(p.Tags, ", "))), nil)
	case "list", "":
		ps, err := b.Store.Projects(ctx, u.ID)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return b.respond(ctx, cmd, "You have no CV projects yet. Add one: `/mock-interview cv add NAME: DESCRIPTION`", nil)
		}
		var sb strings.Builder
		sb.WriteString("*Your CV projects*\n")
		for _, p := range ps {
			fmt.Fprintf(&sb, "• *%s*: %s _(%s)_\n", Escape(p.Name), Escape(truncate(p.Description, 200)), Escape(strings.Join(p.Tags, ", ")))
		}
		return b.respond(ctx, cmd, sb.String(), nil)
	case "remove", "rm", "delete":
		name := strings.TrimSpace(unescape(arg))
		if name == "" {
			return interview.Errorf(interview.EINVALID, "Use: /mock-interview cv remove NAME")
		}
		if err := b.Store.RemoveProject(ctx, u.ID, name); err != nil {
			return err
		}
		return b.respond(ctx, cmd, fmt.Sprintf("Removed *%s*.", Escape(name)), nil)
	}
	return interview.Errorf(interview.EINVALID, "Use: /mock-interview cv add NAME: DESCRIPTION · cv list · cv remove NAME")
}

var mention = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(\|[^>]*)?>$`)

func (b *Bot) cmdStats(ctx context.Context, cmd slack.SlashCommand, args []string) error {
	target := cmd.UserID
	if len(args) > 0 {
		m := mention.FindStringSubmatch(args[0])
		if m == nil {
			return interview.Errorf(interview.EINVALID, "Use: /mock-interview stats [@user]")
		}
		target = m[1]
	}
	u, err := b.Store.FindUser(ctx, interview.SourceSlack, cmd.TeamID, target)
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return b.respond(ctx, cmd, fmt.Sprintf("<@%s> has no interviews yet.", target), nil)
	} else if err != nil {
		return err
	}
	sessions, err := b.Store.UserSessions(ctx, u.ID, 10)
	if err != nil {
		return err
	}
	stages, err := b.Store.StageScores(ctx, u.ID)
	if err != nil {
		return err
	}
	return b.respond(ctx, cmd, statsText(b.Engine, target, sessions, stages), nil)
}

// forgetUser deletes everything stored about the user.
func (b *Bot) forgetUser(ctx context.Context, team, user string) error {
	u, err := b.Store.FindUser(ctx, interview.SourceSlack, team, user)
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if err := b.Store.ForgetSlackUser(ctx, team, user, u.ID); err != nil {
		return fmt.Errorf("forget user: %w", err)
	}
	return nil
}
