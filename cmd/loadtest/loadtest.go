package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// Config is what one run measures.
type Config struct {
	Candidates int           // simulated candidates, all starting at once
	Plan       string        // the plan each one starts
	Think      time.Duration // least time a candidate takes to answer a question
	WeakShare  float64       // share of weaker answers; the rest are model answers
	Seed       uint64        // makes the answers chosen reproducible
	Bin        string        // the mockinterview binary; "" builds one
	Timeout    time.Duration // the whole run
	Bare       bool          // also run the bare handler for comparison
	Fanout     int           // question-of-the-day channels; 0 skips the fan-out
	FanoutRTT  time.Duration // added to each fake Slack call in the fan-out
	SeedTurns  int           // turns stored in the database before serve starts
	Startups   int           // times serve is started to measure start-up (the last one takes the load)
	Dir        string        // working directory; "" for a temporary one
	JSON       bool
	Logger     *slog.Logger // progress; discarded when nil
}

// Main runs the load test: ParseFlags, Run, Write, Close.
type Main struct {
	Config Config

	dir     string
	tempDir bool
	cleanup []func()
}

// NewMain returns a Main with the defaults.
func NewMain() *Main {
	return &Main{Config: Config{Candidates: 200, Plan: "quick", Think: 2 * time.Second, WeakShare: 0.4, Seed: 1,
		Timeout: 10 * time.Minute, Bare: true, Fanout: 1000, Startups: 5}}
}

// ParseFlags reads the command line.
func (m *Main) ParseFlags(args []string) error {
	c := &m.Config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.IntVar(&c.Candidates, "n", c.Candidates, "simulated candidates, all starting at once")
	fs.StringVar(&c.Plan, "plan", c.Plan, "plan each candidate starts (quick, standard, full)")
	fs.DurationVar(&c.Think, "think", c.Think, "least time a candidate takes to answer (uniform between it and 1.5×); "+
		"below 2s the bot's per-channel pace of 1 message/s shows in turn latency")
	fs.Float64Var(&c.WeakShare, "weak", c.WeakShare, "share of weaker answers (partial or vague); the rest are model answers")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed for the choice of answers and think times")
	fs.StringVar(&c.Bin, "bin", c.Bin, "path of the mockinterview binary (default: go build it into a temporary directory)")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "bound on the whole run")
	fs.BoolVar(&c.Bare, "bare", c.Bare, "also drive a bare handler (verify, one SQLite insert, one reply) for comparison")
	fs.IntVar(&c.Fanout, "fanout", c.Fanout, "question-of-the-day channels firing in the same minute (0: skip)")
	fs.DurationVar(&c.FanoutRTT, "fanout-rtt", c.FanoutRTT, "round-trip time the fake Slack adds to each call in the fan-out (Slack's is ~100ms)")
	fs.IntVar(&c.SeedTurns, "seed-turns", c.SeedTurns, "turns to store in serve's database before it starts (start-up and RSS with history)")
	fs.IntVar(&c.Startups, "startups", c.Startups, "times serve is started to measure its start-up (median and slowest reported)")
	fs.StringVar(&c.Dir, "dir", c.Dir, "working directory for databases and logs (default: a temporary one, removed)")
	fs.BoolVar(&c.JSON, "json", c.JSON, "write the result as JSON")
	verbose := fs.Bool("v", false, "log progress to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *verbose {
		c.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return c.validate()
}

func (c *Config) validate() error {
	switch {
	case c.Candidates < 1 || c.Candidates > 5000:
		return fmt.Errorf("-n %d: want 1 to 5000 candidates", c.Candidates)
	case c.Fanout < 0 || c.Fanout > 100000:
		return fmt.Errorf("-fanout %d: want 0 to 100000 channels", c.Fanout)
	case c.Startups < 1 || c.Startups > 50:
		return fmt.Errorf("-startups %d: want 1 to 50", c.Startups)
	case c.SeedTurns < 0 || c.SeedTurns > 10_000_000:
		return fmt.Errorf("-seed-turns %d: want 0 to 10,000,000", c.SeedTurns)
	case c.WeakShare < 0 || c.WeakShare > 1:
		return fmt.Errorf("-weak %v: want a share between 0 and 1", c.WeakShare)
	case c.Timeout <= 0 || c.Think < 0 || c.FanoutRTT < 0:
		return errors.New("-timeout must be positive, -think and -fanout-rtt not negative")
	}
	if _, err := interview.DefaultPlans().Get(c.Plan); err != nil {
		return fmt.Errorf("-plan %q: %s", c.Plan, interview.ErrorMessage(err))
	}
	return nil
}

