package questions_test

import (
	"testing"

	"github.com/mockinterview/mockinterview/questions"
)

// interviewTopics are, per stage, the topics that real mid-level Python backend
// interviews ask most (bank review, section 8) beyond the seed curriculum. Each is a
// bullet of curriculum/STAGE.yaml and must be asked by at least two questions.
var interviewTopics = map[string][]string{
	"python":    {"context-managers", "decorators-closures-scope", "iterator-protocol", "memory-gc", "copy-deepcopy", "typing-mypy", "imports-packaging-venv"},
	"orm":       {"transactions-isolation-deadlocks", "sql-joins-groupby-window"},
	"api":       {"oauth2-oidc", "cors", "webhook-signatures"},
	"sysdesign": {"cap-consistency", "design-url-shortener", "design-notification-service"},
	"deploy":    {"observability", "ci-cd"},
	"async":     {"gil-threads-processes-asyncio"},
	"django":    {"middleware", "signals", "custom-user-model", "sessions-cookies", "csrf", "xss", "sql-injection-raw-sql", "null-vs-blank", "custom-managers", "celery-delivery"},
}

// TestEmbeddedBankV2Targets holds the bank to its size and rubric targets: enough
// questions, a misconception on every question, and multi-line code to read.
func TestEmbeddedBankV2Targets(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	if n := bank.Len(); n < 320 {
		t.Errorf("bank has %d questions; want at least 320", n)
	}
	code := 0
	for _, q := range bank.Questions() {
		if len(q.Misconceptions) == 0 {
			t.Errorf("%s: no misconception: list at least one common wrong claim", q.ID)
		}
		if q.Code != "" {
			code++
			if len(splitLines(q.Code)) < 2 {
				t.Errorf("%s: code is one line; a snippet to read has several", q.ID)
			}
		}
	}
	if code < 25 {
		t.Errorf("%d questions show code to read; want at least 25", code)
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
