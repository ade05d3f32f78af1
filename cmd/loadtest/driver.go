package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// maxQuestions bounds one candidate's interview: a run never loops for ever on a bot
// that keeps asking.
const maxQuestions = 40

// teamID is the workspace every candidate belongs to.
const teamID = "T1"

// driver plays the candidates against one target.
type driver struct {
	cfg      Config
	secret   string
	byPrompt map[string]*questions.Question
	bank     *questions.Bank
	client   *http.Client
}

func newDriver(c Config, bank *questions.Bank) *driver {
	d := &driver{cfg: c, secret: "loadtest-signing-secret", byPrompt: map[string]*questions.Question{}, bank: bank}
	for _, q := range bank.Questions() {
		d.byPrompt[q.Prompt] = q
	}
	// One kept-alive connection per candidate, as Slack's deliveries would use.
	d.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: c.Candidates + 16, MaxIdleConnsPerHost: c.Candidates + 16, IdleConnTimeout: time.Minute}}
	return d
}

// planLength is how many questions the bare handler asks: the plan's length over the
// bank (without CV follow-ups; the candidates have no CV), so both targets take the
// same number of answers.
func (d *driver) planLength() int {
	plan, err := interview.DefaultPlans().Get(d.cfg.Plan)
	if err != nil {
		return 5
	}
	n := 0
	for _, key := range plan.Stages {
		if st := d.bank.Stage(key); st != nil {
			n += min(plan.PerStage, len(st.Questions))
		}
	}
	return max(n, 1)
}

// candidate is one simulated person.
type candidate struct {
	user  string
	rng   *rand.Rand
	sent  []string // answers as the bot should record them, in order
	acks  []time.Duration
	cmds  []time.Duration // the acknowledgement of the slash command alone
	turns []time.Duration
	start time.Duration // command sent → first question posted
	done  bool
	errs  []string
}

func (c *candidate) fail(format string, a ...any) { c.errs = append(c.errs, fmt.Sprintf(format, a...)) }

// run starts every candidate at once and waits for all of them.
func (d *driver) run(ctx context.Context, name, base string, fs *fakeslack.Server) *Phase {
	cs := make([]*candidate, d.cfg.Candidates)
	var wg sync.WaitGroup
	began := time.Now()
	for i := range cs {
		cs[i] = &candidate{user: fmt.Sprintf("U%05d", i), rng: rand.New(rand.NewPCG(d.cfg.Seed, uint64(i)))}
		wg.Add(1)
		go func(c *candidate) {
			defer wg.Done()
			d.play(ctx, base, fs, c)
		}(cs[i])
	}
	wg.Wait()
	return summarize(name, cs, time.Since(began))
}

// play runs one interview: the slash command, then an answer to each question once it
// is posted in the DM, until the report arrives.
func (d *driver) play(ctx context.Context, base string, fs *fakeslack.Server, c *candidate) {
	dm := "D" + c.user
	sentAt := time.Now()
	if !d.command(ctx, base, c, "start "+d.cfg.Plan) {
		return
	}
	seen, asked := 0, 0
	for asked <= maxQuestions {
		calls, err := fs.WaitChannel(ctx, dm, seen)
		if err != nil {
			c.fail("no question %d or report before the timeout", asked+1)
			return
		}
		seen += len(calls)
		for _, call := range calls {
			if call.Method != "chat.postMessage" {
				continue // a 429 or an ephemeral note
			}
			n, prompt, isQuestion := parseQuestion(call.Text)
			switch {
			case strings.Contains(call.Text, "Overall score:"):
				c.turns = append(c.turns, call.At.Sub(sentAt))
				c.done = true
				return
			case isQuestion && n == asked+1:
				if n == 1 {
					c.start = call.At.Sub(sentAt)
				} else {
					c.turns = append(c.turns, call.At.Sub(sentAt))
				}
				asked = n
				if !d.think(ctx, c) {
					c.fail("stopped while thinking about question %d", n)
					return
				}
				answer := d.answer(c, prompt)
				sentAt = time.Now()
				if !d.message(ctx, base, fs, c, dm, answer) {
					return
				}
				c.sent = append(c.sent, strings.TrimSpace(answer))
			case isQuestion:
				c.fail("question %d posted when question %d was expected", n, asked+1)
			case strings.Contains(call.Text, "did not record"), strings.HasPrefix(call.Text, "Sorry"), strings.Contains(call.Text, "no interview running"):
				c.fail("bot said: %.80s", call.Text)
			}
		}
	}
	c.fail("more than %d questions", maxQuestions)
}

