package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/questions"
)

// BenchmarkDMTurn is one answer end to end, as serve handles it: a signed DM event
// through the HTTP handler, recorded and acknowledged, scored by the engine on a real
// SQLite file, and the feedback and next question posted through slack-go to a fake
// Slack (no pace). It stops when the next question (or the report) is posted. Profile
// it with -cpuprofile to see the bot's hot path.
func BenchmarkDMTurn(b *testing.B) {
	h := newHarness(b)
	h.slack.Fast(true)
	byPrompt := map[string]*questions.Question{}
	for _, q := range h.bank.Questions() {
		byPrompt[q.Prompt] = q
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	user, dm, seen, interviews := "", "", 0, 0
	// next waits for the DM's next question and returns its prompt ("" after the report).
	next := func() string {
		for {
			calls, err := h.slack.WaitChannel(ctx, dm, seen)
			if err != nil {
				b.Fatalf("no question in %s: %v", dm, err)
			}
			seen += len(calls)
			for _, c := range calls {
				if strings.Contains(c.Text, "Overall score:") {
					return ""
				}
				if _, prompt, ok := strings.Cut(c.Text, "] "); ok && strings.HasPrefix(c.Text, "[") {
					return prompt
				}
			}
		}
	}
	prompt := ""
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if prompt == "" {
			b.StopTimer()
			interviews++
			user, seen = fmt.Sprintf("UB%05d", interviews), 0
			dm = "D" + user
			status(b, h.command(user, "start quick"), http.StatusOK)
			prompt = next()
			b.StartTimer()
		}
		answer := "I am not sure."
		if q := byPrompt[prompt]; q != nil && i%3 != 0 {
			answer = q.Reference
		}
		status(b, h.dm(user, answer), http.StatusOK)
		prompt = next()
	}
	b.StopTimer()
}
