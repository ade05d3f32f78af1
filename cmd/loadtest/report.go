package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Latency is a distribution in milliseconds.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

func latency(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	// Nearest rank: the smallest value with at least p of the samples at or below it.
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return Latency{N: len(s), P50: ms(rank(0.50)), P99: ms(rank(0.99)), Max: ms(s[len(s)-1])}
}

// Phase is one target driven by the candidates.
type Phase struct {
	Name          string   `json:"name"`
	Candidates    int      `json:"candidates"`
	Finished      int      `json:"finished"` // candidates who got to the end (report)
	AnswersSent   int      `json:"answers_sent"`
	Recorded      int      `json:"answers_recorded"`
	Missing       int      `json:"answers_missing"`    // sent but not stored
	Extra         int      `json:"answers_extra"`      // stored more than once, or never sent
	Mismatched    int      `json:"answers_mismatched"` // stored with other text or order
	Errors        int      `json:"errors"`
	ErrorSamples  []string `json:"error_samples,omitempty"`
	Ack           Latency  `json:"ack"`
	AckCommand    Latency  `json:"ack_command"` // the slash commands alone, all sent at once
	AckAnswer     Latency  `json:"ack_answer"`  // the DM answers alone
	Turn          Latency  `json:"turn"`
	Start         Latency  `json:"start"` // slash command → first question
	DurationS     float64  `json:"duration_s"`
	AnswersPerSec float64  `json:"answers_per_second"`
	SlackConns    int      `json:"slack_connections"` // connections the target opened to the fake Slack

	sent map[string][]string
}

// OK reports whether the phase was correct.
func (p *Phase) OK() bool {
	return p.Errors == 0 && p.Missing == 0 && p.Extra == 0 && p.Mismatched == 0 && p.Finished == p.Candidates &&
		p.Recorded == p.AnswersSent
}

func (p *Phase) addError(msg string) {
	p.Errors++
	if len(p.ErrorSamples) < 10 {
		p.ErrorSamples = append(p.ErrorSamples, msg)
	}
}

func summarize(name string, cs []*candidate, took time.Duration) *Phase {
	p := &Phase{Name: name, Candidates: len(cs), DurationS: took.Seconds(), sent: map[string][]string{}}
	var acks, cmds, turns, starts []time.Duration
	for _, c := range cs {
		acks = append(acks, c.acks...)
		cmds = append(cmds, c.cmds...)
		turns = append(turns, c.turns...)
		if c.start > 0 {
			starts = append(starts, c.start)
		}
		p.AnswersSent += len(c.sent)
		p.sent[c.user] = c.sent
		if c.done {
			p.Finished++
		}
		for _, e := range c.errs {
			p.addError(c.user + ": " + e)
		}
	}
	p.Ack, p.Turn, p.Start, p.AckCommand = latency(acks), latency(turns), latency(starts), latency(cmds)
	var answers []time.Duration
	for _, c := range cs {
		answers = append(answers, c.acks[min(len(c.cmds), len(c.acks)):]...)
	}
	p.AckAnswer = latency(answers)
	if took > 0 {
		p.AnswersPerSec = float64(p.AnswersSent) / took.Seconds()
	}
	return p
}

// check compares what each candidate sent with what the target stored.
func (p *Phase) check(recorded map[string][]string) {
	for user, got := range recorded {
		want := p.sent[user]
		p.Recorded += len(got)
		if len(got) > len(want) {
			p.Extra += len(got) - len(want)
		}
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				p.Mismatched++
			}
		}
	}
	for user, want := range p.sent {
		if got := recorded[user]; len(want) > len(got) {
			p.Missing += len(want) - len(got)
		}
	}
}

// Ratios compare the bot with the bare handler of the same run.
type Ratios struct {
	TurnP50 float64 `json:"turn_p50"`
	TurnP99 float64 `json:"turn_p99"`
	AckP99  float64 `json:"ack_p99"`
}

