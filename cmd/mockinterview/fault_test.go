package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/questions"
)

// faultRun drives many candidates through `serve` while Slack or the process
// misbehaves. Candidates behave as Slack does for them: a request that gets no 200
// (the process is down, or it refused to record it) is sent again with the same id.
type faultRun struct {
	t        *testing.T
	fs       *fakeslack.Server
	db       string
	env      []string
	byPrompt map[string]*questions.Question

	mu    sync.Mutex
	srv   *server
	acked map[string][]string // user → answers acknowledged with a 200, in order
}

func newFaultRun(t *testing.T, env ...string) *faultRun {
	r := &faultRun{t: t, fs: fakeslack.New(), db: filepath.Join(t.TempDir(), "fault.db"), env: env, byPrompt: bankByPrompt(t), acked: map[string][]string{}}
	t.Cleanup(r.fs.Close)
	r.fs.Fast(true)
	r.start()
	return r
}

func (r *faultRun) start() {
	s := startServe(r.t, r.db, r.fs, r.env...)
	r.mu.Lock()
	r.srv = s
	r.mu.Unlock()
}

func (r *faultRun) server() *server {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.srv
}

// send posts a signed request until it is acknowledged with a 200.
func (r *faultRun) send(ctx context.Context, path, contentType string, body []byte) error {
	for {
		s := r.server()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+s.addr+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		fakeslack.Sign(req.Header, testSecret, time.Now().Unix(), body)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// candidate plays a quick interview with model answers marked with its id.
func (r *faultRun) candidate(ctx context.Context, user string) error {
	form := url.Values{"team_id": {"T1"}, "user_id": {user}, "channel_id": {"C1"}, "command": {"/mock-interview"}, "text": {"start quick"},
		"trigger_id": {"fault-" + user}, "response_url": {r.fs.ResponseURL(user)}}
	if err := r.send(ctx, "/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode())); err != nil {
		return fmt.Errorf("%s start: %w", user, err)
	}
	dm := "D" + user
	for n := 1; n <= 12; n++ {
		prompt, done, err := r.waitQuestion(ctx, dm, n)
		if err != nil {
			return fmt.Errorf("%s question %d: %w", user, n, err)
		}
		if done {
			return nil
		}
		q := r.byPrompt[prompt]
		if q == nil {
			return fmt.Errorf("%s: question %q is not in the bank", user, prompt)
		}
		answer := fmt.Sprintf("[%s %d] %s", user, n, q.Reference)
		body := fakeslack.EventCallback("T1", fmt.Sprintf("Ev%s%d", user, n), fakeslack.DM(user, answer, r.fs.Now()))
		if err := r.send(ctx, "/slack/events", "application/json", body); err != nil {
			return fmt.Errorf("%s answer %d: %w", user, n, err)
		}
		r.mu.Lock()
		r.acked[user] = append(r.acked[user], answer)
		r.mu.Unlock()
	}
	return fmt.Errorf("%s: the interview did not end", user)
}

// waitQuestion waits for question n in the DM, or the report.
func (r *faultRun) waitQuestion(ctx context.Context, dm string, n int) (prompt string, done bool, err error) {
	prefix := "[" + strconv.Itoa(n) + "] "
	for from := 0; ; {
		calls, err := r.fs.WaitChannel(ctx, dm, from)
		if err != nil {
			return "", false, err
		}
		for _, c := range calls {
			if c.Method != "chat.postMessage" {
				continue
			}
			if strings.HasPrefix(c.Text, prefix) {
				return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(strings.TrimPrefix(c.Text, prefix)), false, nil
			}
			if strings.HasPrefix(c.Text, "Overall score") {
				return "", true, nil
			}
		}
		from += len(calls)
	}
}

// run plays n candidates at once; midway (after `after` answers were acknowledged)
// it calls disrupt, if any.
func (r *faultRun) run(n, after int, disrupt func()) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- r.candidate(ctx, fmt.Sprintf("U%03d", i)) }()
	}
	if disrupt != nil {
		for {
			r.mu.Lock()
			total := 0
			for _, a := range r.acked {
				total += len(a)
			}
			r.mu.Unlock()
			if total >= after || ctx.Err() != nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		disrupt()
	}
	for range n {
		if err := <-errs; err != nil {
			user, _, _ := strings.Cut(err.Error(), " ")
			var seen []string
			for _, c := range r.fs.ChannelCalls("D"+user, 0) {
				seen = append(seen, c.Method+": "+strings.SplitN(c.Text, "\n", 2)[0])
			}
			r.t.Fatalf("%v\n%s's DM:\n  %s\nlogs:\n%s", err, user, strings.Join(seen, "\n  "), tail(r.server().logs.String(), 30))
		}
	}
	r.check(n)
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// check: every acknowledged answer recorded exactly once and in order, every
// interview finished, no keyed message posted twice.
func (r *faultRun) check(n int) {
	t := r.t
	for i := range n {
		user := fmt.Sprintf("U%03d", i)
		ss := reportJSON(t, r.db, user)
		if len(ss) != 1 || ss[0].FinishedAt == nil {
			t.Fatalf("%s: sessions %+v; want one finished interview", user, ss)
		}
		var got []string
		for _, turn := range ss[0].Turns {
			got = append(got, turn.Answer)
		}
		want := r.acked[user]
		if strings.Join(got, "\n---\n") != strings.Join(want, "\n---\n") {
			t.Fatalf("%s: recorded %d answers, acknowledged %d; want the same, once each, in order", user, len(got), len(want))
		}
	}
	keys := map[string]int{}
	for _, c := range r.fs.Calls("chat.postMessage") {
		if k, ok := c.Metadata["event_payload"].(map[string]any)["key"].(string); ok {
			keys[k]++
		}
	}
	for k, c := range keys {
		if c > 1 {
			t.Fatalf("message %s posted %d times", k, c)
		}
	}
}

func TestFaultsOneReplyInFourAfterTheTimeout(t *testing.T) {
	r := newFaultRun(t, "SLACK_TIMEOUT=700ms")
	r.fs.FaultAfter("chat.postMessage", func(n int) fakeslack.Fault {
		if n%4 == 0 {
			return fakeslack.Fault{Delay: time.Second}
		}
		return fakeslack.Fault{}
	})
	r.run(20, 0, nil)
}

func TestFaultsConnectionClosedAfterSlackProcessed(t *testing.T) {
	r := newFaultRun(t)
	r.fs.FaultAfter("chat.postMessage", func(n int) fakeslack.Fault { return fakeslack.Fault{Drop: n%4 == 0} })
	r.run(20, 0, nil)
}

func TestFaultsEverySlackCallSlow(t *testing.T) {
	r := newFaultRun(t)
	r.fs.Delay(3 * time.Second)
	r.run(10, 0, nil)
}

func TestFaultsKillDuringFiftyInterviews(t *testing.T) {
	r := newFaultRun(t)
	r.fs.Delay(50 * time.Millisecond)
	r.run(50, 60, func() {
		s := r.server()
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.wait()
		r.start()
	})
}

func TestFaultsSIGTERMPastTheGrace(t *testing.T) {
	r := newFaultRun(t, "SHUTDOWN_GRACE=1s")
	r.fs.Delay(400 * time.Millisecond)
	r.run(50, 60, func() {
		s := r.server()
		s.cmd.Process.Signal(syscall.SIGTERM)
		s.wait()
		r.start()
	})
}
