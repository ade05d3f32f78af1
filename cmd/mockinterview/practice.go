package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/store"
)

func runPractice(ctx context.Context, args []string, sio IO) int {
	fs := flag.NewFlagSet("practice", flag.ContinueOnError)
	dbPath := addDBFlag(fs, sio.Getenv, "SQLite database file")
	plan := fs.String("plan", "standard", "interview plan: quick, standard or full")
	topic := fs.String("topic", "", "narrow the interview to one stage (e.g. oop, orm, async)")
	cvPath := fs.String("cv", "", "YAML file with your CV projects, for follow-up questions about them")
	user := fs.String("user", defaultUser(sio.Getenv), "your name, which keys your history")
	seed := fs.Int64("seed", 0, "seed for a reproducible choice of questions (0: random)")
	resume := fs.Bool("resume", false, "continue your unfinished interview at its pending question")
	qdir := addQuestionsFlag(fs, sio.Getenv)
	llmOpts := addLLMFlags(fs)
	if code := parseFlags(fs, args, sio, "practice [-plan quick|standard|full] [-topic STAGE] [-cv FILE] [-user NAME] [-seed N] [-resume] [-db PATH]"); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(sio.Err, "mockinterview practice: unexpected argument %q (see -h)\n", fs.Arg(0))
		return 2
	}
	if strings.TrimSpace(*user) == "" {
		fmt.Fprintln(sio.Err, "mockinterview practice: -user must not be empty")
		return 2
	}
	llmConfig, err := llmOpts.config(sio.Getenv, sio.Err)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview practice: %v\n", err)
		return 2
	}
	var cvData []byte
	if *cvPath != "" {
		if cvData, err = os.ReadFile(*cvPath); err != nil {
			fmt.Fprintf(sio.Err, "mockinterview practice: cannot read CV file: %v\n", err)
			return 2
		}
	}
	bank, err := loadBank(*qdir)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview practice: %v\n", err)
		return 1
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview practice: %v\n", err)
		return 1
	}
	defer db.Close()
	eng := interview.NewEngine(bank, db, scoring.NewKeywordScorer(bank))
	if err := installLLM(eng, llmConfig); err != nil {
		fmt.Fprintf(sio.Err, "mockinterview practice: %v\n", err)
		return 2
	}

	who := interview.User{Source: interview.SourceTerminal, ExternalID: strings.TrimSpace(*user), Name: strings.TrimSpace(*user)}
	u, err := db.EnsureUser(ctx, who)
	if err != nil {
		return fail(sio, "practice", err)
	}
	if cvData != nil {
		projects, err := interview.ParseCV(cvData)
		if err != nil {
			fmt.Fprintf(sio.Err, "mockinterview practice: %s: %s\n", *cvPath, interview.ErrorMessage(err))
			return 2
		}
		if err := db.SetProjects(ctx, u.ID, projects); err != nil {
			return fail(sio, "practice", err)
		}
	}
	projects, err := db.Projects(ctx, u.ID)
	if err != nil {
		return fail(sio, "practice", err)
	}

	out := bufio.NewWriter(sio.Out)
	defer out.Flush()
	var s *interview.Session
	if *resume {
		s, err = eng.Active(ctx, who)
		switch interview.ErrorCode(err) {
		case "":
			fmt.Fprintf(out, "Resuming your %s interview from %s.\n", s.Plan, s.StartedAt.Local().Format("2006-01-02 15:04"))
		case interview.ENOTFOUND:
			fmt.Fprintf(out, "No unfinished interview for %s; starting a new one.\n", who.ExternalID)
			s = nil
		default:
			return fail(sio, "practice", err)
		}
	} else if prev, err := eng.Active(ctx, who); err == nil {
		fmt.Fprintf(out, "(You have an unfinished %s interview from %s; continue it with -resume.)\n", prev.Plan, prev.StartedAt.Local().Format("2006-01-02 15:04"))
	}
	if s == nil {
		s, err = eng.Start(ctx, who, interview.StartOptions{Plan: *plan, Topic: *topic, Seed: *seed})
		if err != nil {
			return fail(sio, "practice", err)
		}
		fmt.Fprintf(out, "Mock interview · %s plan", s.Plan)
		if s.Topic != "" {
			fmt.Fprintf(out, " · topic %s", s.Topic)
		}
		fmt.Fprintf(out, " · about %d questions.\n", eng.Planned(s, len(projects) > 0))
		fmt.Fprintln(out, "Answer in one or more lines and end with an empty line. Instead of an answer you can type: hint, skip, repeat, end.")
	}
	t := &terminal{eng: eng, s: s, out: out, in: newAnswerReader(sio.In), total: eng.Planned(s, len(projects) > 0), user: who.ExternalID}
	return t.run(ctx)
}

