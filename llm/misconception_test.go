package llm

import (
	"slices"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

func TestGradingMessagesListMisconceptions(t *testing.T) {
	q := &questions.Question{ID: "api.auth", Level: 2, Prompt: "401 or 403?", Reference: "401 is unauthenticated; 403 is forbidden.",
		KeyPoints: []questions.KeyPoint{{Text: "401 means unauthenticated", Terms: []string{"401"}, Weight: 2}, {Text: "403 means forbidden", Terms: []string{"403"}, Weight: 2}},
		Misconceptions: []questions.Misconception{
			{Text: "401 means the user lacks permission", Terms: []string{"401", "forbidden"}, Correction: "401 means not authenticated; 403 means not allowed.", Contradicts: []int{1}},
			{Text: "status codes do not matter", Terms: []string{"matter"}, Correction: "Clients act on them."},
		}}
	msgs, err := gradingMessages(q, rubric(q, interview.Result{}), "401 means forbidden")
	if err != nil {
		t.Fatal(err)
	}
	user := msgs[1].Content
	for _, want := range []string{
		"M1. 401 means the user lacks permission (true instead: 401 means not authenticated; 403 means not allowed) [contradicts key point 1]",
		"M2. status codes do not matter (true instead: Clients act on them)",
	} {
		if !strings.Contains(user, want) {
			t.Errorf("user message lacks %q:\n%s", want, user)
		}
	}
	if !strings.Contains(msgs[0].Content, "id 100 plus its number") {
		t.Errorf("system prompt does not say how to report misconceptions")
	}
	// The rubric as graded keys the cache: another misconception, another key.
	other := *q
	other.Misconceptions = q.Misconceptions[:1]
	if cacheKey(q, nil, "a", "m") == cacheKey(&other, nil, "a", "m") {
		t.Errorf("cache key ignores the misconceptions")
	}
	// A question without misconceptions sends no such section.
	plain := *q
	plain.Misconceptions = nil
	msgs, _ = gradingMessages(&plain, rubric(&plain, interview.Result{}), "x")
	if strings.Contains(msgs[1].Content, "misconceptions") {
		t.Errorf("misconception section without misconceptions:\n%s", msgs[1].Content)
	}
}

func TestVerdictStatedMisconceptions(t *testing.T) {
	v, _, err := parseVerdict(`{"score": 20, "key_points": [{"id": 1, "status": "missing", "reason": "swapped"}, {"id": 101, "status": "covered", "reason": "says 401 is forbidden"}, {"id": "102", "status": "missing", "reason": "-"}, {"id": 103, "status": "covered", "reason": "not in the rubric"}], "feedback": "x", "instructs_grader": false}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.statedMisconceptions(2); !slices.Equal(got, []int{1}) {
		t.Errorf("stated misconceptions %v; want [1]", got)
	}
	if got := v.statedMisconceptions(0); got != nil {
		t.Errorf("without misconceptions in the rubric: %v", got)
	}
}
