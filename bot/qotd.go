package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

// postQuestion reveals the channel's previous question, then posts the claimed one.
func (s *Scheduler) postQuestion(ctx context.Context, p *interview.ChannelPost) error {
	b := s.Bot
	q := b.Engine.Bank.Question(p.QuestionID)
	if q == nil {
		return fmt.Errorf("question %s is no longer in the bank", p.QuestionID)
	}
	if err := s.revealPrevious(ctx, p.TeamID, p.ChannelID, p.ID); err != nil {
		s.Logger.Error("reveal", "team", p.TeamID, "channel", p.ChannelID, "err", err)
	}
	title := q.Stage
	if st := b.Engine.Bank.Stage(q.Stage); st != nil {
		title = st.Title
	}
	blocks := []slack.Block{contextBlock(fmt.Sprintf("*Question of the day* · %s · level %d", Escape(title), q.Level))}
	blocks = append(blocks, sections("*"+Escape(q.Prompt)+"*")...)
	blocks = append(blocks, contextBlock("Answer in this thread: I score it and tell only you. The model answer and the best answers come with the next question."))
	ts, err := b.Sender.Post(ctx, fmt.Sprintf("qotd:%d", p.ID), p.ChannelID, slack.MsgOptionText("Question of the day: "+q.Prompt, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return fmt.Errorf("post question of the day: %w", err)
	}
	if err := s.Store.MarkPosted(ctx, p.ID, ts); err != nil {
		return err
	}
	s.Logger.Info("question of the day posted", "team", p.TeamID, "channel", p.ChannelID, "slot", p.Slot, "question", q.ID)
	if b.Metrics != nil {
		b.Metrics.QOTDPosted()
	}
	return nil
}

// revealPrevious posts, in the thread of the channel's last question before the new
// one, the model answer, its key points, the top answers and how many took part.
func (s *Scheduler) revealPrevious(ctx context.Context, team, channel string, current int64) error {
	posts, err := s.Store.ChannelPosts(ctx, team, channel, interview.PostQuestion, 5)
	if err != nil {
		return err
	}
	for _, p := range posts {
		if p.ID == current || p.PostedAt == nil || p.RevealedAt != nil {
			continue
		}
		ok, err := s.Store.MarkRevealed(ctx, p.ID)
		if err != nil || !ok {
			return err
		}
		return s.reveal(ctx, p)
	}
	return nil
}

// RevealTop is how many answers a reveal shows.
const RevealTop = 3

func (s *Scheduler) reveal(ctx context.Context, p *interview.ChannelPost) error {
	b := s.Bot
	q := b.Engine.Bank.Question(p.QuestionID)
	if q == nil {
		return nil
	}
	answers, err := s.Store.ChannelAnswers(ctx, p.ID)
	if err != nil {
		return err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "*Model answer*\n%s\n\n*Key points*\n", Escape(q.Reference))
	for _, kp := range q.KeyPoints {
		fmt.Fprintf(&sb, "• %s\n", Escape(kp.Text))
	}
	blocks := sections(sb.String())
	sb.Reset()
	onTime := 0
	for _, a := range answers {
		if !a.Late {
			onTime++
		}
	}
	if onTime == 0 {
		sb.WriteString("Nobody answered this one in time.")
	} else {
		fmt.Fprintf(&sb, "*Top answers* (%d took part)\n", onTime)
		for i, a := range answers {
			if i == RevealTop || a.Late {
				break
			}
			fmt.Fprintf(&sb, "%d. <@%s> · %d/100\n> %s\n", i+1, a.UserID, a.Score, strings.ReplaceAll(Escape(truncate(a.Answer, 600)), "\n", "\n> "))
		}
	}
	blocks = append(blocks, sections(sb.String())...)
	_, err = b.Sender.Post(ctx, fmt.Sprintf("reveal:%d", p.ID), p.ChannelID, slack.MsgOptionText("The answers to the question of the day", false),
		slack.MsgOptionTS(p.MessageTS), slack.MsgOptionBlocks(blocks...))
	return err
}

// postSummary posts the past week's leaderboard in the channel.
func (s *Scheduler) postSummary(ctx context.Context, p *interview.ChannelPost) error {
	b := s.Bot
	now := s.now()
	answers, err := s.Store.TeamAnswers(ctx, p.TeamID, now.Add(-7*24*time.Hour), "")
	if err != nil {
		return err
	}
	rows := interview.Leaderboard(answers, interview.LeaderboardRules{MinAnswers: MinAnswersRanked}, now)
	text := "*Last week's leaderboard*\n" + leaderboardText(rows, "", 10)
	_, err = b.Sender.Post(ctx, fmt.Sprintf("summary:%d", p.ID), p.ChannelID, slack.MsgOptionText("Last week's leaderboard", false), slack.MsgOptionBlocks(sections(text)...))
	if err != nil {
		return err
	}
	return s.Store.MarkPosted(ctx, p.ID, "")
}

// onThreadAnswer scores an answer written in a question-of-the-day thread and tells
// the answerer privately. A second answer (or an edit) replaces the first; answers
// after the reveal are scored but marked late.
func (b *Bot) onThreadAnswer(ctx context.Context, in *interview.Inbound, m messageEvent) error {
	if b.QOTD == nil {
		return nil
	}
	post, err := b.threadPost(ctx, in.TeamID, m.Channel, m.ThreadTS)
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return nil // a thread that is not ours
	} else if err != nil {
		return err
	}
	q := b.Engine.Bank.Question(post.QuestionID)
	if q == nil {
		return nil
	}
	text := strings.TrimSpace(unescape(m.Text))
	if r := []rune(text); len(r) > interview.MaxAnswerRunes {
		text = string(r[:interview.MaxAnswerRunes])
	}
	if text == "" {
		return nil
	}
	res, err := b.Engine.Scorer.Score(ctx, q, text)
	if err != nil {
		return err
	}
	a := &interview.ChannelAnswer{PostID: post.ID, TeamID: in.TeamID, UserID: m.User, Answer: text, Score: res.Score, Level: q.Level,
		Stage: q.Stage, Scorer: res.Scorer, Matched: res.Matched, Missed: res.Missed, Late: post.RevealedAt != nil, AnsweredAt: b.now()}
	if err := b.QOTD.SaveChannelAnswer(ctx, a); err != nil {
		return err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "*Your answer scored %d/100*", res.Score)
	if a.Late {
		sb.WriteString(" _(late: after the reveal, so it is not among the top answers)_")
	}
	for _, f := range res.Feedback {
		fmt.Fprintf(&sb, "\n• %s", Escape(f))
	}
	sb.WriteString("\n_The model answer is revealed with the next question. Answering again replaces this answer._")
	return b.Sender.Ephemeral(ctx, "qans:"+in.Key, m.Channel, m.User, slack.MsgOptionText(fmt.Sprintf("Your answer scored %d/100", res.Score), false),
		slack.MsgOptionBlocks(sections(sb.String())...), slack.MsgOptionTS(m.ThreadTS))
}

