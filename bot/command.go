package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/mockinterview/mockinterview/inbox"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

// command is one verb of /mock-interview. The table below is the one place the
// vocabulary lives: it drives the help text, the acknowledgement, the dispatch and
// the words a candidate can type in the DM.
type command struct {
	verb   string
	usage  string // after the verb, for the help text
	help   string
	dmWord bool   // also works as a word written in the DM during an interview
	ack    string // the acknowledgement's text; "" acknowledges silently
	run    func(b *Bot, ctx context.Context, in *inbox.Delivery, cmd slack.SlashCommand, args []string) error
}

var commands = []command{
	{verb: "help", help: "this help", run: nil},
	{verb: "start", usage: "[quick|standard|full] [TOPIC]", help: "start (or continue) an interview", ack: "Starting your interview in a DM with me…",
		run: func(b *Bot, ctx context.Context, in *inbox.Delivery, cmd slack.SlashCommand, args []string) error {
			return b.cmdStart(ctx, cmd.TeamID, cmd.UserID, args, in.Key)
		}},
	{verb: "hint", help: "a hint for the current question (it costs part of the score)", dmWord: true, run: runAct("hint")},
	{verb: "skip", help: "skip the current question (scored 0)", dmWord: true, run: runAct("skip")},
	{verb: "repeat", help: "show the current question again", dmWord: true, run: runAct("repeat")},
	{verb: "end", help: "end the interview and get the report", dmWord: true, run: runAct("end")},
	{verb: "cv", usage: "add NAME: DESCRIPTION · cv list · cv remove NAME", help: "the projects I ask follow-ups about",
		run: func(b *Bot, ctx context.Context, _ *inbox.Delivery, cmd slack.SlashCommand, _ []string) error {
			f := strings.Fields(cmd.Text)
			return b.cmdCV(ctx, cmd, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cmd.Text), f[0])))
		}},
	{verb: "stats", usage: "[@user]", help: "history and per-stage scores",
		run: func(b *Bot, ctx context.Context, _ *inbox.Delivery, cmd slack.SlashCommand, args []string) error {
			return b.cmdStats(ctx, cmd, args)
		}},
	{verb: "leaderboard", usage: "[week|month|all] [TOPIC] · leaderboard optout|optin", help: "the team's ranking",
		run: func(b *Bot, ctx context.Context, _ *inbox.Delivery, cmd slack.SlashCommand, args []string) error {
			return b.cmdLeaderboard(ctx, cmd, args)
		}},
	{verb: "qotd", usage: "subscribe [HH:MM [TZ] [weekdays]] | [CRON SPEC] · qotd unsubscribe · qotd now · qotd", help: "question of the day here (admins)",
		run: func(b *Bot, ctx context.Context, _ *inbox.Delivery, cmd slack.SlashCommand, args []string) error {
			return b.cmdQOTD(ctx, cmd, args)
		}},
	{verb: "forget", help: "delete everything I store about you",
		run: func(b *Bot, ctx context.Context, _ *inbox.Delivery, cmd slack.SlashCommand, _ []string) error {
			return b.respond(ctx, cmd, "This deletes your interviews, answers, scores and CV projects. It cannot be undone.", forgetBlocks(cmd.UserID))
		}},
}

func runAct(verb string) func(b *Bot, ctx context.Context, in *inbox.Delivery, cmd slack.SlashCommand, _ []string) error {
	return func(b *Bot, ctx context.Context, in *inbox.Delivery, cmd slack.SlashCommand, _ []string) error {
		return b.act(ctx, cmd.TeamID, cmd.UserID, verb, 0, in.Key)
	}
}

// lookup finds a verb's command, or nil.
func lookup(verb string) *command {
	for i := range commands {
		if commands[i].verb == verb {
			return &commands[i]
		}
	}
	return nil
}

// dmWords are the words that act on the interview when written in the DM.
func dmWords() []string {
	var out []string
	for _, c := range commands {
		if c.dmWord {
			out = append(out, c.verb)
		}
	}
	return out
}

// helpText lists every command from the table.
var helpText = func() string {
	var sb strings.Builder
	sb.WriteString("*Mock interviews, in a DM with me.*\n")
	for _, c := range commands {
		if c.verb == "help" {
			continue
		}
		line := "`/mock-interview " + c.verb
		if c.usage != "" {
			line += " " + c.usage
		}
		fmt.Fprintf(&sb, "%s` %s\n", line, c.help)
	}
	words := dmWords()
	for i, w := range words {
		words[i] = "`" + w + "`"
	}
	fmt.Fprintf(&sb, "Answer a question by writing in our DM; there you can also type %s.", strings.Join(words, ", "))
	return sb.String()
}()

// user identifies the Slack user in the engine.
func slackUser(team, user string) interview.User {
	return interview.User{Source: interview.SourceSlack, TeamID: team, ExternalID: user}
}

// runCommand does the work of a slash command after it was acknowledged.
func (b *Bot) runCommand(ctx context.Context, in *inbox.Delivery, cmd slack.SlashCommand) error {
	f := strings.Fields(cmd.Text)
	if len(f) == 0 {
		return nil // help was the acknowledgement
	}
	c := lookup(strings.ToLower(f[0]))
	if c == nil || c.run == nil {
		return nil // help was the acknowledgement
	}
	if err := c.run(b, ctx, in, cmd, f[1:]); err != nil {
		return b.respond(ctx, cmd, b.userMessage(err), nil)
	}
	return nil
}

// userMessage is the one place an error becomes text for a person: application
// errors say what is wrong; anything else is logged and apologised for.
func (b *Bot) userMessage(err error) string {
	if interview.ErrorCode(err) == interview.EINTERNAL {
		b.Logger.Error("internal error", "err", err)
	}
	return Escape(interview.ErrorMessage(err))
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
	u, err := b.Users.EnsureUser(ctx, slackUser(cmd.TeamID, cmd.UserID))
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
		ps, err := b.Users.Projects(ctx, u.ID)
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
		if err := b.Users.AddProject(ctx, p); err != nil {
			return err
		}
		return b.respond(ctx, cmd, fmt.Sprintf("Saved *%s* (tags: %s). Interviews will ask about it.", Escape(p.Name), Escape(strings.Join(p.Tags, ", "))), nil)
	case "list", "":
		ps, err := b.Users.Projects(ctx, u.ID)
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
		if err := b.Users.RemoveProject(ctx, u.ID, name); err != nil {
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
	u, err := b.Users.FindUser(ctx, interview.SourceSlack, cmd.TeamID, target)
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return b.respond(ctx, cmd, fmt.Sprintf("<@%s> has no interviews yet.", target), nil)
	} else if err != nil {
		return err
	}
	sessions, err := b.Stats.UserSessions(ctx, u.ID, 10)
	if err != nil {
		return err
	}
	stages, err := b.Stats.StageScores(ctx, u.ID)
	if err != nil {
		return err
	}
	return b.respond(ctx, cmd, statsText(b.Engine, target, sessions, stages), nil)
}

// forgetUser deletes everything stored about the user.
func (b *Bot) forgetUser(ctx context.Context, team, user string) error {
	// Someone known only from question-of-the-day answers has no user row: their
	// answers and choices are deleted all the same.
	u, err := b.Users.FindUser(ctx, interview.SourceSlack, team, user)
	if err != nil && interview.ErrorCode(err) != interview.ENOTFOUND {
		return err
	}
	if err := b.Users.ForgetSlackUser(ctx, team, user, u.ID); err != nil {
		return fmt.Errorf("forget user: %w", err)
	}
	return nil
}
