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

// SlackAPIURL is Slack's Web API address, the default of SLACK_API_URL.
const SlackAPIURL = slack.APIURL

// NewSlackClient returns the Web API client for the bot's token (and the app-level
// token for Socket Mode), with connections kept for the sender's traffic. apiURL
// overrides Slack's address (proxies, tests).
func NewSlackClient(botToken, appToken, apiURL string) *slack.Client {
	opts := []slack.Option{slack.OptionHTTPClient(HTTPClient()), slack.OptionAppLevelToken(appToken)}
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	return slack.New(botToken, opts...)
}

// RunSocketMode takes deliveries from a Socket Mode connection on api until ctx
// ends. The library connects and reconnects; each envelope goes through the same
// intake as HTTP and is acknowledged only once it is recorded, so one that could not
// be stored is redelivered by Slack.
func (b *Bot) RunSocketMode(ctx context.Context, api *slack.Client) error {
	client := socketmode.New(api)
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
		if status, _ := b.intakeEvent(ctx, req.Payload); status >= 500 {
			b.Logger.Warn("socket mode envelope not recorded; left for Slack to redeliver", "envelope", req.EnvelopeID)
			return
		}
		acker.Ack(req)
	case socketmode.EventTypeInteractive:
		if status, _ := b.intakeInteraction(ctx, req.Payload); status >= 500 {
			b.Logger.Warn("socket mode envelope not recorded; left for Slack to redeliver", "envelope", req.EnvelopeID)
			return
		}
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