// threadPost finds the question a thread belongs to. A reply can arrive before the
// poster has recorded the new message's timestamp; while a post of the channel is
// claimed but not yet recorded, it looks again for a few seconds.
func (b *Bot) threadPost(ctx context.Context, team, channel, ts string) (*interview.ChannelPost, error) {
	for attempt := 0; ; attempt++ {
		post, err := b.QOTD.PostByMessage(ctx, team, channel, ts)
		if interview.ErrorCode(err) != interview.ENOTFOUND || attempt == 50 {
			return post, err
		}
		recent, rerr := b.QOTD.ChannelPosts(ctx, team, channel, interview.PostQuestion, 1)
		if rerr != nil || len(recent) == 0 || recent[0].PostedAt != nil {
			return nil, err
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return nil, err
		}
	}
}

// isAdmin reports whether the user may manage the channel's schedule: listed in
// ADMIN_USER_IDS, or a workspace admin or owner.
func (b *Bot) isAdmin(ctx context.Context, user string) (bool, error) {
	if b.Admins[user] {
		return true, nil
	}
	u, err := b.Sender.UserInfo(ctx, user)
	if err != nil {
		return false, fmt.Errorf("users.info: %w", err)
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

func (b *Bot) cmdQOTD(ctx context.Context, cmd slack.SlashCommand, args []string) error {
	if b.Scheduler == nil || b.QOTD == nil {
		return interview.Errorf(interview.EINVALID, "The question of the day is not running on this bot.")
	}
	sub := ""
	if len(args) > 0 {
		sub = strings.ToLower(args[0])
	}
	if sub == "" {
		sch, err := b.QOTD.Schedule(ctx, cmd.TeamID, cmd.ChannelID)
		if interview.ErrorCode(err) == interview.ENOTFOUND {
			return b.respond(ctx, cmd, "This channel has no question of the day. An admin can start one: `/mock-interview qotd subscribe 09:30 Europe/Berlin weekdays`", nil)
		} else if err != nil {
			return err
		}
		return b.respond(ctx, cmd, describeSchedule(sch, b.Scheduler.now()), nil)
	}
	if sub != "subscribe" && sub != "unsubscribe" && sub != "now" {
		return interview.Errorf(interview.EINVALID, "Use: /mock-interview qotd subscribe [HH:MM [TZ] [weekdays]] | [CRON SPEC] · qotd unsubscribe · qotd now · qotd")
	}
	admin, err := b.isAdmin(ctx, cmd.UserID)
	if err != nil {
		return err
	}
	if !admin {
		return interview.Errorf(interview.EFORBIDDEN, "Only workspace admins and the bot's configured admins can change this channel's question of the day.")
	}
	switch sub {
	case "subscribe":
		tz := "UTC"
		if u, err := b.Sender.UserInfo(ctx, cmd.UserID); err == nil && u.TZ != "" {
			tz = u.TZ
		}
		spec, zone, err := ParseSubscription(args[1:], tz, b.Scheduler.MinEvery)
		if err != nil {
			return err
		}
		sch := &interview.Schedule{TeamID: cmd.TeamID, ChannelID: cmd.ChannelID, Spec: spec, Timezone: zone, CreatedBy: cmd.UserID}
		if b.Scheduler.Summary != "" {
			sch.SummarySpec = "CRON_TZ=" + zone + " " + b.Scheduler.Summary
		}
		if err := b.QOTD.SaveSchedule(ctx, sch); err != nil {
			return err
		}
		if err := b.Scheduler.Set(sch); err != nil {
			return err
		}
		b.Logger.Info("question of the day subscribed", "team", cmd.TeamID, "channel", cmd.ChannelID, "user", cmd.UserID)
		return b.respond(ctx, cmd, "Subscribed. "+describeSchedule(sch, b.Scheduler.now())+"\nInvite me to this channel (`/invite @mockinterview`) if I am not in it yet.", nil)
	case "unsubscribe":
		if err := b.QOTD.DeleteSchedule(ctx, cmd.TeamID, cmd.ChannelID); err != nil {
			return err
		}
		b.Scheduler.Remove(cmd.TeamID, cmd.ChannelID)
		return b.respond(ctx, cmd, "Unsubscribed: no more questions of the day here.", nil)
	default: // now
		if err := b.Scheduler.PostNow(ctx, cmd.TeamID, cmd.ChannelID, "now:"+cmd.TriggerID); err != nil {
			return interview.Errorf(interview.EINVALID, "I could not post here (%s). Invite me to the channel first: `/invite @mockinterview`.", shortErr(err))
		}
		return nil
	}
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

func describeSchedule(sch *interview.Schedule, now time.Time) string {
	text := fmt.Sprintf("Question of the day: `%s`", sch.Spec)
	if parsed, err := cronParser.Parse(sch.Spec); err == nil {
		loc, lerr := time.LoadLocation(sch.Timezone)
		if lerr != nil {
			loc = time.UTC
		}
		text += fmt.Sprintf(" · next: %s", parsed.Next(now).In(loc).Format("Mon 2 Jan 15:04 MST"))
	}
	if sch.SummarySpec != "" {
		text += " · weekly leaderboard: `" + sch.SummarySpec + "`"
	}
	return text
}

var clock = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)$`)

var dayNames = map[string]string{
	"weekdays": "1-5", "weekday": "1-5", "workdays": "1-5", "weekends": "0,6", "weekend": "0,6",
	"daily": "*", "everyday": "*", "every-day": "*",
}

var dayList = regexp.MustCompile(`^(?i)(sun|mon|tue|wed|thu|fri|sat)([-,](sun|mon|tue|wed|thu|fri|sat))*$`)

// ParseSubscription turns `qotd subscribe` arguments into a cron spec with its time
// zone: "HH:MM [TZ] [weekdays]" (TZ an IANA name, defaulting to defaultTZ), a 5-field
// cron spec (CRON_TZ= allowed) or a descriptor (@daily, @every 1h, at least minEvery).
// Specs without a
// zone get CRON_TZ=defaultTZ, so a schedule means the same wherever the bot runs.
func ParseSubscription(args []string, defaultTZ string, minEvery time.Duration) (spec, zone string, err error) {
	bad := func(format string, a ...any) (string, string, error) {
		return "", "", interview.Errorf(interview.EINVALID, format, a...)
	}
	zone = defaultTZ
	if len(args) == 0 {
		args = []string{"09:00", "weekdays"}
	}
	loadZone := func(name string) error {
		if _, err := time.LoadLocation(name); err != nil || name == "" || name == "Local" {
			return interview.Errorf(interview.EINVALID, "Unknown time zone %q: use an IANA name such as Europe/Berlin or America/New_York.", name)
		}
		return nil
	}
	switch first := args[0]; {
	case clock.MatchString(first):
		m := clock.FindStringSubmatch(first)
		dow := "*"
		rest := args[1:]
		if len(rest) > 0 && (strings.Contains(rest[0], "/") || strings.EqualFold(rest[0], "UTC")) {
			zone = rest[0]
			if strings.EqualFold(zone, "utc") {
				zone = "UTC"
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			d := strings.ToLower(rest[0])
			switch {
			case dayNames[d] != "":
				dow = dayNames[d]
			case dayList.MatchString(d):
				dow = strings.ToUpper(d)
			default:
				return bad("I did not understand the days %q: use weekdays, weekends, daily, or names like mon,wed,fri or mon-fri.", rest[0])
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			return bad("Unexpected %q: use HH:MM [TZ] [days], e.g. 09:30 Europe/Berlin weekdays.", strings.Join(rest, " "))
		}
		spec = fmt.Sprintf("CRON_TZ=%s %s %s * * %s", zone, strings.TrimLeft(m[2], "0")+zeroIfEmpty(m[2]), strings.TrimLeft(m[1], "0")+zeroIfEmpty(m[1]), dow)
	case strings.HasPrefix(first, "@"):
		spec = strings.Join(args, " ")
		if !strings.HasPrefix(spec, "@every") {
			spec = "CRON_TZ=" + zone + " " + spec
		}
	default:
		spec = strings.Join(args, " ")
		if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
			tzField, _, _ := strings.Cut(spec, " ")
			_, zone, _ = strings.Cut(tzField, "=")
		} else {
			if len(args) != 5 {
				return bad("%q is not a schedule: use HH:MM [TZ] [days], a 5-field cron spec such as `30 9 * * 1-5`, or @daily / @every 1h.", spec)
			}
			spec = "CRON_TZ=" + zone + " " + spec
		}
	}
	if err := loadZone(zone); err != nil {
		return "", "", err
	}
	parsed, perr := cronParser.Parse(spec)
	if perr != nil {
		return bad("Invalid schedule %q: %v.", spec, perr)
	}
	if cd, ok := parsed.(cron.ConstantDelaySchedule); ok && cd.Delay < minEvery {
		return bad("@every must be at least %s for a question of the day.", minEvery)
	}
	return spec, zone, nil
}

func zeroIfEmpty(s string) string {
	if strings.TrimLeft(s, "0") == "" {
		return "0"
	}
	return ""
}
