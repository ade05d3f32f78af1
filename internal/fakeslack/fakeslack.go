// Package fakeslack is a local stand-in for Slack's Web API, for tests and the load
// tool: an httptest server on 127.0.0.1 that records every call, answers the methods
// the bot uses, and can inject 429s, 5xx errors and Slack's per-channel pace.
// Nothing in it reaches Slack.
package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Call is one recorded Web API call (or response_url post).
type Call struct {
	Method  string // "chat.postMessage", ..., or "response_url"
	Channel string
	User    string
	Text    string // the text plus every block's text, for assertions
	TS      string
	Thread  string
	Params  map[string]any
	At      time.Time
	// Metadata is a posted message's metadata (event_type and event_payload), as
	// conversations.history returns it.
	Metadata map[string]any
}

// Server is the fake.
type Server struct {
	*httptest.Server

	mu        sync.Mutex
	calls     []Call
	notify    chan struct{}
	byChannel map[string][]int         // channel → indexes into calls
	wake      map[string]chan struct{} // channel → closed at its next call
	fast      bool
	delay     time.Duration
	conns     atomic.Int64
	inflight  atomic.Int64
	peak      atomic.Int64
	seq       int
	lastTS    int64            // microseconds of the last message timestamp handed out
	fail      map[string][]int // method → status codes to return, in order
	pace      time.Duration    // per-channel minimum interval for chat.postMessage; 0 off
	lastPost  map[string]time.Time
	Users     map[string]UserInfo // users.info answers
	Admins    map[string]bool
	after     map[string]func(n int) Fault // method → what happens after the n-th call (1-based) was processed
	count     map[string]int
}

// Fault is what the fake does after it has processed a call: answer only after
// Delay, or drop the connection without an answer. The call took effect either way,
// as when Slack shows a post the client never hears back about.
type Fault struct {
	Delay time.Duration
	Drop  bool
}

// FaultAfter makes every call of method go through fn, given the call's number
// (1-based) among that method's calls; nil removes it.
func (s *Server) FaultAfter(method string, fn func(n int) Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if fn == nil {
		delete(s.after, method)
		return
	}
	s.after[method] = fn
}

// UserInfo is what users.info returns for a user.
type UserInfo struct {
	TZ      string
	IsAdmin bool
}

