package bot

import (
	"encoding/json"
	"testing"

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
		v := &interview.QuestionView{Number: 1 + i%5, Planned: 5, Stage: q.Stage, StageTitle: bank.Stage(q.Stage).Title, Level: q.Level, Prompt: q.Prompt, Code: q.Code, HintsLeft: len(q.Hints)}
		blocks := questionBlocks(s, v)
		if _, err := json.Marshal(blocks); err != nil {
			b.Fatal(err)
		}
	}
}