func ratios(bare, bot *Phase) *Ratios {
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	return &Ratios{TurnP50: div(bot.Turn.P50, bare.Turn.P50), TurnP99: div(bot.Turn.P99, bare.Turn.P99), AckP99: div(bot.Ack.P99, bare.Ack.P99)}
}

// Machine describes where the run happened.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
}

func describeMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

func writeJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func writeTable(w io.Writer, r *Result) error {
	c := r.Config
	fmt.Fprintf(w, "machine: %d CPUs, %s, %s %s\n", r.Machine.CPUs, r.Machine.CPUModel, r.Machine.GoVersion, r.Machine.OS)
	fmt.Fprintf(w, "load: %d candidates, plan %s, think %.0f–%.0f ms, %.0f%% weaker answers, seed %d\n\n",
		c.Candidates, c.Plan, c.ThinkMS, c.ThinkMS*1.5, c.WeakShare*100, c.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tack p50\tack p99\tturn p50\tturn p99\tturn max\tstart p50\tanswers/s\tsent\trecorded\terrors\tfinished\t")
	for _, p := range []*Phase{r.Bare, r.Bot} {
		if p == nil {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.1f ms\t%.1f ms\t%.1f ms\t%.1f ms\t%.1f ms\t%.1f ms\t%.1f\t%d\t%d\t%d\t%d/%d\t\n", p.Name, p.Ack.P50, p.Ack.P99,
			p.Turn.P50, p.Turn.P99, p.Turn.Max, p.Start.P50, p.AnswersPerSec, p.AnswersSent, p.Recorded, p.Errors, p.Finished, p.Candidates)
	}
	if q := r.Ratios; q != nil {
		fmt.Fprintf(tw, "bot/bare\t\t%.2f×\t%.2f×\t%.2f×\t\t\t\t\t\t\t\t\n", q.AckP99, q.TurnP50, q.TurnP99)
	}
	tw.Flush()
	if s := r.Serve; s != nil {
		fmt.Fprintf(w, "\nserve: start-up %.0f ms (slowest of %d: %.0f ms; %d stored turns) · CPU %.2f ms/answer (%.2f s, %.0f%% kernel) · peak RSS %.1f MB (%.1f MB at start) · %d logged errors\n",
			s.StartupMS, s.Startups, s.StartupMaxMS, s.SeededTurns, s.CPUPerAnswerMS, s.CPUSeconds, 100*s.SysShare, s.PeakRSSMB, s.RSSAtStartMB, s.LogErrors)
	}
	if s := r.Seed; s != nil {
		fmt.Fprintf(w, "seed: %d turns in %d sessions of %d users, %.1f MB, in %.1f s\n", s.Turns, s.Sessions, s.Users, s.SizeMB, s.Seconds)
	}
	if f := r.Fanout; f != nil {
		fmt.Fprintf(w, "fan-out: %d channels, %d posted once, %d missing, %d twice or more, %d 429s, %.0f ms (concurrency %d, fake RTT %.0f ms), fired by %d schedulers at once\n",
			f.Channels, f.PostedOnce, f.Missing, f.Duplicated, f.RateLimited, f.DurationMS, f.Concurrency, f.RTTMS, f.Schedulers)
	}
	for _, p := range []*Phase{r.Bare, r.Bot} {
		if p == nil {
			continue
		}
		if p.Missing+p.Extra+p.Mismatched > 0 {
			fmt.Fprintf(w, "%s: %d answers missing, %d extra, %d mismatched\n", p.Name, p.Missing, p.Extra, p.Mismatched)
		}
		for _, e := range p.ErrorSamples {
			fmt.Fprintf(w, "%s error: %s\n", p.Name, e)
		}
	}
	verdict := "OK"
	if !r.OK() {
		verdict = "FAILED"
	}
	_, err := fmt.Fprintf(w, "correctness: %s\n", verdict)
	return err
}
