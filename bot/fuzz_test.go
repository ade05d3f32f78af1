package bot_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/interview"
)

// The fuzz tests feed signed, arbitrary bodies to each parser of Slack input: none
// may crash the handler or answer with a 5xx.
func fuzzRoute(f *testing.F, path, contentType string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	h := newHarness(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		h.t = t
		resp := h.postSigned(path, contentType, body, time.Now().Unix(), secret)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d for %q", resp.StatusCode, body)
		}
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d for %q", resp.StatusCode, body)
		}
	})
}

func FuzzEvents(f *testing.F) {
	fuzzRoute(f, "/slack/events", "application/json",
		`{"type":"url_verification","challenge":"x"}`,
		`{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","user":"U1","channel":"D1","channel_type":"im","text":"hi","ts":"1.2"}}`,
		`{"type":"event_callback","team_id":"T1","event_id":"Ev2","event":{"type":"app_home_opened","user":"U1","tab":"home"}}`,
		`{"type":"event_callback","event":null}`, `[]`, `"x"`)
}

func FuzzCommands(f *testing.F) {
	fuzzRoute(f, "/slack/commands", "application/x-www-form-urlencoded",
		"team_id=T1&user_id=U1&channel_id=C1&command=%2Fmock-interview&text=cv+add+a%3A+b&trigger_id=t1",
		"team_id=T1&user_id=U1&text=start+quick&trigger_id=t2", "%%%", "text=stats+%3C%40U1%3E&team_id=T&user_id=U&trigger_id=t3")
}

func FuzzInteractions(f *testing.F) {
	fuzzRoute(f, "/slack/interactions", "application/x-www-form-urlencoded",
		`payload=%7B%22type%22%3A%22block_actions%22%2C%22team%22%3A%7B%22id%22%3A%22T1%22%7D%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%2C%22actions%22%3A%5B%7B%22block_id%22%3A%22b%22%2C%22action_id%22%3A%22skip%22%2C%22value%22%3A%221%3A1%22%7D%5D%7D`,
		"payload=", "payload=%5B%5D")
}

// FuzzParseSubscription feeds arbitrary `qotd subscribe` arguments to the grammar: it
// never panics, errors are application errors with a message for people, and every
// accepted spec parses, carries a zone and is no more frequent than the minimum.
func FuzzParseSubscription(f *testing.F) {
	for _, s := range []string{"", "09:30", "09:30 Europe/Berlin weekdays", "7:05 UTC mon,wed,fri", "@daily", "@every 1h", "@every 1s",
		"30 9 * * 1-5", "CRON_TZ=America/New_York 0 9 * * *", "25:00", "09:30 Mars/Base", "* * * * *", "TZ=UTC @hourly"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spec, zone, err := bot.ParseSubscription(strings.Fields(text), "UTC", time.Hour)
		if err != nil {
			if interview.ErrorCode(err) != interview.EINVALID || interview.ErrorMessage(err) == "" {
				t.Fatalf("%q: error %v; want EINVALID with a message", text, err)
			}
			return
		}
		if zone == "" {
			t.Fatalf("%q: accepted %q without a zone", text, spec)
		}
		if err := bot.CheckSchedule(spec, time.Hour); err != nil {
			t.Fatalf("%q: accepted %q, which does not hold: %v", text, spec, err)
		}
	})
}