// Result is everything one run measured.
type Result struct {
	Machine Machine      `json:"machine"`
	Config  ConfigOut    `json:"config"`
	Bare    *Phase       `json:"bare,omitempty"`
	Bot     *Phase       `json:"bot"`
	Serve   *ServeStats  `json:"serve"`
	Ratios  *Ratios      `json:"ratios,omitempty"`
	Seed    *SeedResult  `json:"seed,omitempty"`
	Fanout  *FanoutStats `json:"fanout,omitempty"`
}

// ConfigOut is the run's configuration as reported.
type ConfigOut struct {
	Candidates int     `json:"candidates"`
	Plan       string  `json:"plan"`
	ThinkMS    float64 `json:"think_ms"`
	WeakShare  float64 `json:"weak_share"`
	Seed       uint64  `json:"seed"`
	SeedTurns  int     `json:"seed_turns"`
	Fanout     int     `json:"fanout"`
	FanoutRTT  float64 `json:"fanout_rtt_ms"`
}

// OK reports whether the run was correct: no errors, every answer recorded once,
// every channel posted once.
func (r *Result) OK() bool {
	for _, p := range []*Phase{r.Bare, r.Bot} {
		if p != nil && !p.OK() {
			return false
		}
	}
	return r.Bot != nil && (r.Fanout == nil || r.Fanout.OK())
}

func (m *Main) logger() *slog.Logger {
	if m.Config.Logger != nil {
		return m.Config.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Run runs the phases one after another: seed, bare handler, bot, fan-out.
func (m *Main) Run(ctx context.Context) (*Result, error) {
	c := m.Config
	if err := c.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	log := m.logger()
	if err := m.workDir(); err != nil {
		return nil, err
	}
	bank, err := questions.Load()
	if err != nil {
		return nil, err
	}
	res := &Result{Machine: describeMachine(), Config: ConfigOut{Candidates: c.Candidates, Plan: c.Plan, ThinkMS: ms(c.Think),
		WeakShare: c.WeakShare, Seed: c.Seed, SeedTurns: c.SeedTurns, Fanout: c.Fanout, FanoutRTT: ms(c.FanoutRTT)}}
	d := newDriver(c, bank)

	dbPath := filepath.Join(m.dir, "serve.db")
	if c.SeedTurns > 0 {
		log.Info("seeding", "turns", c.SeedTurns)
		if res.Seed, err = seedDatabase(ctx, dbPath, c.SeedTurns, max(1000, c.Candidates), bank); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	if c.Bare {
		log.Info("bare handler", "candidates", c.Candidates)
		if res.Bare, err = m.runBare(ctx, d, bank); err != nil {
			return res, fmt.Errorf("bare handler: %w", err)
		}
	}
	bin := c.Bin
	if bin == "" {
		log.Info("building mockinterview")
		if bin, err = buildBinary(ctx, m.dir); err != nil {
			return res, err
		}
	}
	log.Info("bot", "candidates", c.Candidates)
	if res.Bot, res.Serve, err = m.runBot(ctx, d, bin, dbPath); err != nil {
		return res, fmt.Errorf("bot: %w", err)
	}
	res.Serve.SeededTurns = c.SeedTurns
	if res.Bare != nil {
		res.Ratios = ratios(res.Bare, res.Bot)
	}
	if c.Fanout > 0 {
		log.Info("fan-out", "channels", c.Fanout)
		if res.Fanout, err = runFanout(ctx, filepath.Join(m.dir, "fanout.db"), c.Fanout, c.FanoutRTT, bank); err != nil {
			return res, fmt.Errorf("fan-out: %w", err)
		}
	}
	return res, ctx.Err()
}

func (m *Main) workDir() error {
	if m.Config.Dir != "" {
		m.dir = m.Config.Dir
		return os.MkdirAll(m.dir, 0o755)
	}
	dir, err := os.MkdirTemp("", "mockinterview-loadtest")
	if err != nil {
		return err
	}
	m.dir, m.tempDir = dir, true
	return nil
}

// Close removes a temporary working directory.
func (m *Main) Close() error {
	if m.tempDir {
		return os.RemoveAll(m.dir)
	}
	return nil
}

// Write prints the result as a table or, with -json, as JSON.
func (m *Main) Write(w io.Writer, r *Result) error {
	if m.Config.JSON {
		return writeJSON(w, r)
	}
	return writeTable(w, r)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
