package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/inbox"
	"github.com/mockinterview/mockinterview/interview"

	"github.com/slack-go/slack"
)

// Inbox records deliveries before they are acknowledged, so each is handled once and
// replayed after a crash.
type Inbox interface {
	// AcceptInbound records the delivery; false when its key was seen before.
	AcceptInbound(ctx context.Context, in *inbox.Delivery) (bool, error)
	FinishInbound(ctx context.Context, id int64) error
	PendingInbound(ctx context.Context, since time.Time) ([]*inbox.Delivery, error)
	PurgeInbound(ctx context.Context, before time.Time) (int64, error)
}

// Kinds of recorded deliveries.
const (
	kindCommand = "command"
	kindMessage = "message"
	kindHome    = "home"
	kindAction  = "action"
	kindThread  = "thread" // an answer in a question-of-the-day thread
)

// accept records a delivery and queues its work. It reports whether the delivery
// was new; a repeat is acknowledged and otherwise ignored.
func (b *Bot) accept(ctx context.Context, in *inbox.Delivery) (bool, error) {
	in.ReceivedAt = b.now()
	// Slack wants an answer within 3 s: a locked or slow database must not hold the
	// acknowledgement past AckDeadline. Then the delivery is not recorded, and the
	// caller lets Slack retry it (events, actions) or says so (commands).
	ctx, cancel := context.WithTimeout(ctx, b.ackDeadline())
	defer cancel()
	fresh, err := b.Inbox.AcceptInbound(ctx, in)
	if err != nil || !fresh {
		return fresh, err
	}
	b.enqueue(in)
	return true, nil
}

// enqueue runs a delivery's work on its user's queue.
func (b *Bot) enqueue(in *inbox.Delivery) {
	b.queues.do(in.TeamID+"/"+in.UserID, func() { b.process(in) })
}

func (b *Bot) process(in *inbox.Delivery) {
	ctx := b.ctx
	log := b.Logger.With("delivery", in.Key, "team", in.TeamID, "user", in.UserID, "channel", in.ChannelID)
	if ctx.Err() != nil {
		log.Info("shutting down: delivery left for the next start", "kind", in.Kind)
		return
	}
	var err error
	switch in.Kind {
	case kindCommand:
		var cmd slack.SlashCommand
		if err = json.Unmarshal(in.Payload, &cmd); err == nil {
			err = b.runCommand(ctx, in, cmd)
		}
	case kindMessage:
		var m messageEvent
		if err = json.Unmarshal(in.Payload, &m); err == nil {
			err = b.onMessage(ctx, in, m)
		}
	case kindThread:
		var m messageEvent
		if err = json.Unmarshal(in.Payload, &m); err == nil {
			err = b.onThreadAnswer(ctx, in, m)
		}
	case kindHome:
		err = b.publishHome(ctx, in.TeamID, in.UserID)
	case kindAction:
		var cb slack.InteractionCallback
		if err = json.Unmarshal(in.Payload, &cb); err == nil {
			err = b.onAction(ctx, in, cb)
		}
	}
	if err != nil && ctx.Err() != nil {
		// Cut off by shutdown: handled again at the next start, where every step is
		// idempotent (keyed posts, the session's version check).
		log.Info("shutting down: delivery interrupted, left for the next start", "kind", in.Kind, "err", err)
		return
	}
	if interview.ErrorCode(err) == interview.EUNAVAILABLE {
		// The database cannot write now (full disk, a lock held elsewhere): the
		// delivery stays recorded and unfinished and is tried again until it goes
		// through, so nothing acknowledged is lost.
		log.Warn("database unavailable; the delivery will be retried", "kind", in.Kind, "err", err)
		b.retryLater(in)
		return
	}
	if err != nil {
		log.Error("handling delivery failed", "kind", in.Kind, "err", err)
		b.apologise(in, err)
	}
	if err := b.Inbox.FinishInbound(context.WithoutCancel(ctx), in.ID); err != nil {
		log.Error("finish delivery", "err", err)
	}
}

// intakeCommand records a slash command and returns the immediate (ephemeral) reply.
func (b *Bot) intakeCommand(ctx context.Context, cmd slack.SlashCommand) (string, int) {
	if cmd.UserID == "" || cmd.TeamID == "" || cmd.TriggerID == "" {
		return "missing team_id, user_id or trigger_id", http.StatusBadRequest
	}
	payload, _ := json.Marshal(cmd)
	in := &inbox.Delivery{Key: "command:" + cmd.TriggerID, Kind: kindCommand, TeamID: cmd.TeamID, UserID: cmd.UserID, ChannelID: cmd.ChannelID, Payload: payload}
	fresh, err := b.accept(ctx, in)
	if err != nil {
		b.Logger.Error("could not record the command; the user was asked to send it again", "delivery", in.Key, "err", err)
		return interview.UnavailableMessage, http.StatusOK
	}
	if !fresh {
		return "", http.StatusOK
	}
	return quickReply(cmd.Text), http.StatusOK
}

// quickReply is the acknowledgement's text, decided from the words alone.
func quickReply(text string) string {
	f := strings.Fields(strings.ToLower(text))
	if len(f) == 0 {
		return helpText
	}
	c := lookup(f[0])
	if c == nil || c.run == nil {
		return helpText
	}
	return c.ack
}

// messageEvent is the part of a Slack message event the bot reads.
type messageEvent struct {
	Type        string `json:"type"`
	User        string `json:"user"`
	BotID       string `json:"bot_id"`
	Subtype     string `json:"subtype"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type"`
	Text        string `json:"text"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts"`
	Tab         string `json:"tab"`

	Message *messageEvent `json:"message"` // the edited message, for message_changed
}

