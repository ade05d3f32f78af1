package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mockinterview/mockinterview/inbox"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

// cmdStart opens (or continues) the user's interview in the DM with the bot.
func (b *Bot) cmdStart(ctx context.Context, team, user string, args []string, key string) error {
	opt, err := b.Engine.ParseStart(args)
	if err != nil {
		return err
	}
	dm, err := b.Sender.OpenDM(ctx, user)
	if err != nil {
		return fmt.Errorf("open DM: %w", err)
	}
	who := slackUser(team, user)
	if s, err := b.Engine.Active(ctx, who); err == nil {
		if _, err := b.Sender.Post(ctx, "continue:"+key, dm, slack.MsgOptionText("You have an interview in progress; here is where it stands. (`/mock-interview end` finishes it.)", false)); err != nil {
			return err
		}
		return b.postQuestion(ctx, s, "again:"+key)
	} else if interview.ErrorCode(err) != interview.ENOTFOUND {
		return err
	}
	opt.ChannelID = dm
	s, err := b.Engine.Start(ctx, who, opt)
	if err != nil {
		return err
	}
	b.Logger.Info("interview started", "session", s.ID, "team", team, "user", user, "plan", s.Plan)
	v, err := b.Engine.Show(ctx, s)
	if err != nil {
		return err
	}
	intro := fmt.Sprintf("*Mock interview* · %s plan", s.Plan)
	if s.Topic != "" {
		intro += " · topic " + s.Topic
	}
	intro += fmt.Sprintf(" · about %d questions. Answer each one by writing here; I score it against a rubric and pick the next question from how you did.", v.Planned)
	if _, err := b.Sender.Post(ctx, fmt.Sprintf("intro:%d", s.ID), dm, slack.MsgOptionText(intro, false)); err != nil {
		return err
	}
	return b.postQuestion(ctx, s, "")
}

// postQuestion posts the session's pending question. The key makes the post
// idempotent; suffix distinguishes a deliberate re-post (repeat, continue).
func (b *Bot) postQuestion(ctx context.Context, s *interview.Session, suffix string) error {
	v, err := b.Engine.Show(ctx, s)
	if err != nil || v == nil {
		return err
	}
	key := fmt.Sprintf("q:%d:%d", s.ID, v.Number)
	if suffix != "" {
		key += ":" + suffix
	}
	_, err = b.Sender.Post(ctx, key, s.ChannelID, slack.MsgOptionText(fmt.Sprintf("[%d] %s", v.Number, Escape(v.Prompt)), false), slack.MsgOptionBlocks(questionBlocks(s, v)...))
	return err
}

func (b *Bot) postFeedback(ctx context.Context, s *interview.Session, t *interview.Turn) error {
	text := "Feedback"
	if t.Score != nil {
		text = fmt.Sprintf("Score: %d/100", *t.Score)
	}
	_, err := b.Sender.Post(ctx, fmt.Sprintf("fb:%d:%d", s.ID, t.Seq), s.ChannelID, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(feedbackBlocks(t)...))
	return err
}

func (b *Bot) postReport(ctx context.Context, s *interview.Session, r *interview.Report) error {
	for i, part := range chunks(reportBlocks(r)) {
		text := "Interview report"
		if i == len(chunks(reportBlocks(r)))-1 {
			text = fmt.Sprintf("Overall score: %d/100", r.Overall)
		}
		if _, err := b.Sender.Post(ctx, fmt.Sprintf("rep:%d:%d", s.ID, i), s.ChannelID, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(part...)); err != nil {
			return err
		}
	}
	b.Logger.Info("interview finished", "session", s.ID, "score", r.Overall)
	return nil
}

// afterTurn shows a turn's feedback and what comes next.
func (b *Bot) afterTurn(ctx context.Context, s *interview.Session, oc *interview.Outcome) error {
	if err := b.postFeedback(ctx, s, oc.Turn); err != nil {
		return err
	}
	if oc.Report != nil {
		return b.postReport(ctx, s, oc.Report)
	}
	return b.postQuestion(ctx, s, "")
}

// ensureCurrent re-sends, idempotently, the last feedback and the pending question
// (or the report): what the candidate should see now. A replayed or early delivery
// ends here.
func (b *Bot) ensureCurrent(ctx context.Context, s *interview.Session) error {
	turns, err := b.Engine.Turns(ctx, s)
	if err != nil {
		return err
	}
	if len(turns) > 0 {
		if err := b.postFeedback(ctx, s, turns[len(turns)-1]); err != nil {
			return err
		}
	}
	if s.Status == interview.StatusFinished {
		r, err := b.Engine.Report(ctx, s)
		if err != nil {
			return err
		}
		return b.postReport(ctx, s, r)
	}
	return b.postQuestion(ctx, s, "")
}