func defaultUser(get Env) string {
	for _, v := range []string{"MOCKINTERVIEW_USER", "USER", "USERNAME"} {
		if u := envOr(get, v, ""); u != "" {
			return u
		}
	}
	return "candidate"
}

// terminal drives one session from a line-oriented stream.
type terminal struct {
	eng   *interview.Engine
	s     *interview.Session
	out   *bufio.Writer
	in    *answerReader
	total int
	user  string
}

func (t *terminal) run(ctx context.Context) int {
	t.ask()
	for {
		answer, ok := t.in.next()
		if !ok && answer == "" {
			fmt.Fprintf(t.out, "\nInput ended: your interview is saved. Continue it with: mockinterview practice -resume -user %s\n", shellQuote(t.user))
			rep, err := t.eng.Report(ctx, t.s)
			if err != nil {
				return fail(IO{Err: os.Stderr}, "practice", err)
			}
			writeReport(t.out, rep)
			return 0
		}
		var err error
		var oc *interview.Outcome
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "hint":
			var h string
			if h, err = t.eng.Hint(ctx, t.s); err == nil {
				fmt.Fprintf(t.out, "Hint: %s\n", h)
				if p := t.s.State.Pending; p != nil && p.Kind == interview.KindBank {
					fmt.Fprintf(t.out, "(Each hint costs %d%% of this question's score.)\n", t.eng.HintCost())
				}
			}
		case "repeat":
			t.ask()
		case "end":
			var rep *interview.Report
			if rep, err = t.eng.End(ctx, t.s); err == nil {
				fmt.Fprintln(t.out)
				writeReport(t.out, rep)
				return 0
			}
		case "skip":
			oc, err = t.eng.Skip(ctx, t.s)
		default:
			oc, err = t.eng.Answer(ctx, t.s, answer)
		}
		if err != nil {
			if interview.ErrorCode(err) == interview.EINTERNAL {
				t.out.Flush()
				return fail(IO{Err: os.Stderr}, "practice", err)
			}
			fmt.Fprintln(t.out, interview.ErrorMessage(err))
			t.out.Flush()
			continue
		}
		if oc != nil {
			writeFeedback(t.out, oc.Turn)
			if oc.Report != nil {
				fmt.Fprintln(t.out)
				writeReport(t.out, oc.Report)
				return 0
			}
			t.ask()
		}
		t.out.Flush()
	}
}

func (t *terminal) ask() {
	v, err := t.eng.Show(context.Background(), t.s)
	if err != nil || v == nil {
		return
	}
	total := max(t.total, v.Number)
	fmt.Fprintf(t.out, "\n[%d/%d] %s · %s\n", v.Number, total, v.StageTitle, v.Prompt)
	if v.Code != "" {
		fmt.Fprintf(t.out, "\n    %s\n", indent(v.Code, "    "))
	}
	fmt.Fprint(t.out, "> ")
	t.out.Flush()
}

// answerReader reads answers: lines up to an empty line or the end of input.
type answerReader struct {
	sc  *bufio.Scanner
	eof bool
}

func newAnswerReader(r interface{ Read([]byte) (int, error) }) *answerReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return &answerReader{sc: sc}
}

// next returns the next answer; ok is false at the end of input (answer may still
// hold the last, unterminated one).
func (a *answerReader) next() (answer string, ok bool) {
	if a.eof {
		return "", false
	}
	var lines []string
	for a.sc.Scan() {
		line := strings.TrimRight(a.sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if len(lines) == 0 {
				continue // a stray Enter before typing is not an answer
			}
			return strings.Join(lines, "\n"), true
		}
		lines = append(lines, line)
	}
	a.eof = true
	return strings.Join(lines, "\n"), len(lines) > 0
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " \t'\"$`\\;&|<>*?()[]{}!") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
