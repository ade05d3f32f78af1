package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/llm"
)

// llmOptions are the LLM grader's settings on a command's FlagSet. Every flag defaults
// to empty and is resolved after parsing (flag, else environment, else default), so
// that -h never prints a key taken from the environment and an error can name the
// setting that was actually used.
type llmOptions struct {
	fs                              *flag.FlagSet
	baseURL, model, apiKey, timeout string
}

// addLLMFlags registers -openai-base-url, -openai-model, -openai-api-key and
// -llm-timeout.
func addLLMFlags(fs *flag.FlagSet) *llmOptions {
	f := &llmOptions{fs: fs}
	fs.StringVar(&f.baseURL, "openai-base-url", "", "OpenAI-compatible API for the LLM grader, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL; default OpenAI's)")
	fs.StringVar(&f.model, "openai-model", "", "model for the LLM grader (env OPENAI_MODEL; default "+llm.DefaultModel+")")
	fs.StringVar(&f.apiKey, "openai-api-key", "", "API key; setting one enables the LLM grader (env OPENAI_API_KEY, safer: flags show in ps)")
	fs.StringVar(&f.timeout, "llm-timeout", "", "time limit of one LLM grading, after which the keyword score stands (env LLM_TIMEOUT; default 20s)")
	return f
}

// config returns the LLM grader's configuration after the flags are parsed, or nil
// when no API key is set (keyword scoring only). Log lines go to errw.
func (f *llmOptions) config(get Env, errw io.Writer) (*llm.Config, error) {
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	pick := func(flagName, value, env string) (string, string) {
		if set[flagName] {
			return strings.TrimSpace(value), "-" + flagName
		}
		return envOr(get, env, ""), env
	}
	cfg := &llm.Config{}
	var from string
	if cfg.BaseURL, from = pick("openai-base-url", f.baseURL, "OPENAI_BASE_URL"); cfg.BaseURL != "" {
		if err := llm.CheckBaseURL(cfg.BaseURL); err != nil {
			return nil, fmt.Errorf("%s %q: %w", from, cfg.BaseURL, err)
		}
	}
	if timeout, from := pick("llm-timeout", f.timeout, "LLM_TIMEOUT"); timeout != "" {
		d, err := parseTimeout(timeout)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", from, timeout, err)
		}
		cfg.Timeout = d
	}
	cfg.Model, _ = pick("openai-model", f.model, "OPENAI_MODEL")
	// A malformed setting is reported even without a key: it is a mistake either way.
	if cfg.APIKey, _ = pick("openai-api-key", f.apiKey, "OPENAI_API_KEY"); cfg.APIKey == "" {
		return nil, nil
	}
	cfg.Logger = slog.New(slog.NewTextHandler(errw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return cfg, nil
}

// parseTimeout reads a Go duration ("20s", "1m30s") or a whole number of seconds.
func parseTimeout(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil {
		s = strconv.Itoa(n) + "s"
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errors.New("want a duration such as 20s or 1m")
	}
	if d <= 0 {
		return 0, errors.New("want a positive duration")
	}
	return d, nil
}

// llmScorer returns the LLM grader over the keyword scorer when cfg is set, else the
// keyword scorer.
func llmScorer(cfg *llm.Config, keyword interview.Scorer) (interview.Scorer, *llm.Scorer, error) {
	if cfg == nil {
		return keyword, nil, nil
	}
	s, err := llm.New(*cfg, keyword)
	if err != nil {
		return nil, nil, fmt.Errorf("LLM grader: %w", err)
	}
	return s, s, nil
}

// installLLM makes the engine grade with the model and write CV follow-ups with it,
// when cfg is set.
func installLLM(eng *interview.Engine, cfg *llm.Config) error {
	_, s, err := llmScorer(cfg, eng.Scorer)
	if err != nil || s == nil {
		return err
	}
	eng.Scorer, eng.FollowUps = s, s.FollowUps()
	return nil
}