// act runs hint, skip, repeat or end on the user's interview. number, when not 0, is
// the question a button belonged to; a button of an earlier question does nothing.
func (b *Bot) act(ctx context.Context, team, user, verb string, number int, key string) error {
	s, err := b.Engine.Active(ctx, slackUser(team, user))
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return interview.Errorf(interview.EINVALID, "You have no interview running. Start one with `/mock-interview start`.")
	} else if err != nil {
		return err
	}
	return b.actOn(ctx, s, verb, number, key)
}

func (b *Bot) actOn(ctx context.Context, s *interview.Session, verb string, number int, key string) error {
	if number != 0 && (s.State.Pending == nil || s.State.Pending.Number != number) {
		return nil // a stale or double-clicked button
	}
	switch verb {
	case "hint":
		h, err := b.Engine.Hint(ctx, s)
		if err != nil {
			if interview.ErrorCode(err) == interview.EINVALID {
				_, perr := b.Sender.Post(ctx, "hint:"+key, s.ChannelID, slack.MsgOptionText(Escape(interview.ErrorMessage(err)), false))
				return perr
			}
			return err
		}
		_, err = b.Sender.Post(ctx, fmt.Sprintf("hint:%d:%d:%d", s.ID, s.State.Pending.Number, s.State.Pending.Hints), s.ChannelID,
			slack.MsgOptionText(hintText(h, s, b.Engine), false))
		return err
	case "repeat":
		return b.postQuestion(ctx, s, "repeat:"+key)
	case "skip":
		oc, err := b.Engine.Skip(ctx, s)
		if err != nil {
			return b.conflict(ctx, s, err)
		}
		return b.afterTurn(ctx, s, oc)
	case "end":
		r, err := b.Engine.End(ctx, s)
		if err != nil {
			return b.conflict(ctx, s, err)
		}
		return b.postReport(ctx, s, r)
	}
	return nil
}

// conflict recovers from a session that moved on under us (another delivery, another
// replica): it shows where the session stands instead.
func (b *Bot) conflict(ctx context.Context, s *interview.Session, err error) error {
	if interview.ErrorCode(err) != interview.ECONFLICT {
		return err
	}
	fresh, lerr := b.Engine.Session(ctx, s.ID)
	if lerr != nil {
		return lerr
	}
	return b.ensureCurrent(ctx, fresh)
}

// onMessage handles a DM from a candidate: an answer, or one of the command words.
func (b *Bot) onMessage(ctx context.Context, in *inbox.Delivery, m messageEvent) error {
	text := strings.TrimSpace(unescape(m.Text))
	s, err := b.Engine.Active(ctx, slackUser(in.TeamID, in.UserID))
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		_, err := b.Sender.Post(ctx, "noint:"+in.Key, m.Channel, slack.MsgOptionText("You have no interview running. Start one with `/mock-interview start` (or `/mock-interview help`).", false))
		return err
	} else if err != nil {
		return err
	}
	if s.ChannelID == "" {
		s.ChannelID = m.Channel
	}
	if w := strings.ToLower(strings.Trim(text, " .!")); slices.Contains(dmWords(), w) {
		err := b.actOn(ctx, s, w, 0, in.Key)
		if err != nil && interview.ErrorCode(err) != interview.EINTERNAL {
			_, err = b.Sender.Post(ctx, "err:"+in.Key, s.ChannelID, slack.MsgOptionText(b.userMessage(err), false))
		}
		return err
	}
	early, err := b.early(ctx, s, in, m)
	if err != nil {
		return err
	}
	if early {
		// Written before the pending question was posted: a second message sent while
		// the first was being scored, or a delivery replayed after a restart that was
		// already recorded. It is not an answer to the question it never saw.
		if !in.Replayed {
			if _, err := b.Sender.Post(ctx, "early:"+in.Key, s.ChannelID, slack.MsgOptionText(
				"That message arrived while I was scoring your previous answer, so I did not record it. Please answer the question below.", false)); err != nil {
				return err
			}
		}
		return b.ensureCurrent(ctx, s)
	}
	oc, err := b.Engine.Answer(ctx, s, text)
	if err != nil {
		if interview.ErrorCode(err) == interview.EINVALID {
			_, perr := b.Sender.Post(ctx, "err:"+in.Key, s.ChannelID, slack.MsgOptionText(Escape(interview.ErrorMessage(err)), false))
			return perr
		}
		return b.conflict(ctx, s, err)
	}
	b.Logger.Info("answer recorded", "session", s.ID, "turn", oc.Turn.Seq, "scorer", oc.Turn.Scorer)
	return b.afterTurn(ctx, s, oc)
}