// parseQuestion reads a question post's text, "[N] prompt".
func parseQuestion(text string) (int, string, bool) {
	if !strings.HasPrefix(text, "[") {
		return 0, "", false
	}
	num, prompt, ok := strings.Cut(text[1:], "] ")
	n, err := strconv.Atoi(num)
	return n, prompt, ok && err == nil && n > 0
}

func (d *driver) think(ctx context.Context, c *candidate) bool {
	if d.cfg.Think <= 0 {
		return ctx.Err() == nil
	}
	wait := d.cfg.Think + time.Duration(c.rng.Int64N(int64(d.cfg.Think)/2+1))
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// answer chooses the candidate's answer: the model answer, or (WeakShare of the time)
// a partial one (its first sentence) or a vague one.
func (d *driver) answer(c *candidate, prompt string) string {
	q := d.byPrompt[prompt]
	if q == nil {
		return "In that project I split the work into small services, measured the slow parts first and added caching where it paid off."
	}
	if c.rng.Float64() >= d.cfg.WeakShare {
		return q.Reference
	}
	if c.rng.IntN(2) == 0 {
		first, _, _ := strings.Cut(q.Reference, ". ")
		return first
	}
	return "I think it depends on the situation; I would read the documentation, try it out and pick the simplest option that works."
}

var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func (d *driver) command(ctx context.Context, base string, c *candidate, text string) bool {
	form := url.Values{"team_id": {teamID}, "user_id": {c.user}, "user_name": {strings.ToLower(c.user)}, "channel_id": {"C0LOAD"},
		"command": {"/mock-interview"}, "text": {text}, "trigger_id": {fmt.Sprintf("load.%s.%d", c.user, time.Now().UnixNano())},
		"api_app_id": {"A0LOAD"}}
	ok := d.post(ctx, base+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), c)
	if len(c.acks) > 0 {
		c.cmds = append(c.cmds, c.acks[len(c.acks)-1])
	}
	return ok
}

// message sends a DM event as Slack would: text escaped, ts from the fake's clock, so
// the bot sees it was written after the question was posted.
func (d *driver) message(ctx context.Context, base string, fs *fakeslack.Server, c *candidate, dm, text string) bool {
	ts := fs.Now()
	body, _ := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": teamID, "api_app_id": "A0LOAD", "event_id": "Ev" + strings.ReplaceAll(ts, ".", "") + c.user,
		"event_time": time.Now().Unix(),
		"event": map[string]any{"type": "message", "user": c.user, "channel": dm, "channel_type": "im",
			"text": slackEscaper.Replace(text), "ts": ts, "event_ts": ts},
	})
	return d.post(ctx, base+"/slack/events", "application/json", body, c)
}

// post sends one signed request and records its acknowledgement time.
func (d *driver) post(ctx context.Context, target, contentType string, body []byte, c *candidate) bool {
	ts := time.Now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		c.fail("request: %v", err)
		return false
	}
	req.Header.Set("Content-Type", contentType)
	fakeslack.Sign(req.Header, d.secret, ts, body)
	start := time.Now()
	resp, err := d.client.Do(req)
	if err != nil {
		c.fail("%s: %v", req.URL.Path, err)
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	c.acks = append(c.acks, time.Since(start))
	if resp.StatusCode != http.StatusOK {
		c.fail("%s: HTTP %d", req.URL.Path, resp.StatusCode)
		return false
	}
	return true
}
