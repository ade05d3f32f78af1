package bot

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// BenchmarkQuestionBlocks renders a bank question as the bot posts it (Block Kit
// blocks with progress and buttons) and encodes the blocks as JSON, as slack-go does
// for chat.postMessage.
func BenchmarkQuestionBlocks(b *testing.B) {
	bank, err := questions.Load()
	if err != nil {
		b.Fatal(err)
	}
	qs := bank.Questions()
	s := &interview.Session{ID: 4711}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		p := &interview.Pending{Kind: interview.KindBank, QuestionID: q.ID, Stage: q.Stage, Prompt: q.Prompt, Number: 1 + i%5, AskedAt: time.Time{}}
		blocks := questionBlocks(s, p, bank.Stage(q.Stage).Title, q.Level, 5, len(q.Hints) > 0)
		if _, err := json.Marshal(blocks); err != nil {
			b.Fatal(err)
		}
	}
}
