// Package inbox holds the record of one delivery from a chat front end (a Slack event,
// slash command or button press). Front ends record a delivery before they
// acknowledge it and stores keep it, so that each is handled exactly once, in order,
// and replayed after a crash. It is a leaf: transport records stay out of the domain.
package inbox

import "time"

// Delivery is something a front end received, recorded before it is acknowledged.
type Delivery struct {
	ID         int64
	Key        string // unique per delivery: "event:Ev123", "command:TRIGGER", ...
	Kind       string
	TeamID     string
	UserID     string
	ChannelID  string
	Payload    []byte
	ReceivedAt time.Time
	Replayed   bool // handed back after a restart, not freshly received
}
