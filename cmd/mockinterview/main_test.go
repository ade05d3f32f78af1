package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// binary is the real mockinterview command, built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mockinterview-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "mockinterview")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCmd runs the binary to completion with stdin and returns stdout, stderr and the
// exit code.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return runWithEnv(t, nil, stdin, args...)
}

// runWithEnv is runCmd with extra environment variables (testEnv strips the host's).
func runWithEnv(t *testing.T, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(testEnv(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// testEnv keeps the host's settings (a developer's OPENAI_API_KEY, say) out of tests.
func testEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "OPENAI_"), strings.HasPrefix(k, "SLACK_"), k == "DATABASE_PATH", k == "QUESTIONS_DIR", k == "LLM_TIMEOUT":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// candidate plays a practice session through the real binary's pipes: it reads each
// question as the terminal shows it and answers through the decide function.
type candidate struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	output strings.Builder
}

var questionLine = regexp.MustCompile(`^(?:> )?\[(\d+)/(\d+)\] (.+?) · (.+)$`)

func startCandidate(t *testing.T, args ...string) *candidate {
	t.Helper()
	return startCandidateEnv(t, nil, args...)
}

// startCandidateEnv starts the binary with extra environment variables.
func startCandidateEnv(t *testing.T, env []string, args ...string) *candidate {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(testEnv(), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &candidate{t: t, cmd: cmd, stdin: stdin, lines: make(chan string, 1024)}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			c.lines <- strings.TrimPrefix(sc.Text(), "> ")
		}
		close(c.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return c
}

// shown is one question as the terminal printed it.
type shown struct {
	n, total    int
	stage, text string
}

// until reads lines until one matches re (returning its submatches) or output ends.
func (c *candidate) until(re *regexp.Regexp) []string {
	c.t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				return nil
			}
			c.output.WriteString(line + "\n")
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case <-timeout:
			c.t.Fatalf("timed out waiting for %v; output so far:\n%s", re, c.output.String())
		}
	}
}

// say types an answer. An empty line ends an answer in the terminal protocol, so
// blank lines inside it (a model answer's code block) are dropped, as a person would.
func (c *candidate) say(text string) {
	c.t.Helper()
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if _, err := io.WriteString(c.stdin, strings.Join(lines, "\n")+"\n\n"); err != nil {
		c.t.Fatalf("write answer: %v", err)
	}
}

func (c *candidate) question() *shown {
	m := c.until(questionLine)
	if m == nil {
		return nil
	}
	var s shown
	fmt.Sscan(m[1], &s.n)
	fmt.Sscan(m[2], &s.total)
	s.stage, s.text = m[3], m[4]
	return &s
}

var scoreLine = regexp.MustCompile(`^Score: (\d+)/100$`)

func (c *candidate) score() int {
	c.t.Helper()
	m := c.until(scoreLine)
	if m == nil {
		c.t.Fatalf("no score; output:\n%s", c.output.String())
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}
