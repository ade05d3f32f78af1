package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/inbox"
	"github.com/mockinterview/mockinterview/interview"
)

// Poster renders the question of the day in Block Kit and posts it through the
// sender. It is the scheduler's QOTDPoster.
type Poster struct {
	Sender  *Sender
	Metrics *Metrics // nil records nothing
	Logger  *slog.Logger
}

var _ QOTDPoster = (*Poster)(nil)

// PostQuestion posts a channel's question and returns the message's timestamp.
func (p *Poster) PostQuestion(ctx context.Context, post *interview.ChannelPost, v *interview.QuestionView) (string, error) {
	blocks := []slack.Block{contextBlock(fmt.Sprintf("*Question of the day* · %s · level %d", Escape(v.StageTitle), v.Level))}
	blocks = append(blocks, sections("*"+Escape(v.Prompt)+"*")...)
	if v.Code != "" {
		blocks = append(blocks, sections(codeBlock(v.Code))...)
	}
	blocks = append(blocks, contextBlock("Answer in this thread: I score it and tell only you. The model answer and the best answers come with the next question."))
	ts, err := p.Sender.Post(ctx, fmt.Sprintf("qotd:%d", post.ID), post.ChannelID, slack.MsgOptionText("Question of the day: "+Escape(v.Prompt), false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return "", err
	}
	if p.Metrics != nil {
		p.Metrics.QOTDPosted()
	}
	return ts, nil
}

// PostReveal posts, in the thread of the question, the model answer, its key points,
// the top answers and how many took part.
func (p *Poster) PostReveal(ctx context.Context, r *interview.Reveal) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "*Model answer*\n%s\n\n*Key points*\n", Escape(reflow(r.Question.Reference)))
	for _, kp := range r.Question.KeyPoints {
		fmt.Fprintf(&sb, "• %s\n", Escape(kp.Text))
	}
	blocks := sections(sb.String())
	sb.Reset()
	if r.OnTime == 0 {
		sb.WriteString("Nobody answered this one in time.")
	} else {
		fmt.Fprintf(&sb, "*Top answers* (%d took part)\n", r.OnTime)
		for i, a := range r.Top {
			fmt.Fprintf(&sb, "%d. <@%s> · %d/100\n%s\n", i+1, a.UserID, a.Score, quote(truncate(a.Answer, 600)))
		}
	}
	blocks = append(blocks, sections(sb.String())...)
	_, err := p.Sender.Post(ctx, fmt.Sprintf("reveal:%d", r.Post.ID), r.Post.ChannelID, slack.MsgOptionText("The answers to the question of the day", false),
		slack.MsgOptionTS(r.Post.MessageTS), slack.MsgOptionBlocks(blocks...))
	return err
}

// PostSummary posts the past week's leaderboard.
func (p *Poster) PostSummary(ctx context.Context, post *interview.ChannelPost, rows []interview.LeaderRow) error {
	text := "*Last week's leaderboard*\n" + leaderboardText(rows, "", 10)
	_, err := p.Sender.Post(ctx, fmt.Sprintf("summary:%d", post.ID), post.ChannelID, slack.MsgOptionText("Last week's leaderboard", false), slack.MsgOptionBlocks(sections(text)...))
	return err
}

// onThreadAnswer scores an answer written in a question-of-the-day thread and tells
// the answerer privately. A second answer (or an edit) replaces the first; answers
// after the reveal are scored but marked late.
func (b *Bot) onThreadAnswer(ctx context.Context, in *inbox.Delivery, m messageEvent) error {
	if b.QOTD == nil {
		return nil
	}
	post, err := b.QOTD.ThreadPost(ctx, in.TeamID, m.Channel, m.ThreadTS)
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return nil // a thread that is not ours
	} else if err != nil {
		return err
	}
	ta, err := b.QOTD.Answer(ctx, post, in.TeamID, m.User, unescape(m.Text))
	if err != nil || ta == nil {
		return err
	}
	score := ta.Answer.Score
	var sb strings.Builder
	fmt.Fprintf(&sb, "*Your answer scored %d/100*", score)
	if ta.Answer.Late {
		sb.WriteString(" _(late: after the reveal, so it is not among the top answers)_")
	}
	for _, f := range ta.Result.Feedback {
		fmt.Fprintf(&sb, "\n• %s", Escape(f))
	}
	sb.WriteString("\n_The model answer is revealed with the next question. Answering again replaces this answer._")
	return b.Sender.Ephemeral(ctx, "qans:"+in.Key, m.Channel, m.User, slack.MsgOptionText(fmt.Sprintf("Your answer scored %d/100", score), false),
		slack.MsgOptionBlocks(sections(sb.String())...), slack.MsgOptionTS(m.ThreadTS))
}

