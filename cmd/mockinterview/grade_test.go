package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// TestGradeRoundTrip pipes SPEC-format lines through the real binary: one output
// line per input line, same order, ids echoed whatever their type, errors on their own
// line, and the run goes on.
func TestGradeRoundTrip(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	mro := bank.Question("oop.mro")
	in := strings.Join([]string{
		mustJSON(map[string]any{"id": "a1", "question": "What is a stack?", "reference": "A last-in, first-out collection: push adds on top, pop removes the newest item.", "answer": "LIFO: you push on top and pop the most recent item."}),
		mustJSON(map[string]any{"id": 2, "question": mro.Prompt, "reference": "", "answer": mro.Reference, "question_id": "oop.mro"}),
		`{"id": 3, "question": "q", "reference": "r"`,
		mustJSON(map[string]any{"id": 4, "question": "What does an index cost?", "reference": "Space and slower writes.", "answer": "nothing at all", "key_points": []string{"extra disk space", "slower inserts and updates"}}),
		mustJSON(map[string]any{"id": 5, "question": "q", "reference": "r"}),
		mustJSON(map[string]any{"id": 6, "question": "q", "answer": "a", "question_id": "no.such"}),
		"",
		`[1, 2]`,
		mustJSON(map[string]any{"id": nil, "question": "Why does an in-memory cache reduce request latency?", "reference": "Because reading memory avoids a round trip to the database.", "answer": "Why does an in-memory cache reduce request latency?"}),
	}, "\n") + "\n"
	out, errOut, code := runCmd(t, in, "grade")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d output lines for 8 non-empty input lines:\n%s", len(lines), out)
	}
	type row struct {
		ID      any       `json:"id"`
		Score   *int      `json:"score"`
		Matched *[]string `json:"matched"`
		Missed  *[]string `json:"missed"`
		Scorer  string    `json:"scorer"`
		Error   string    `json:"error"`
	}
	var rows []row
	for _, l := range lines {
		var r row
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("output %q: %v", l, err)
		}
		rows = append(rows, r)
	}
	ok := func(i int, id any) row {
		r := rows[i]
		if r.Error != "" || r.Score == nil || r.Matched == nil || r.Missed == nil || r.Scorer != "keyword" || r.ID != id {
			t.Errorf("line %d = %s; want a full result for id %v", i+1, lines[i], id)
		}
		return r
	}
	if r := ok(0, "a1"); *r.Score < 50 {
		t.Errorf("a good answer scored %d", *r.Score)
	}
	if r := ok(1, float64(2)); *r.Score < 80 || len(*r.Missed) != 0 {
		t.Errorf("the model answer through question_id: %s", lines[1])
	}
	if rows[2].Error == "" || rows[2].ID != nil {
		t.Errorf("malformed line: %s", lines[2])
	}
	if r := ok(3, float64(4)); *r.Score > 20 || len(*r.Missed) != 2 {
		t.Errorf("given key points: %s", lines[3])
	}
	if !strings.Contains(rows[4].Error, `missing "answer"`) || rows[4].ID != float64(5) {
		t.Errorf("missing answer: %s", lines[4])
	}
	if !strings.Contains(rows[5].Error, "unknown question_id") {
		t.Errorf("unknown question id: %s", lines[5])
	}
	if rows[6].Error == "" {
		t.Errorf("an array line: %s", lines[6])
	}
	if r := ok(7, nil); *r.Score > 20 {
		t.Errorf("an answer that repeats the question scored %d", *r.Score)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func newTestGrader(tb testing.TB) *grader {
	tb.Helper()
	bank, err := questions.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return &grader{bank: bank, scorer: scoring.NewKeywordScorer(bank)}
}

// FuzzGrade feeds arbitrary input to grade: it never fails the run, and it writes
// exactly one JSON line per non-empty input line.
func FuzzGrade(f *testing.F) {
	f.Add([]byte(`{"id": 1, "question": "q", "reference": "a b c", "answer": "a"}` + "\n"))
	f.Add([]byte(`{"id": "x", "question_id": "oop.mro", "answer": ""}` + "\n{bad\n"))
	f.Add([]byte(`{"id": {"n": 1}, "question": "q", "key_points": ["", "x"], "answer": "x"}`))
	f.Add([]byte("\n\n\x00\xff{\"id\":[1],\"answer\":null}\n"))
	g := newTestGrader(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pr, pw := io.Pipe()
		go func() { pw.Write(data); pw.Close() }()
		var out strings.Builder
		if code := g.run(context.Background(), IO{In: pr, Out: &out, Err: io.Discard}); code != 0 {
			t.Fatalf("exit %d", code)
		}
		want := 0
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(strings.TrimRight(l, "\r")) != "" {
				want++
			}
		}
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		got := 0
		for sc.Scan() {
			got++
			var v map[string]any
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				t.Fatalf("output line %q: %v", sc.Text(), err)
			}
			if _, ok := v["id"]; !ok {
				t.Fatalf("output line without id: %q", sc.Text())
			}
		}
		if got != want {
			t.Fatalf("%d output lines for %d input lines", got, want)
		}
	})
}

// BenchmarkGrade measures `grade` throughput on lines without a rubric (the public
// short-answer data sets have none), one core.
func BenchmarkGrade(b *testing.B) {
	g := newTestGrader(b)
	data, err := os.ReadFile("../../interview/testdata/eval.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var in strings.Builder
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var it struct {
			QuestionID string `json:"question_id"`
			Answer     string `json:"answer"`
		}
		json.Unmarshal([]byte(l), &it)
		q := g.bank.Question(it.QuestionID)
		in.WriteString(mustJSON(map[string]any{"id": n, "question": q.Prompt, "reference": q.Reference, "answer": it.Answer}) + "\n")
		n++
	}
	input := in.String()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.run(context.Background(), IO{In: strings.NewReader(input), Out: io.Discard, Err: io.Discard})
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "answers/s")
}
