package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/mockinterview/mockinterview/questions"
)

func runQuestions(ctx context.Context, args []string, sio IO) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(sio.Out, "Usage: mockinterview questions lint [PATH...] | list [-topic T] [-format text|json] | graph [-format dot|mermaid]")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "lint":
		return runLint(args[1:], sio)
	case "list":
		return runList(args[1:], sio)
	case "graph":
		return runGraph(args[1:], sio)
	}
	fmt.Fprintf(sio.Err, "mockinterview questions: unknown subcommand %q (want lint, list or graph)\n", args[0])
	return 2
}

func runLint(args []string, sio IO) int {
	fs := flag.NewFlagSet("questions lint", flag.ContinueOnError)
	if code := parseFlags(fs, args, sio, "questions lint [PATH...]\n\nChecks a question bank: the embedded one, or the YAML files and directories given (checked together as one bank)."); code >= 0 {
		return code
	}
	var stages []*questions.Stage
	var problems []questions.Problem
	if fs.NArg() == 0 {
		stages, problems = questions.EmbeddedStages()
	} else {
		var err error
		stages, problems, err = questions.ReadPaths(fs.Args()...)
		if err != nil {
			fmt.Fprintf(sio.Err, "mockinterview questions lint: %v\n", err)
			return 2
		}
	}
	problems = append(problems, questions.Lint(stages)...)
	for _, p := range problems {
		fmt.Fprintln(sio.Err, p.String())
	}
	n := 0
	for _, s := range stages {
		n += len(s.Questions)
	}
	if len(problems) > 0 {
		fmt.Fprintf(sio.Err, "%d problem(s) in %d stage(s), %d question(s)\n", len(problems), len(stages), n)
		return 1
	}
	fmt.Fprintf(sio.Out, "ok: %d stages, %d questions\n", len(stages), n)
	return 0
}

// jsonQuestion is the `questions list -format json` shape (SPEC.md).
type jsonQuestion struct {
	ID        string         `json:"id"`
	Stage     string         `json:"stage"`
	Level     int            `json:"level"`
	Prompt    string         `json:"prompt"`
	Reference string         `json:"reference"`
	KeyPoints []jsonKeyPoint `json:"key_points"`
	Hints     []string       `json:"hints"`
	Next      []jsonEdge     `json:"next"`
	Tags      []string       `json:"tags"`
}

type jsonKeyPoint struct {
	Text   string   `json:"text"`
	Terms  []string `json:"terms"`
	Weight float64  `json:"weight"`
}

type jsonEdge struct {
	When string `json:"when"`
	To   string `json:"to"`
}

func runList(args []string, sio IO) int {
	fs := flag.NewFlagSet("questions list", flag.ContinueOnError)
	topic := fs.String("topic", "", "only this stage")
	format := fs.String("format", "text", "text or json")
	qdir := addQuestionsFlag(fs, sio.Getenv)
	if code := parseFlags(fs, args, sio, "questions list [-topic T] [-format text|json]"); code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(sio.Err, "mockinterview questions list: -format %q: want text or json\n", *format)
		return 2
	}
	bank, err := loadBank(*qdir)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview questions list: %v\n", err)
		return 1
	}
	if *topic != "" && bank.Stage(*topic) == nil {
		fmt.Fprintf(sio.Err, "mockinterview questions list: unknown topic %q\n", *topic)
		return 2
	}
	out := []jsonQuestion{}
	for _, q := range bank.Questions() {
		if *topic != "" && q.Stage != *topic {
			continue
		}
		jq := jsonQuestion{ID: q.ID, Stage: q.Stage, Level: q.Level, Prompt: q.Prompt, Reference: q.Reference,
			KeyPoints: []jsonKeyPoint{}, Hints: orEmpty(q.Hints), Next: []jsonEdge{}, Tags: orEmpty(q.Tags)}
		for _, kp := range q.KeyPoints {
			jq.KeyPoints = append(jq.KeyPoints, jsonKeyPoint{kp.Text, kp.Terms, kp.Weight})
		}
		for _, e := range q.Next {
			jq.Next = append(jq.Next, jsonEdge{e.When.String(), e.To})
		}
		out = append(out, jq)
	}
	if *format == "json" {
		enc := json.NewEncoder(sio.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fail(sio, "questions list", err)
		}
		return 0
	}
	stage := ""
	for _, q := range out {
		if q.Stage != stage {
			stage = q.Stage
			fmt.Fprintf(sio.Out, "\n%s\n", bank.Stage(stage).Title)
		}
		fmt.Fprintf(sio.Out, "  %-40s L%d  %s\n", q.ID, q.Level, q.Prompt)
	}
	return 0
}

func runGraph(args []string, sio IO) int {
	fs := flag.NewFlagSet("questions graph", flag.ContinueOnError)
	format := fs.String("format", "dot", "dot or mermaid")
	qdir := addQuestionsFlag(fs, sio.Getenv)
	if code := parseFlags(fs, args, sio, "questions graph [-format dot|mermaid]"); code >= 0 {
		return code
	}
	bank, err := loadBank(*qdir)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview questions graph: %v\n", err)
		return 1
	}
	switch *format {
	case "dot":
		err = bank.WriteDOT(sio.Out)
	case "mermaid":
		err = bank.WriteMermaid(sio.Out)
	default:
		fmt.Fprintf(sio.Err, "mockinterview questions graph: -format %q: want dot or mermaid\n", *format)
		return 2
	}
	if err != nil {
		return fail(sio, "questions graph", err)
	}
	return 0
}
