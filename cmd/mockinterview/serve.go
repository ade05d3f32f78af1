package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/llm"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/store"
)

// Config is the validated configuration of `serve`.
type Config struct {
	DatabasePath  string
	BotToken      string
	SigningSecret string
	AppToken      string
	APIURL        string
	ListenAddr    string
	QuestionsDir  string
	Admins        []string
	LogLevel      string
	LogFormat     string
	Grace         time.Duration
	SlackTimeout  time.Duration // per Slack Web API call
	QOTDGrace     time.Duration // a missed question-of-the-day slot is posted late within it
	QOTDSummary   string        // weekly leaderboard spec in the schedule's zone; "" for none
	QOTDMinEvery  time.Duration // the shortest @every a channel may subscribe with
	LLM           *llm.Config   // nil: keyword scoring only
}

// Main runs `serve`: ParseFlags, then Run (which starts everything and returns),
// then Close (which stops it in reverse order within the grace period).
type Main struct {
	Config Config
	Out    io.Writer // logs
	Getenv Env

	Logger    *slog.Logger
	DB        *store.DB
	Bot       *bot.Bot
	Scheduler *bot.Scheduler
	listener  net.Listener
	server    *http.Server
	cancel    context.CancelFunc
	done      chan struct{}
}

// NewMain returns a Main reading the process environment and logging to stderr.
func NewMain() *Main { return &Main{Out: os.Stderr, Getenv: os.Getenv} }

