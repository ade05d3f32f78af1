package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// gradeIn is one input line of `grade` (SPEC.md).
type gradeIn struct {
	ID         json.RawMessage `json:"id"`
	Question   string          `json:"question"`
	Reference  string          `json:"reference"`
	Answer     *string         `json:"answer"`
	QuestionID string          `json:"question_id"`
	KeyPoints  []string        `json:"key_points"`
}

// gradeOut is one output line: a score, or an error for a line that could not be
// graded.
type gradeOut struct {
	ID      json.RawMessage `json:"id"`
	Score   int             `json:"score"`
	Matched []string        `json:"matched"`
	Missed  []string        `json:"missed"`
	Scorer  string          `json:"scorer"`
	Error   string          `json:"-"`
}

type gradeErr struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

// line is what is written for the result.
func (o gradeOut) line() any {
	if o.Error != "" {
		return gradeErr{ID: o.ID, Error: o.Error}
	}
	return o
}

// maxGradeLine bounds one input line; longer lines are reported, not read whole.
const maxGradeLine = 1 << 20

func runGrade(ctx context.Context, args []string, sio IO) int {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	qdir := addQuestionsFlag(fs, sio.Getenv)
	llmOpts := addLLMFlags(fs)
	if code := parseFlags(fs, args, sio, "grade < answers.jsonl > scores.jsonl\n\nIn:  {\"id\": ..., \"question\": ..., \"reference\": ..., \"answer\": ...} (optional \"question_id\" or \"key_points\")\nOut: {\"id\": ..., \"score\": 0-100, \"matched\": [...], \"missed\": [...], \"scorer\": \"keyword\"|\"llm\"}"); code >= 0 {
		return code
	}
	llmConfig, err := llmOpts.config(sio.Getenv, sio.Err)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview grade: %v\n", err)
		return 2
	}
	bank, err := loadBank(*qdir)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview grade: %v\n", err)
		return 1
	}
	scorer, _, err := llmScorer(llmConfig, scoring.NewKeywordScorer(bank))
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview grade: %v\n", err)
		return 2
	}
	g := &grader{bank: bank, scorer: scorer}
	return g.run(ctx, sio)
}

type grader struct {
	bank   *questions.Bank
	scorer interview.Scorer
}

func (g *grader) run(ctx context.Context, sio IO) int {
	r := bufio.NewReaderSize(sio.In, 64*1024)
	w := bufio.NewWriter(sio.Out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		line, tooLong, err := readLine(r, maxGradeLine)
		if line == "" && err != nil {
			break
		}
		if strings.TrimSpace(line) == "" && !tooLong {
			n--
			continue
		}
		var out gradeOut
		if tooLong {
			out = gradeOut{ID: json.RawMessage("null"), Error: fmt.Sprintf("line %d: longer than %d bytes", n, maxGradeLine)}
		} else {
			out = g.grade(ctx, n, line)
		}
		if err := enc.Encode(out.line()); err != nil {
			fmt.Fprintf(sio.Err, "mockinterview grade: %v\n", err)
			return 1
		}
		if ctx.Err() != nil {
			break
		}
	}
	return 0
}

func (g *grader) grade(ctx context.Context, n int, line string) gradeOut {
	var in gradeIn
	dec := json.NewDecoder(strings.NewReader(line))
	if err := dec.Decode(&in); err != nil {
		return gradeOut{ID: json.RawMessage("null"), Error: fmt.Sprintf("line %d: not a JSON object: %v", n, err)}
	}
	if dec.More() {
		return gradeOut{ID: idOrNull(in.ID), Error: fmt.Sprintf("line %d: more than one JSON value on the line", n)}
	}
	id := idOrNull(in.ID)
	if in.Answer == nil {
		return gradeOut{ID: id, Error: fmt.Sprintf("line %d: missing \"answer\"", n)}
	}
	q, err := g.question(in)
	if err != nil {
		return gradeOut{ID: id, Error: fmt.Sprintf("line %d: %v", n, err)}
	}
	res, err := g.scorer.Score(ctx, q, *in.Answer)
	if err != nil {
		return gradeOut{ID: id, Error: fmt.Sprintf("line %d: scoring failed: %v", n, err)}
	}
	return gradeOut{ID: id, Score: res.Score, Matched: orEmpty(res.Matched), Missed: orEmpty(res.Missed), Scorer: res.Scorer}
}

func idOrNull(id json.RawMessage) json.RawMessage {
	if len(id) == 0 {
		return json.RawMessage("null")
	}
	return id
}

// question finds the rubric for an input line: the bank's question, the given key
// points, or key points the scorer derives from the reference answer.
func (g *grader) question(in gradeIn) (*questions.Question, error) {
	if in.QuestionID != "" {
		q := g.bank.Question(in.QuestionID)
		if q == nil {
			return nil, fmt.Errorf("unknown question_id %q", in.QuestionID)
		}
		return q, nil
	}
	if strings.TrimSpace(in.Reference) == "" && len(in.KeyPoints) == 0 {
		return nil, fmt.Errorf("need \"reference\", \"key_points\" or \"question_id\"")
	}
	q := &questions.Question{ID: "adhoc", Level: 2, Prompt: in.Question, Reference: in.Reference}
	for _, kp := range in.KeyPoints {
		if strings.TrimSpace(kp) == "" {
			continue
		}
		q.KeyPoints = append(q.KeyPoints, questions.KeyPoint{Text: kp, Terms: scoring.TermsFor(kp, in.Question), Weight: 1})
	}
	return q, nil
}

// readLine reads one line of at most limit bytes; a longer line is consumed and
// reported as too long.
func readLine(r *bufio.Reader, limit int) (string, bool, error) {
	var b []byte
	tooLong := false
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			return string(b), tooLong, err
		}
		if !tooLong {
			if len(b)+len(chunk) > limit {
				tooLong, b = true, nil
			} else {
				b = append(b, chunk...)
			}
		}
		if !isPrefix {
			if tooLong {
				return " ", true, nil
			}
			return string(b), false, nil
		}
	}
}
