// Command mockinterview runs staged mock technical interviews: in the terminal
// (practice), in Slack (serve), and as batch tools (grade, report, questions).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // schedules name IANA zones; slim images may lack the zone files
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Env reads an environment variable; tests pass their own.
type Env func(string) string

// IO bundles a command's streams and environment.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   Env
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, io IO) int
}

func commands() []command {
	return []command{
		{"practice", "run a mock interview in the terminal", runPractice},
		{"serve", "run the Slack bot and the question-of-the-day scheduler", runServe},
		{"grade", "score answers: JSON lines in on stdin, JSON lines out", runGrade},
		{"report", "past sessions with per-turn scores (text, json, csv)", runReport},
		{"questions", "lint, list or draw the question bank", runQuestions},
		{"backup", "copy the database consistently while the bot runs", runBackup},
		{"healthcheck", "exit 0 when a running serve answers /healthz (for Docker)", runHealthcheck},
		{"version", "print the version", func(_ context.Context, _ []string, io IO) int {
			fmt.Fprintln(io.Out, "mockinterview", version)
			return 0
		}},
	}
}

// Run executes one command line and returns the exit status.
func Run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer, getenv Env) int {
	sio := IO{In: in, Out: out, Err: errw, Getenv: getenv}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(out)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], sio)
		}
	}
	fmt.Fprintf(errw, "mockinterview: unknown command %q (run mockinterview -h for the list)\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "mockinterview: staged mock technical interviews for backend developers.")
	fmt.Fprintln(w, "\nUsage: mockinterview COMMAND [flags]   (each command has -h)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
}

// parseFlags parses a command's flags. -h prints the help to stdout (exit 0); a bad
// flag gives one line on stderr (exit 2). It returns -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string, io IO, synopsis string) int {
	fs.SetOutput(io.Err)
	fs.Usage = func() {}
	var buf strings.Builder
	fs.SetOutput(&buf)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(io.Out, "Usage: mockinterview %s\n\n", synopsis)
		fs.SetOutput(io.Out)
		fs.PrintDefaults()
		return 0
	}
	if err != nil {
		fmt.Fprintf(io.Err, "mockinterview %s: %v (see -h)\n", fs.Name(), err)
		return 2
	}
	return -1
}

// envOr returns the variable's value, or def when it is unset or empty.
func envOr(get Env, name, def string) string {
	if get != nil {
		if v := strings.TrimSpace(get(name)); v != "" {
			return v
		}
	}
	return def
}
