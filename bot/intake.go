package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/inbox"

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
	if err != nil {
		log.Error("handling delivery failed", "kind", in.Kind, "err", err)
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
		b.Logger.Error("record command", "err", err)
		return "Sorry, I could not take that command right now; please try again.", http.StatusOK
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
		b.Logger.Error("record event", "err", err)
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
		b.Logger.Error("record action", "err", err)
		return http.StatusInternalServerError, "cannot record the action"
	}
	return http.StatusOK, ""
}
