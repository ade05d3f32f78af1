package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/mockinterview/mockinterview/interview"
)

func writeFeedback(w io.Writer, t *interview.Turn) {
	switch {
	case t.Skipped:
		fmt.Fprintln(w, "Skipped (0/100).")
		return
	case t.Score == nil:
		for _, f := range t.Feedback {
			fmt.Fprintln(w, f)
		}
		return
	}
	fmt.Fprintf(w, "Score: %d/100\n", *t.Score)
	for _, f := range t.Feedback {
		mark := map[string]string{interview.FeedbackCovered: "  ✓", interview.FeedbackPartial: "  ~",
			interview.FeedbackMissed: "  ✗", interview.FeedbackOpposite: "  ✗"}[interview.FeedbackKind(f)]
		if mark == "" {
			mark = "  ·"
		}
		fmt.Fprintf(w, "%s %s\n", mark, f)
	}
}

// writeReport prints the report as a table. Its last line is always
// "Overall score: NN/100", which scripts read.
func writeReport(w io.Writer, r *interview.Report) {
	state := "finished"
	if r.Session.Status != interview.StatusFinished {
		state = "in progress"
	}
	answered := 0
	for _, t := range r.Turns {
		if t.Score != nil {
			answered++
		}
	}
	fmt.Fprintf(w, "Report · %s interview (%s) · %d scored answers\n", r.Session.Plan, state, answered)
	if len(r.Stages) > 0 {
		fmt.Fprintf(w, "\n%-34s %5s  %-20s %s\n", "Stage", "Score", "", "Questions")
		for _, s := range r.Stages {
			fmt.Fprintf(w, "%-34s %5d  %-20s %d\n", s.Title, s.Score, bar(s.Score, 20), s.Questions)
		}
	}
	if r.Strongest != "" {
		fmt.Fprintf(w, "\nStrongest: %s · Weakest: %s\n", r.Strongest, r.Weakest)
	}
	if r.CVAnswers > 0 {
		fmt.Fprintf(w, "CV follow-ups answered: %d (recorded, not scored)\n", r.CVAnswers)
	}
	if len(r.Weak) > 0 {
		fmt.Fprintln(w, "\nTo review:")
		for _, wt := range r.Weak {
			fmt.Fprintf(w, "\n• %s (%d/100)\n", wt.Turn.Prompt, *wt.Turn.Score)
			for _, m := range wt.Turn.Missed {
				fmt.Fprintf(w, "  Missed: %s\n", m)
			}
			if wt.Reference != "" {
				fmt.Fprintf(w, "  Model answer: %s\n", indent(wt.Reference, "    "))
			}
		}
	}
	fmt.Fprintf(w, "\nOverall score: %d/100\n", r.Overall)
}

func bar(score, width int) string {
	n := (score*width + 50) / 100
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

func indent(s, pad string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n"+pad)
}
