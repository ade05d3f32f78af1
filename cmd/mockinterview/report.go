package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/store"
)

// jsonSession and jsonTurn are the report's JSON shape (SPEC.md, "report -format json").
type jsonSession struct {
	ID         int64      `json:"id"`
	User       string     `json:"user"`
	Source     string     `json:"source"`
	Plan       string     `json:"plan"`
	Topic      string     `json:"topic,omitempty"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Score      *int       `json:"score"`
	Turns      []jsonTurn `json:"turns"`
}

type jsonTurn struct {
	QuestionID string   `json:"question_id"`
	Kind       string   `json:"kind"`
	Stage      string   `json:"stage"`
	Prompt     string   `json:"prompt"`
	Answer     string   `json:"answer"`
	Score      *int     `json:"score"`
	Scorer     string   `json:"scorer"`
	Matched    []string `json:"matched"`
	Missed     []string `json:"missed"`
	Hinted     bool     `json:"hinted"`
	Hints      int      `json:"hints"`
	Skipped    bool     `json:"skipped"`
}

func runReport(ctx context.Context, args []string, sio IO) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	dbPath := addDBFlag(fs, sio.Getenv, "SQLite database file")
	user := fs.String("user", "", "only this user's sessions (terminal name or Slack user id)")
	format := fs.String("format", "text", "output format: text, json or csv")
	limit := fs.Int("limit", 0, "at most this many sessions, newest first (0: all)")
	if code := parseFlags(fs, args, sio, "report [-db PATH] [-user NAME] [-format text|json|csv]"); code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" && *format != "csv" {
		fmt.Fprintf(sio.Err, "mockinterview report: -format %q: want text, json or csv\n", *format)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(sio.Err, "mockinterview report: unexpected argument %q (see -h)\n", fs.Arg(0))
		return 2
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview report: %v\n", err)
		return 1
	}
	defer db.Close()
	sessions, err := db.Sessions(ctx, store.SessionFilter{User: *user, Limit: *limit})
	if err != nil {
		return fail(sio, "report", err)
	}
	out := make([]jsonSession, 0, len(sessions))
	for _, s := range sessions {
		turns, err := db.Turns(ctx, s.ID)
		if err != nil {
			return fail(sio, "report", err)
		}
		js := jsonSession{ID: s.ID, User: s.User, Source: s.Source, Plan: s.Plan, Topic: s.Topic, StartedAt: s.StartedAt, FinishedAt: s.FinishedAt, Score: s.Score, Turns: []jsonTurn{}}
		for _, t := range turns {
			js.Turns = append(js.Turns, jsonTurn{
				QuestionID: t.QuestionID, Kind: t.Kind, Stage: t.Stage, Prompt: t.Prompt, Answer: t.Answer, Score: t.Score,
				Scorer: t.Scorer, Matched: orEmpty(t.Matched), Missed: orEmpty(t.Missed), Hinted: t.Hints > 0, Hints: t.Hints, Skipped: t.Skipped,
			})
		}
		out = append(out, js)
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(sio.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fail(sio, "report", err)
		}
	case "csv":
		if err := writeCSV(sio.Out, out); err != nil {
			return fail(sio, "report", err)
		}
	default:
		writeReportText(sio.Out, out)
	}
	return 0
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeCSV writes one row per turn (a session without turns gets one row).
func writeCSV(w io.Writer, sessions []jsonSession) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"session_id", "user", "source", "plan", "started_at", "finished_at", "session_score",
		"seq", "question_id", "stage", "prompt", "answer", "score", "scorer", "matched", "missed", "hints", "skipped"})
	opt := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	for _, s := range sessions {
		fin := ""
		if s.FinishedAt != nil {
			fin = s.FinishedAt.Format(time.RFC3339)
		}
		head := []string{strconv.FormatInt(s.ID, 10), s.User, s.Source, s.Plan, s.StartedAt.Format(time.RFC3339), fin, opt(s.Score)}
		if len(s.Turns) == 0 {
			cw.Write(append(head, "", "", "", "", "", "", "", "", "", "", ""))
		}
		for i, t := range s.Turns {
			cw.Write(append(append([]string(nil), head...), strconv.Itoa(i+1), t.QuestionID, t.Stage, csvSafe(t.Prompt), csvSafe(t.Answer), opt(t.Score), t.Scorer,
				strings.Join(t.Matched, "; "), strings.Join(t.Missed, "; "), strconv.Itoa(t.Hints), strconv.FormatBool(t.Skipped)))
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps spreadsheet programs from running a cell that starts like a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeReportText(w io.Writer, sessions []jsonSession) {
	if len(sessions) == 0 {
		fmt.Fprintln(w, "No sessions yet. Start one with: mockinterview practice")
		return
	}
	for _, s := range sessions {
		score := "in progress"
		if s.Score != nil {
			score = fmt.Sprintf("%d/100", *s.Score)
		}
		fmt.Fprintf(w, "Session %d · %s (%s) · %s plan · %s · %s\n", s.ID, s.User, s.Source, s.Plan, s.StartedAt.Local().Format("2006-01-02 15:04"), score)
		for i, t := range s.Turns {
			sc := "  —"
			if t.Score != nil {
				sc = fmt.Sprintf("%3d", *t.Score)
			}
			flags := ""
			if t.Skipped {
				flags += " (skipped)"
			}
			if t.Hinted {
				flags += fmt.Sprintf(" (%d hint)", t.Hints)
			}
			fmt.Fprintf(w, "  %2d. %s  %-34s %s%s\n", i+1, sc, t.QuestionID, t.Scorer, flags)
		}
		fmt.Fprintln(w)
	}
}
