package fakeslack

import "encoding/json"

// EventCallback is the body Slack sends to the Events API for one event: the
// envelope with the team and event id around the event's own fields.
func EventCallback(team, eventID string, event map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"type": "event_callback", "team_id": team, "api_app_id": "A0TEST", "event_id": eventID, "event": event})
	if err != nil {
		panic(err) // only maps of strings and numbers are passed
	}
	return b
}

// DM is a message event in a direct message with the bot.
func DM(user, text, ts string) map[string]any {
	return map[string]any{"type": "message", "user": user, "channel": "D" + user, "channel_type": "im", "text": text, "ts": ts}
}

// ThreadReply is a message event replying in a channel thread.
func ThreadReply(user, channel, thread, text, ts string) map[string]any {
	return map[string]any{"type": "message", "user": user, "channel": channel, "channel_type": "channel", "text": text, "ts": ts, "thread_ts": thread}
}