// onAction handles a button press. Buttons carry the session and question number;
// only the session's owner may press them.
func (b *Bot) onAction(ctx context.Context, in *inbox.Delivery, cb slack.InteractionCallback) error {
	act := cb.ActionCallback.BlockActions[0]
	switch act.ActionID {
	case "hint", "skip", "end":
		sid, num, ok := parseButton(act.Value)
		if !ok {
			return nil
		}
		s, err := b.Engine.Session(ctx, sid)
		if interview.ErrorCode(err) == interview.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if !b.owns(ctx, s, in.TeamID, in.UserID) {
			b.Logger.Warn("button pressed by someone else", "session", s.ID, "user", in.UserID)
			return b.Sender.Ephemeral(ctx, "", cb.Channel.ID, in.UserID, slack.MsgOptionText("This is not your interview: only the candidate can use its buttons.", false))
		}
		if s.Status != interview.StatusActive {
			return nil
		}
		return b.actOn(ctx, s, act.ActionID, num, in.Key)
	case "forget_confirm":
		if act.Value != in.UserID {
			return b.Sender.Ephemeral(ctx, "", cb.Channel.ID, in.UserID, slack.MsgOptionText("Only the person who asked can confirm this.", false))
		}
		if err := b.forgetUser(ctx, in.TeamID, in.UserID); err != nil {
			return err
		}
		b.Logger.Info("user data deleted", "team", in.TeamID, "user", in.UserID)
		return b.replaceOriginal(ctx, cb, "Done: everything I stored about you is deleted.")
	case "forget_cancel":
		return b.replaceOriginal(ctx, cb, "Cancelled: nothing was deleted.")
	case "start_quick", "start_standard":
		plan := strings.TrimPrefix(act.ActionID, "start_")
		if err := b.cmdStart(ctx, in.TeamID, in.UserID, []string{plan}, in.Key); err != nil {
			dm, derr := b.Sender.OpenDM(ctx, in.UserID)
			if derr != nil {
				return err
			}
			_, perr := b.Sender.Post(ctx, "err:"+in.Key, dm, slack.MsgOptionText(b.userMessage(err), false))
			return perr
		}
		return nil
	}
	return nil // a button of ours that no longer exists
}

func (b *Bot) replaceOriginal(ctx context.Context, cb slack.InteractionCallback, text string) error {
	if cb.ResponseURL != "" && b.responseURLAllowed(cb.ResponseURL) {
		return b.Sender.Respond(ctx, cb.ResponseURL, &slack.WebhookMessage{Text: text, ReplaceOriginal: true})
	}
	return b.Sender.Ephemeral(ctx, "", cb.Channel.ID, cb.User.ID, slack.MsgOptionText(text, false))
}

// owns reports whether the Slack user is the session's candidate.
func (b *Bot) owns(ctx context.Context, s *interview.Session, team, user string) bool {
	u, err := b.Users.FindUser(ctx, interview.SourceSlack, team, user)
	return err == nil && u.ID == s.UserID
}

func parseButton(v string) (int64, int, bool) {
	a, c, ok := strings.Cut(v, ":")
	if !ok {
		return 0, 0, false
	}
	sid, err1 := strconv.ParseInt(a, 10, 64)
	n, err2 := strconv.Atoi(c)
	return sid, n, err1 == nil && err2 == nil && sid > 0 && n > 0
}

// early reports whether a message was written before the pending question was
// posted, comparing Slack's own timestamps (the message's ts and the question post's
// ts) so that no clock skew enters. A question whose post is in doubt is looked up in
// the DM's history; if Slack cannot be asked, the message is taken as the answer to
// it rather than discarded.
func (b *Bot) early(ctx context.Context, s *interview.Session, in *inbox.Delivery, m messageEvent) (bool, error) {
	p := s.State.Pending
	if p == nil {
		return false, nil
	}
	if m.TS == "" {
		return in.ReceivedAt.Before(p.AskedAt), nil
	}
	key := fmt.Sprintf("q:%d:%d", s.ID, p.Number)
	posted, delivered, err := b.Sender.Resolve(ctx, key, s.ChannelID)
	if err != nil {
		if _, inDoubt, oerr := b.Sender.Outbox.SentMessage(ctx, key); oerr == nil && inDoubt {
			b.Logger.Warn("question post in doubt and history unavailable; taking the message as its answer", "session", s.ID, "err", err)
			return false, nil
		}
		return false, err
	}
	if !delivered {
		return true, nil // the question never went out: the candidate has not seen it
	}
	return tsBefore(m.TS, posted), nil
}

// tsBefore compares two Slack timestamps ("1700000000.000100").
func tsBefore(a, b string) bool {
	as, au, _ := strings.Cut(a, ".")
	bs, bu, _ := strings.Cut(b, ".")
	ai, _ := strconv.ParseInt(as, 10, 64)
	bi, _ := strconv.ParseInt(bs, 10, 64)
	if ai != bi {
		return ai < bi
	}
	au, bu = (au + "000000")[:6], (bu + "000000")[:6]
	return au < bu
}

// hintText shows a hint and, for a scored question, what it costs.
func hintText(h string, s *interview.Session, e *interview.Engine) string {
	text := "💡 *Hint:* " + Escape(h)
	if p := s.State.Pending; p != nil && p.Kind == interview.KindBank {
		text += fmt.Sprintf("\n_(Each hint costs %d%% of this question's score.)_", e.HintCost())
	}
	return text
}