// ChannelSchedules is what the bot's commands need of the scheduler.
type ChannelSchedules interface {
	Set(sch *interview.Schedule) error
	Remove(team, channel string)
	PostNow(ctx context.Context, team, channel, slotID string) error
	Describe(sch *interview.Schedule) string
	Limits() (minEvery time.Duration)
}

var _ ChannelSchedules = (*Scheduler)(nil)

func (b *Bot) cmdQOTD(ctx context.Context, cmd slack.SlashCommand, args []string) error {
	if b.Schedules == nil || b.ScheduleStore == nil {
		return interview.Errorf(interview.EINVALID, "The question of the day is not running on this bot.")
	}
	sub := ""
	if len(args) > 0 {
		sub = strings.ToLower(args[0])
	}
	if sub == "" {
		sch, err := b.ScheduleStore.Schedule(ctx, cmd.TeamID, cmd.ChannelID)
		if interview.ErrorCode(err) == interview.ENOTFOUND {
			return b.respond(ctx, cmd, "This channel has no question of the day. An admin can start one: `/mock-interview qotd subscribe 09:30 Europe/Berlin weekdays`", nil)
		} else if err != nil {
			return err
		}
		return b.respond(ctx, cmd, b.Schedules.Describe(sch), nil)
	}
	if sub != "subscribe" && sub != "unsubscribe" && sub != "now" {
		return interview.Errorf(interview.EINVALID, "Use: /mock-interview qotd subscribe [HH:MM [TZ] [weekdays]] | [CRON SPEC] · qotd unsubscribe · qotd now · qotd")
	}
	admin, err := b.isAdmin(ctx, cmd.TeamID, cmd.UserID)
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
		spec, zone, err := ParseSubscription(args[1:], tz, b.Schedules.Limits())
		if err != nil {
			return err
		}
		sch := &interview.Schedule{TeamID: cmd.TeamID, ChannelID: cmd.ChannelID, Spec: spec, Timezone: zone, CreatedBy: cmd.UserID}
		if err := b.ScheduleStore.SaveSchedule(ctx, sch); err != nil {
			return err
		}
		if err := b.Schedules.Set(sch); err != nil {
			return err
		}
		b.Logger.Info("question of the day subscribed", "team", cmd.TeamID, "channel", cmd.ChannelID, "user", cmd.UserID)
		return b.respond(ctx, cmd, "Subscribed. "+b.Schedules.Describe(sch)+"\nInvite me to this channel (`/invite @mockinterview`) if I am not in it yet.", nil)
	case "unsubscribe":
		if err := b.ScheduleStore.DeleteSchedule(ctx, cmd.TeamID, cmd.ChannelID); err != nil {
			return err
		}
		b.Schedules.Remove(cmd.TeamID, cmd.ChannelID)
		return b.respond(ctx, cmd, "Unsubscribed: no more questions of the day here.", nil)
	default: // now
		if err := b.Schedules.PostNow(ctx, cmd.TeamID, cmd.ChannelID, "now:"+cmd.TriggerID); err != nil {
			b.Logger.Error("qotd now", "team", cmd.TeamID, "channel", cmd.ChannelID, "err", err)
			if slackErrorIs(err, "not_in_channel", "channel_not_found", "is_archived") {
				return interview.Errorf(interview.EINVALID, "I could not post here: invite me to the channel first (`/invite @mockinterview`).")
			}
			return interview.Errorf(interview.EINTERNAL, "Sorry, I could not post the question of the day just now; please try again in a minute.")
		}
		return nil
	}
}