type eventCallback struct {
	Type    string       `json:"type"`
	TeamID  string       `json:"team_id"`
	EventID string       `json:"event_id"`
	Event   messageEvent `json:"event"`
}

// intakeEvent records an Events API callback (HTTP body or Socket Mode payload).
func (b *Bot) intakeEvent(ctx context.Context, body []byte) (int, string) {
	var cb eventCallback
	if err := json.Unmarshal(body, &cb); err != nil {
		return http.StatusBadRequest, "malformed event"
	}
	if cb.Type != "event_callback" {
		return http.StatusOK, ""
	}
	if cb.EventID == "" || cb.TeamID == "" {
		return http.StatusBadRequest, "missing event_id or team_id"
	}
	ev := cb.Event
	in := &inbox.Delivery{Key: "event:" + cb.EventID, TeamID: cb.TeamID, UserID: ev.User, ChannelID: ev.Channel}
	switch ev.Type {
	case "message":
		if ev.Subtype == "message_changed" && ev.Message != nil && ev.ChannelType != "im" {
			// An edited answer in a question-of-the-day thread replaces the first one.
			inner := *ev.Message
			inner.Channel, inner.ChannelType, inner.Message = ev.Channel, ev.ChannelType, nil
			ev, in.UserID = inner, inner.User
		}
		// Our own posts, other bots, other edits and deletions are not answers.
		if ev.BotID != "" || ev.Subtype != "" || ev.User == "" || ev.User == b.botUserID {
			return http.StatusOK, ""
		}
		switch {
		case ev.ChannelType == "im":
			in.Kind = kindMessage
		case ev.ThreadTS != "" && ev.ThreadTS != ev.TS:
			in.Kind = kindThread
		default:
			return http.StatusOK, ""
		}
		in.Payload, _ = json.Marshal(ev)
	case "app_home_opened":
		if ev.Tab != "home" || ev.User == "" {
			return http.StatusOK, ""
		}
		in.Kind, in.Payload = kindHome, []byte("{}")
	default:
		return http.StatusOK, ""
	}
	if _, err := b.accept(ctx, in); err != nil {
		b.Logger.Error("could not record the event; Slack will retry it", "delivery", in.Key, "err", err)
		return http.StatusInternalServerError, "cannot record the event"
	}
	return http.StatusOK, ""
}

// intakeInteraction records a button press.
func (b *Bot) intakeInteraction(ctx context.Context, payload []byte) (int, string) {
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		return http.StatusBadRequest, "malformed interaction payload"
	}
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return http.StatusOK, ""
	}
	if cb.User.ID == "" || cb.Team.ID == "" {
		return http.StatusBadRequest, "missing user or team"
	}
	act := cb.ActionCallback.BlockActions[0]
	in := &inbox.Delivery{
		Key:  "action:" + cb.Team.ID + ":" + cb.User.ID + ":" + act.ActionTs + ":" + act.ActionID,
		Kind: kindAction, TeamID: cb.Team.ID, UserID: cb.User.ID, ChannelID: cb.Channel.ID, Payload: payload,
	}
	if _, err := b.accept(ctx, in); err != nil {
		b.Logger.Error("could not record the action; Slack will retry it", "delivery", in.Key, "err", err)
		return http.StatusInternalServerError, "cannot record the action"
	}
	return http.StatusOK, ""
}

// AckDeadline is the longest the bot lets recording a delivery hold Slack's
// acknowledgement (Slack waits 3 s).
const AckDeadline = 2 * time.Second

func (b *Bot) ackDeadline() time.Duration {
	if b.AckDeadline > 0 {
		return b.AckDeadline
	}
	return AckDeadline
}

// apologise tells the person, once, that their delivery could not be handled: that
// it could not be saved (send it again) for a database that cannot write now, a
// short apology otherwise. Nothing internal is shown.
func (b *Bot) apologise(in *inbox.Delivery, err error) {
	if in.Replayed || in.Kind == kindHome {
		return
	}
	text := Escape(interview.ErrorMessage(err))
	if interview.ErrorCode(err) == interview.EINTERNAL {
		text = "Sorry, something went wrong on my side with that; please try again."
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 10*time.Second)
	defer cancel()
	var perr error
	switch in.Kind {
	case kindMessage:
		_, perr = b.Sender.Post(ctx, "", in.ChannelID, slack.MsgOptionText(text, false))
	default:
		perr = b.Sender.Ephemeral(ctx, "", in.ChannelID, in.UserID, slack.MsgOptionText(text, false))
	}
	if perr != nil {
		b.Logger.Warn("could not apologise", "delivery", in.Key, "err", perr)
	}
}

// retryLater hands a delivery back to its queue after a backoff (1 s doubling to
// 30 s). The person is told once that it is not saved yet but will be.
func (b *Bot) retryLater(in *inbox.Delivery) {
	b.retryMu.Lock()
	if b.retries == nil {
		b.retries = map[string]int{}
	}
	n := b.retries[in.Key]
	b.retries[in.Key] = n + 1
	b.retryMu.Unlock()
	if n == 0 && !in.Replayed && (in.Kind == kindMessage || in.Kind == kindThread || in.Kind == kindCommand) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 10*time.Second)
		text := "I could not save that yet; I will keep trying, and it counts as soon as it is saved."
		if in.Kind == kindMessage {
			b.Sender.Post(ctx, "", in.ChannelID, slack.MsgOptionText(text, false))
		} else {
			b.Sender.Ephemeral(ctx, "", in.ChannelID, in.UserID, slack.MsgOptionText(text, false))
		}
		cancel()
	}
	wait := min(time.Second<<min(n, 5), 30*time.Second)
	again := *in
	again.Replayed = true
	time.AfterFunc(wait, func() {
		if b.ctx.Err() == nil {
			b.enqueue(&again)
		}
	})
}
