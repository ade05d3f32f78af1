package bot

import (
	"context"
	"encoding/json"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Acker acknowledges a Socket Mode envelope (*socketmode.Client does).
type Acker interface {
	Ack(req socketmode.Request, payload ...any) error
}

// RunSocketMode takes deliveries from a Socket Mode connection until ctx ends. The
// library connects and reconnects; each envelope goes through the same intake as
// HTTP and is acknowledged once it is recorded.
func (b *Bot) RunSocketMode(ctx context.Context, client *socketmode.Client) error {
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case evt, ok := <-client.Events:
			if !ok {
				return nil
			}
			b.HandleSocketEvent(ctx, evt, client)
		}
	}
}

// HandleSocketEvent records and acknowledges one Socket Mode event.
func (b *Bot) HandleSocketEvent(ctx context.Context, evt socketmode.Event, acker Acker) {
	switch evt.Type {
	case socketmode.EventTypeConnecting, socketmode.EventTypeConnected, socketmode.EventTypeHello:
		b.Logger.Debug("socket mode", "state", string(evt.Type))
		return
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError:
		b.Logger.Warn("socket mode", "state", string(evt.Type))
		return
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	req := *evt.Request
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		b.intakeEvent(ctx, req.Payload)
		acker.Ack(req)
	case socketmode.EventTypeInteractive:
		b.intakeInteraction(ctx, req.Payload)
		acker.Ack(req)
	case socketmode.EventTypeSlashCommand:
		var cmd slack.SlashCommand
		if err := json.Unmarshal(req.Payload, &cmd); err != nil {
			acker.Ack(req)
			return
		}
		reply, _ := b.intakeCommand(ctx, cmd)
		if reply != "" {
			acker.Ack(req, map[string]string{"response_type": "ephemeral", "text": reply})
		} else {
			acker.Ack(req)
		}
	default:
		acker.Ack(req)
	}
}