// New starts a fake Slack on 127.0.0.1.
func New() *Server {
	s := &Server{notify: make(chan struct{}, 1), fail: map[string][]int{}, lastPost: map[string]time.Time{}, Users: map[string]UserInfo{},
		byChannel: map[string][]int{}, wake: map[string]chan struct{}{}, after: map[string]func(int) Fault{}, count: map[string]int{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	return s
}

// MaxConcurrent is the most Web API calls the fake was answering at once.
func (s *Server) MaxConcurrent() int { return int(s.peak.Load()) }

// Conns is how many connections clients opened to the fake: a client that keeps its
// connections alive opens few.
func (s *Server) Conns() int { return int(s.conns.Load()) }

// APIURL is the base URL to give the client (SLACK_API_URL).
func (s *Server) APIURL() string { return s.URL + "/api/" }

// ResponseURL is a response_url that records what is posted to it.
func (s *Server) ResponseURL(id string) string { return s.URL + "/response/" + id }

// FailNext makes the next calls of method answer with the given HTTP statuses (429
// answers carry Retry-After: 1).
func (s *Server) FailNext(method string, statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[method] = append(s.fail[method], statuses...)
}

// EnforcePace makes chat.postMessage answer 429 with Retry-After when one channel
// gets more than one post per interval, as Slack does.
func (s *Server) EnforcePace(d time.Duration) {
	s.mu.Lock()
	s.pace = d
	s.mu.Unlock()
}

// Fast makes the fake answer as fast as it can, for load tests: a call's Text is only
// the message's own text (block texts are not gathered) and Params are not kept.
func (s *Server) Fast(on bool) {
	s.mu.Lock()
	s.fast = on
	s.mu.Unlock()
}

// Delay makes every Web API call take at least d, like Slack's round trip.
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Calls returns a copy of the recorded calls, optionally of one method.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Wait blocks until cond holds over the recorded calls, or the timeout passes.
func (s *Server) Wait(timeout time.Duration, cond func([]Call) bool) bool {
	deadline := time.After(timeout)
	for {
		if cond(s.Calls("")) {
			return true
		}
		select {
		case <-s.notify:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			return cond(s.Calls(""))
		}
	}
}

// ChannelCalls returns the calls recorded for one channel, from the n-th (0-based) on.
func (s *Server) ChannelCalls(channel string, n int) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.channelCalls(channel, n)
}

func (s *Server) channelCalls(channel string, n int) []Call {
	idx := s.byChannel[channel]
	if n >= len(idx) {
		return nil
	}
	out := make([]Call, 0, len(idx)-n)
	for _, i := range idx[n:] {
		out = append(out, s.calls[i])
	}
	return out
}

// WaitChannel blocks until the channel has more than n recorded calls and returns
// those after the n-th, or returns ctx's error. Each channel has its own
// notification, so many waiters on different channels wake only for their own calls.
func (s *Server) WaitChannel(ctx context.Context, channel string, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		if out := s.channelCalls(channel, n); len(out) > 0 {
			s.mu.Unlock()
			return out, nil
		}
		w, ok := s.wake[channel]
		if !ok {
			w = make(chan struct{})
			s.wake[channel] = w
		}
		s.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	c.At = time.Now()
	s.calls = append(s.calls, c)
	if c.Channel != "" {
		s.byChannel[c.Channel] = append(s.byChannel[c.Channel], len(s.calls)-1)
		if w, ok := s.wake[c.Channel]; ok {
			close(w)
			delete(s.wake, c.Channel)
		}
	}
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	params := map[string]any{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(body, &params)
	} else {
		form, _ := url.ParseQuery(string(body))
		for k, v := range form {
			params[k] = v[0]
		}
	}
	if strings.HasPrefix(r.URL.Path, "/response/") {
		s.record(Call{Method: "response_url", Channel: strings.TrimPrefix(r.URL.Path, "/response/"), Text: textOf(params), Params: params})
		w.Write([]byte("ok"))
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	str := func(k string) string { v, _ := params[k].(string); return v }

	n := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	s.mu.Lock()
	delay := s.delay
	s.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}

	s.mu.Lock()
	fast := s.fast
	if codes := s.fail[method]; len(codes) > 0 {
		code := codes[0]
		s.fail[method] = codes[1:]
		s.mu.Unlock()
		s.record(Call{Method: method + ":" + fmt.Sprint(code), Channel: str("channel"), Params: params})
		if code == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(code)
		return
	}
	if method == "chat.postMessage" && s.pace > 0 {
		ch := str("channel")
		now := time.Now()
		if last, ok := s.lastPost[ch]; ok && now.Sub(last) < s.pace {
			s.mu.Unlock()
			s.record(Call{Method: method + ":429", Channel: ch, Params: params})
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		s.lastPost[ch] = now
	}
	s.seq++
	ts := s.stamp()
	users := s.Users
	s.count[method]++
	var fault Fault
	if fn := s.after[method]; fn != nil {
		fault = fn(s.count[method])
	}
	s.mu.Unlock()

	reply := map[string]any{"ok": true}
	c := Call{Method: method, Channel: str("channel"), User: str("user"), Thread: str("thread_ts"), Params: params}
	if fast {
		c.Text, c.Params = str("text"), nil
	} else {
		c.Text = textOf(params)
	}
	switch method {
	case "auth.test":
		reply["user_id"], reply["bot_id"], reply["team_id"], reply["user"] = "UBOT", "BBOT", "T1", "mockinterview"
	case "chat.postMessage":
		c.TS = ts
		reply["ts"], reply["channel"] = ts, c.Channel
		if m := str("metadata"); m != "" {
			json.Unmarshal([]byte(m), &c.Metadata)
		} else if m, ok := params["metadata"].(map[string]any); ok {
			c.Metadata = m
		}
	case "conversations.history":
		reply["messages"] = s.history(str("channel"), 50)
		reply["has_more"] = false
	case "chat.postEphemeral":
		c.TS = ts
		reply["message_ts"] = ts
	case "chat.update":
		c.TS = str("ts")
		reply["ts"], reply["channel"] = c.TS, c.Channel
	case "conversations.open":
		u := str("users")
		c.User = u
		reply["channel"] = map[string]any{"id": "D" + u}
	case "views.publish":
		c.User = str("user_id")
	case "users.info":
		info := users[c.User]
		tz := info.TZ
		if tz == "" {
			tz = "UTC"
		}
		reply["user"] = map[string]any{"id": c.User, "tz": tz, "is_admin": info.IsAdmin, "name": strings.ToLower(c.User)}
	default:
		reply = map[string]any{"ok": false, "error": "unknown_method"}
	}
	s.record(c)
	if fault.Delay > 0 {
		time.Sleep(fault.Delay)
	}
	if fault.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(reply)
}

// history returns a channel's messages posted through chat.postMessage, newest
// first, with their metadata, as conversations.history does.
func (s *Server) history(channel string, limit int) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	idx := s.byChannel[channel]
	for i := len(idx) - 1; i >= 0 && len(out) < limit; i-- {
		c := s.calls[idx[i]]
		if c.Method != "chat.postMessage" || c.Thread != "" {
			continue
		}
		m := map[string]any{"type": "message", "ts": c.TS, "text": c.Text, "bot_id": "BBOT"}
		if c.Metadata != nil {
			m["metadata"] = c.Metadata
		}
		out = append(out, m)
	}
	return out
}

// textOf gathers the text of a message and of its blocks (as JSON or form-encoded).
func textOf(params map[string]any) string {
	var parts []string
	if t, ok := params["text"].(string); ok && t != "" {
		parts = append(parts, t)
	}
	var blocks any = params["blocks"]
	if s, ok := blocks.(string); ok {
		json.Unmarshal([]byte(s), &blocks)
	}
	if v, ok := params["view"]; ok {
		if s, ok := v.(string); ok {
			var view any
			json.Unmarshal([]byte(s), &view)
			v = view
		}
		if m, ok := v.(map[string]any); ok {
			blocks = m["blocks"]
		}
	}
	collect(blocks, &parts)
	return strings.Join(parts, "\n")
}

func collect(v any, parts *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if t, ok := x["text"].(string); ok {
			*parts = append(*parts, t)
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			y := x[k]
			if k != "text" {
				collect(y, parts)
			} else if _, ok := y.(string); !ok {
				collect(y, parts)
			}
		}
	case []any:
		for _, y := range x {
			collect(y, parts)
		}
	}
}

// stamp returns a message timestamp as Slack makes them (seconds.microseconds of
// the current time), strictly increasing. Call with mu held.
func (s *Server) stamp() string {
	us := time.Now().UnixMicro()
	if us <= s.lastTS {
		us = s.lastTS + 1
	}
	s.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// Now returns a timestamp for a user's message sent now, on the same clock.
func (s *Server) Now() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stamp()
}
