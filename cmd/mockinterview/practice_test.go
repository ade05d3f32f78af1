package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/internal/testutil"
	"github.com/mockinterview/mockinterview/questions"
)

func bankByPrompt(t *testing.T) map[string]*questions.Question {
	t.Helper()
	b, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*questions.Question{}
	for _, q := range b.Questions() {
		m[q.Prompt] = q
	}
	return m
}

func reportJSON(t *testing.T, db string, user string) []jsonSession {
	t.Helper()
	out, errOut, code := runCmd(t, "", "report", "-db", db, "-user", user, "-format", "json")
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, errOut)
	}
	var ss []jsonSession
	if err := json.Unmarshal([]byte(out), &ss); err != nil {
		t.Fatalf("report json: %v\n%s", err, out)
	}
	return ss
}

var hintLine = regexp.MustCompile(`^Hint: `)
var skippedLine = regexp.MustCompile(`^Skipped`)

// TestPracticeScriptedCandidate pipes a scripted candidate through the real binary:
// model answers score high, "I don't know" scores low, a hint and a skip are recorded,
// the graph's edges are followed, the CV leads to a follow-up, and the report shows it all.
func TestPracticeScriptedCandidate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mi.db")
	byPrompt := bankByPrompt(t)
	c := startCandidate(t, "practice", "-db", db, "-plan", "standard", "-seed", "7", "-cv", "../../examples/cv.yaml", "-user", "alice")
	var prev *questions.Question
	prevScore := -1
	asked := map[string]bool{}
	edgesFollowed, cvAsked, n := 0, 0, 0
	for {
		q := c.question()
		if q == nil {
			break
		}
		n++
		if q.n != n {
			t.Fatalf("question number %d; want %d", q.n, n)
		}
		if q.stage == "Your projects" {
			if !strings.Contains(q.text, "HLS transcoder") && !strings.Contains(q.text, "Btalk") && !strings.Contains(q.text, "Jeetubhaiya") {
				t.Fatalf("CV follow-up names no CV project: %q", q.text)
			}
			cvAsked++
			c.say("We chose Celery on Redis because the transcodes were long-running; next time I would add idempotency keys.")
			c.until(regexp.MustCompile(`recorded, not scored`))
			prev, prevScore = nil, -1
			continue
		}
		bq := byPrompt[q.text]
		if bq == nil {
			t.Fatalf("question %q is not in the bank", q.text)
		}
		if prev != nil {
			for _, e := range prev.Next {
				if e.When.Match(prevScore) && !asked[e.To] {
					if e.To == bq.ID {
						edgesFollowed++
					}
					break
				}
			}
		}
		asked[bq.ID] = true
		var score int
		switch n {
		case 1:
			c.say("hint")
			c.until(hintLine)
			c.say(bq.Reference)
			score = c.score()
			if score < 56 {
				t.Errorf("hinted model answer to %s scored %d; want >= 56 (70 less the hint)", bq.ID, score)
			}
		case 2:
			c.say("skip")
			c.until(skippedLine)
			score = 0
		case 3:
			c.say("I don't know")
			if score = c.score(); score > 10 {
				t.Errorf("\"I don't know\" to %s scored %d; want <= 10", bq.ID, score)
			}
		default:
			c.say(bq.Reference)
			if score = c.score(); score < 70 {
				t.Errorf("model answer to %s scored %d; want >= 70", bq.ID, score)
			}
		}
		prev, prevScore = bq, score
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("practice exited with %v; output:\n%s", err, c.output.String())
	}
	lines := strings.Split(strings.TrimSpace(c.output.String()), "\n")
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^Overall score: \d+/100$`).MatchString(last) {
		t.Fatalf("last line %q; want Overall score: NN/100", last)
	}
	if n < 10 {
		t.Fatalf("standard interview asked %d questions; want about 12", n)
	}
	if edgesFollowed == 0 {
		t.Errorf("no question followed a graph edge from the previous answer")
	}
	if cvAsked == 0 {
		t.Errorf("a CV file led to no CV follow-up")
	}

	ss := reportJSON(t, db, "alice")
	if len(ss) != 1 {
		t.Fatalf("report has %d sessions; want 1", len(ss))
	}
	s := ss[0]
	if s.FinishedAt == nil || s.Score == nil || s.Source != "terminal" || s.User != "alice" || s.Plan != "standard" {
		t.Fatalf("session %+v; want a finished terminal session of alice with a score", s)
	}
	if len(s.Turns) != n {
		t.Fatalf("report has %d turns; want %d", len(s.Turns), n)
	}
	if !s.Turns[0].Hinted || s.Turns[0].Hints != 1 {
		t.Errorf("turn 1 not recorded as hinted: %+v", s.Turns[0])
	}
	if !s.Turns[1].Skipped || s.Turns[1].Score == nil || *s.Turns[1].Score != 0 {
		t.Errorf("turn 2 not recorded as skipped with 0: %+v", s.Turns[1])
	}
	for i, tr := range s.Turns {
		if tr.Kind == "bank" && (tr.Score == nil || tr.Scorer != "keyword" || tr.Prompt == "") {
			t.Errorf("turn %d incomplete: %+v", i+1, tr)
		}
	}
}

// TestPracticeResumesAfterKill kills the process with SIGKILL while it waits for an
// answer, then shows -resume continuing at the same question with nothing lost.
func TestPracticeResumesAfterKill(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mi.db")
	byPrompt := bankByPrompt(t)
	c := startCandidate(t, "practice", "-db", db, "-plan", "quick", "-seed", "11", "-user", "bob")
	var answered []string
	for i := 0; i < 2; i++ {
		q := c.question()
		answered = append(answered, byPrompt[q.text].ID)
		c.say(byPrompt[q.text].Reference)
		c.score()
	}
	third := c.question()
	if third == nil || third.n != 3 {
		t.Fatalf("third question = %+v", third)
	}
	c.cmd.Process.Kill() // kill -9 while the candidate is typing
	c.cmd.Wait()

	r := startCandidate(t, "practice", "-db", db, "-resume", "-user", "bob")
	q := r.question()
	if q == nil || q.n != 3 || q.text != third.text {
		t.Fatalf("resumed at %+v; want question 3 %q", q, third.text)
	}
	for q != nil {
		r.say("skip")
		q = r.question()
	}
	r.cmd.Wait()
	ss := reportJSON(t, db, "bob")
	if len(ss) != 1 {
		t.Fatalf("%d sessions; want 1 (resumed, not restarted)", len(ss))
	}
	turns := ss[0].Turns
	if len(turns) != 5 || ss[0].Score == nil {
		t.Fatalf("%d turns, score %v; want 5 turns and a finished session", len(turns), ss[0].Score)
	}
	for i, id := range answered {
		if turns[i].QuestionID != id || turns[i].Skipped || turns[i].Answer == "" {
			t.Errorf("turn %d = %s %q; want the answer given before the kill to %s", i+1, turns[i].QuestionID, turns[i].Answer, id)
		}
	}
	if turns[2].Prompt != third.text || !turns[2].Skipped {
		t.Errorf("turn 3 = %+v; want the pending question, skipped after resume", turns[2])
	}
}

// TestPracticeEndOfInput ends the input mid-interview: the session is saved, the
// last line is the overall score, and -resume picks it up.
func TestPracticeEndOfInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mi.db")
	out, errOut, code := runCmd(t, "my first answer\nspans two lines\n\nskip\n", "practice", "-db", db, "-plan", "quick", "-user", "carol", "-seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[len(lines)-1], "Overall score: ") || !strings.Contains(out, "-resume") {
		t.Fatalf("output does not end with the score and a resume hint:\n%s", out)
	}
	ss := reportJSON(t, db, "carol")
	if len(ss) != 1 || len(ss[0].Turns) != 2 || ss[0].FinishedAt != nil {
		t.Fatalf("sessions %+v; want one unfinished session with 2 turns", ss)
	}
	if ss[0].Turns[0].Answer != "my first answer\nspans two lines" {
		t.Fatalf("multi-line answer stored as %q", ss[0].Turns[0].Answer)
	}
	out, _, code = runCmd(t, "end\n", "practice", "-db", db, "-resume", "-user", "carol")
	if code != 0 || !strings.Contains(out, "[3/") {
		t.Fatalf("resume did not continue at question 3 (exit %d):\n%s", code, out)
	}
	if ss := reportJSON(t, db, "carol"); ss[0].FinishedAt == nil {
		t.Fatalf("end did not finish the session")
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"practice", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"practice", "-cv", "/does/not/exist.yaml"}, 2, "cannot read CV file"},
		{[]string{"practice", "-plan", "marathon", "-db", "DB"}, 1, `Unknown plan "marathon"`},
		{[]string{"report", "-format", "xml"}, 2, "want text, json or csv"},
		{[]string{"questions", "lint", "/does/not/exist"}, 2, "no such file"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"questions", "graph", "-format", "png"}, 2, "want dot or mermaid"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "DB" {
					args[i] = filepath.Join(t.TempDir(), "x.db")
				}
			}
			_, errOut, code := runCmd(t, "", args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.want)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("want one line of error, got:\n%s", errOut)
			}
		})
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"practice", "-h"}, {"report", "-h"}, {"grade", "-h"}, {"questions", "lint", "-h"}, {"questions", "list", "-h"}, {"questions", "graph", "-h"}, {"-h"}} {
		out, _, code := runCmd(t, "", args...)
		if code != 0 || !strings.Contains(out, "Usage: mockinterview") {
			t.Errorf("%v: exit %d, output %q; want usage and exit 0", args, code, out)
		}
	}
}

func TestQuestionsCommands(t *testing.T) {
	out, errOut, code := runCmd(t, "", "questions", "lint")
	if code != 0 {
		t.Fatalf("embedded bank fails lint: %s", errOut)
	}
	if !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("lint output %q", out)
	}
	out, _, code = runCmd(t, "", "questions", "list", "-format", "json", "-topic", "oop")
	var qs []jsonQuestion
	if code != 0 || json.Unmarshal([]byte(out), &qs) != nil || len(qs) == 0 {
		t.Fatalf("list json: exit %d, %d questions", code, len(qs))
	}
	for _, q := range qs {
		if q.Stage != "oop" || q.Reference == "" || len(q.KeyPoints) == 0 || q.KeyPoints[0].Weight <= 0 {
			t.Fatalf("listed question %+v", q)
		}
	}
	dot, _, _ := runCmd(t, "", "questions", "graph")
	mer, _, _ := runCmd(t, "", "questions", "graph", "-format", "mermaid")
	if !strings.HasPrefix(dot, "digraph") || !strings.Contains(dot, "->") || !strings.HasPrefix(mer, "flowchart") {
		t.Fatalf("graph output unexpected")
	}
	// A broken bank: exit 1 with file, line and id named.
	dir := t.TempDir()
	testutil.WriteFile(t, filepath.Join(dir, "x.yaml"), "stage: x\ntitle: X\norder: 1\nquestions:\n  - id: x.a\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [a]}]\n    next: [{when: \">=70\", to: x.missing}]\n")
	_, errOut, code = runCmd(t, "", "questions", "lint", dir)
	if code != 1 || !strings.Contains(errOut, "x.yaml:10: x.a: edge to unknown question \"x.missing\"") {
		t.Fatalf("lint of a broken bank: exit %d, %s", code, errOut)
	}
}