// ParseFlags reads flags and environment (flags win) and validates them. The error
// is one line naming the setting.
func (m *Main) ParseFlags(args []string, sio IO) (int, error) {
	get := m.Getenv
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c := &m.Config
	dbPath := addDBFlag(fs, get, "SQLite database file")
	fs.StringVar(&c.BotToken, "slack-bot-token", envOr(get, "SLACK_BOT_TOKEN", ""), "bot token xoxb-… (env SLACK_BOT_TOKEN)")
	fs.StringVar(&c.SigningSecret, "slack-signing-secret", envOr(get, "SLACK_SIGNING_SECRET", ""), "signing secret for HTTP mode (env SLACK_SIGNING_SECRET)")
	fs.StringVar(&c.AppToken, "slack-app-token", envOr(get, "SLACK_APP_TOKEN", ""), "app-level token xapp-…: use Socket Mode (env SLACK_APP_TOKEN)")
	fs.StringVar(&c.APIURL, "slack-api-url", envOr(get, "SLACK_API_URL", bot.SlackAPIURL), "Slack Web API base URL (env SLACK_API_URL)")
	fs.StringVar(&c.ListenAddr, "listen", envOr(get, "LISTEN_ADDR", ":3000"), "HTTP listen address (env LISTEN_ADDR)")
	qdir := addQuestionsFlag(fs, get)
	admins := fs.String("admin-user-ids", envOr(get, "ADMIN_USER_IDS", ""), "comma-separated Slack user ids allowed to manage schedules (env ADMIN_USER_IDS)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(get, "LOG_LEVEL", "info"), "debug, info, warn or error (env LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", envOr(get, "LOG_FORMAT", "text"), "text or json (env LOG_FORMAT)")
	grace := fs.String("grace", envOr(get, "SHUTDOWN_GRACE", "25s"), "how long shutdown waits for work in hand (env SHUTDOWN_GRACE)")
	slackTimeout := fs.String("slack-timeout", envOr(get, "SLACK_TIMEOUT", "10s"), "how long one Slack Web API call may take before its outcome counts as unknown (env SLACK_TIMEOUT)")
	qotdGrace := fs.String("qotd-grace", envOr(get, "QOTD_GRACE", "2h"), "a question-of-the-day slot missed while down is posted late within this (env QOTD_GRACE)")
	fs.StringVar(&c.QOTDSummary, "qotd-summary", envOr(get, "QOTD_SUMMARY", "0 9 * * 1"), "weekly leaderboard post, 5-field cron in each schedule's zone, or off (env QOTD_SUMMARY)")
	minEvery := fs.String("qotd-min-every", envOr(get, "QOTD_MIN_EVERY", "1h"), "shortest @every interval a channel may subscribe with (env QOTD_MIN_EVERY)")
	llmOpts := addLLMFlags(fs)
	if code := parseFlags(fs, args, sio, "serve [flags]\n\nRuns the Slack bot and the question-of-the-day scheduler: HTTP (POST /slack/commands, /slack/events, /slack/interactions, GET /healthz, GET /metrics) and, with SLACK_APP_TOKEN, Socket Mode."); code >= 0 {
		return code, nil
	}
	if fs.NArg() > 0 {
		return 2, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.DatabasePath, c.QuestionsDir = *dbPath, *qdir
	for _, a := range strings.Split(*admins, ",") {
		if a = strings.TrimSpace(a); a != "" {
			c.Admins = append(c.Admins, a)
		}
	}
	d, err := time.ParseDuration(*grace)
	if err != nil || d < 0 {
		return 2, fmt.Errorf("SHUTDOWN_GRACE %q is not a duration (e.g. 25s)", *grace)
	}
	c.Grace = d
	if d, err = time.ParseDuration(*slackTimeout); err != nil || d <= 0 {
		return 2, fmt.Errorf("SLACK_TIMEOUT %q is not a positive duration (e.g. 10s)", *slackTimeout)
	}
	c.SlackTimeout = d
	if d, err = time.ParseDuration(*qotdGrace); err != nil || d < 0 {
		return 2, fmt.Errorf("QOTD_GRACE %q is not a duration (e.g. 2h)", *qotdGrace)
	}
	c.QOTDGrace = d
	if d, err = time.ParseDuration(*minEvery); err != nil || d <= 0 {
		return 2, fmt.Errorf("QOTD_MIN_EVERY %q is not a positive duration (e.g. 1h)", *minEvery)
	}
	c.QOTDMinEvery = d
	if strings.EqualFold(c.QOTDSummary, "off") {
		c.QOTDSummary = ""
	} else if err := bot.CheckSummary(c.QOTDSummary); err != nil {
		return 2, fmt.Errorf("QOTD_SUMMARY %q: %v", c.QOTDSummary, err)
	}
	if c.LLM, err = llmOpts.config(get, m.Out); err != nil {
		return 2, err
	}
	if err := c.Validate(); err != nil {
		return 2, err
	}
	return -1, nil
}

// Validate checks the configuration once, at start.
func (c *Config) Validate() error {
	switch {
	case c.BotToken == "":
		return errors.New("SLACK_BOT_TOKEN is required (a bot token starting with xoxb-)")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		return errors.New("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
	case c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-"):
		return errors.New("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
	case c.AppToken == "" && c.SigningSecret == "":
		return errors.New("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)")
	case c.DatabasePath == "":
		return errors.New("DATABASE_PATH must not be empty")
	}
	u, err := url.Parse(c.APIURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("SLACK_API_URL %q is not an http(s) URL", c.APIURL)
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		return fmt.Errorf("LISTEN_ADDR %q is not host:port (e.g. :3000)", c.ListenAddr)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("LOG_FORMAT %q: want text or json", c.LogFormat)
	}
	dir := filepath.Dir(c.DatabasePath)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("DATABASE_PATH %q: directory %s does not exist", c.DatabasePath, dir)
	}
	if c.QuestionsDir != "" {
		if fi, err := os.Stat(c.QuestionsDir); err != nil || !fi.IsDir() {
			return fmt.Errorf("QUESTIONS_DIR %q is not a directory", c.QuestionsDir)
		}
	}
	for _, a := range c.Admins {
		if !strings.HasPrefix(a, "U") && !strings.HasPrefix(a, "W") {
			return fmt.Errorf("ADMIN_USER_IDS: %q is not a Slack user id (U… or W…)", a)
		}
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(w io.Writer, level, format string) *slog.Logger {
	l, _ := parseLevel(level)
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Run opens the database, starts the bot and the HTTP listener (and Socket Mode when
// configured), and returns once they are serving.
func (m *Main) Run(ctx context.Context) error {
	c := m.Config
	m.Logger = newLogger(m.Out, c.LogLevel, c.LogFormat)
	bank, err := loadBank(c.QuestionsDir)
	if err != nil {
		return err
	}
	if m.DB, err = store.Open(ctx, c.DatabasePath); err != nil {
		return err
	}
	engine := interview.NewEngine(bank, m.DB, scoring.NewKeywordScorer(bank))
	if c.LLM != nil {
		c.LLM.Logger = m.Logger
		if err := installLLM(engine, c.LLM); err != nil {
			return err
		}
	}
	db := m.DB
	metrics := bot.NewMetricsWithDB(func() float64 {
		n, _ := db.ActiveSessions(context.Background())
		return float64(n)
	}, func() float64 { return float64(db.WALSize()) })
	engine.Scorer = metrics.Instrument(engine.Scorer)
	api := bot.NewSlackClient(c.BotToken, c.AppToken, c.APIURL)
	stores := bot.Stores{Inbox: db, Outbox: db, Users: db, Stats: db, Schedules: db, Health: db}
	m.Bot = bot.New(engine, stores, api, m.Logger)
	m.Bot.Metrics = metrics
	m.Bot.Sender.Metrics = metrics
	m.Bot.Sender.Timeout = c.SlackTimeout
	m.Bot.SigningSecret = c.SigningSecret
	for _, a := range c.Admins {
		m.Bot.Admins[a] = true
	}
	m.Bot.ResponseHosts = bot.ResponseHostsFor(c.APIURL)
	// Everything is wired before anything starts: a delivery replayed by Start finds
	// the question of the day in place.
	m.Scheduler = m.Bot.WithQOTD(&interview.QOTD{Bank: bank, Scorer: engine.Scorer, Store: db}, db)
	m.Scheduler.Slots.Grace, m.Scheduler.Summary, m.Scheduler.MinEvery = c.QOTDGrace, c.QOTDSummary, c.QOTDMinEvery
	if err := m.Bot.Start(ctx); err != nil {
		return fmt.Errorf("start bot: %w", err)
	}
	if err := m.Scheduler.Start(ctx); err != nil {
		return fmt.Errorf("start question-of-the-day scheduler: %w", err)
	}
	if m.listener, err = net.Listen("tcp", c.ListenAddr); err != nil {
		return fmt.Errorf("LISTEN_ADDR %s: %w", c.ListenAddr, err)
	}
	m.server = &http.Server{Handler: m.Bot.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := m.server.Serve(m.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("http server", "err", err)
		}
	}()
	m.done = make(chan struct{})
	if c.AppToken != "" {
		sctx, cancel := context.WithCancel(context.Background())
		m.cancel = cancel
		go func() {
			defer close(m.done)
			if err := m.Bot.RunSocketMode(sctx, api); err != nil {
				m.Logger.Error("socket mode", "err", err)
			}
		}()
	} else {
		close(m.done)
	}
	m.Logger.Info("serving", "addr", m.listener.Addr().String(), "socket_mode", c.AppToken != "", "questions", bank.Len())
	return nil
}

// Addr is the address the HTTP listener is bound to.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// Close stops taking requests, lets work in hand finish within the grace period,
// and closes the database.
func (m *Main) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), m.Config.Grace)
	defer cancel()
	var errs []error
	if m.server != nil {
		errs = append(errs, m.server.Shutdown(ctx))
	}
	if m.cancel != nil {
		m.cancel()
		<-m.done
	}
	if m.Scheduler != nil {
		m.Scheduler.Stop(ctx)
	}
	if m.Bot != nil {
		errs = append(errs, m.Bot.Close(ctx))
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	if m.Logger != nil {
		m.Logger.Info("stopped")
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, args []string, sio IO) int {
	m := NewMain()
	m.Getenv, m.Out = sio.Getenv, sio.Err
	code, err := m.ParseFlags(args, sio)
	if err != nil {
		fmt.Fprintf(sio.Err, "mockinterview serve: %v\n", err)
		return code
	}
	if code >= 0 {
		return code
	}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintf(sio.Err, "mockinterview serve: %v\n", err)
		m.Close()
		return 1
	}
	<-ctx.Done()
	if err := m.Close(); err != nil {
		fmt.Fprintf(sio.Err, "mockinterview serve: shutdown: %v\n", err)
		return 1
	}
	return 0
}
