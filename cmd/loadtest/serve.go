package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/store"
)

// ServeStats is what the serve process cost.
type ServeStats struct {
	StartupMS      float64 `json:"startup_ms"`     // exec to the first 200 from /healthz, median of the start-ups
	StartupMaxMS   float64 `json:"startup_max_ms"` // the slowest of them
	Startups       int     `json:"startups"`
	CPUSeconds     float64 `json:"cpu_seconds"`
	CPUPerAnswerMS float64 `json:"cpu_per_answer_ms"` // user+sys over the candidates' run / answers sent
	SysShare       float64 `json:"cpu_sys_share"`     // of that, the kernel's share (network, futexes)
	RSSAtStartMB   float64 `json:"rss_at_start_mb"`
	PeakRSSMB      float64 `json:"peak_rss_mb"` // VmHWM
	SeededTurns    int     `json:"seeded_turns"`
	LogErrors      int     `json:"log_errors"`
}

// buildBinary builds mockinterview into dir.
func buildBinary(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "mockinterview")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/mockinterview/mockinterview/cmd/mockinterview")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build mockinterview (run inside the module, or pass -bin): %v\n%s", err, out)
	}
	return bin, nil
}

// serveProc is `mockinterview serve` running as a child process.
type serveProc struct {
	cmd     *exec.Cmd
	addr    string
	logPath string
	logFile *os.File
	startup time.Duration
	exited  chan error
}

// freeAddr returns a free 127.0.0.1 port.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// cleanEnv keeps the host's settings (an OPENAI_API_KEY that would switch the grader
// to an LLM, a SLACK_ token) out of the measured process.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "OPENAI_"), strings.HasPrefix(k, "SLACK_"), strings.HasPrefix(k, "QOTD_"),
			k == "DATABASE_PATH", k == "QUESTIONS_DIR", k == "LLM_TIMEOUT", k == "LISTEN_ADDR", k == "ADMIN_USER_IDS",
			strings.HasPrefix(k, "LOG_"), k == "SHUTDOWN_GRACE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

func startServe(ctx context.Context, bin, dbPath, apiURL, secret, dir string) (*serveProc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p := &serveProc{addr: addr, logPath: filepath.Join(dir, "serve.log"), exited: make(chan error, 1)}
	if p.logFile, err = os.Create(p.logPath); err != nil {
		return nil, err
	}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = append(cleanEnv(), "SLACK_BOT_TOKEN=xoxb-loadtest", "SLACK_SIGNING_SECRET="+secret, "SLACK_API_URL="+apiURL,
		"LISTEN_ADDR="+addr, "DATABASE_PATH="+dbPath, "LOG_FORMAT=json", "LOG_LEVEL=info")
	p.cmd.Stdout, p.cmd.Stderr = p.logFile, p.logFile
	began := time.Now()
	if err := p.cmd.Start(); err != nil {
		p.logFile.Close()
		return nil, err
	}
	go func() { p.exited <- p.cmd.Wait() }()
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(p.URL() + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.startup = time.Since(began)
				return p, nil
			}
		}
		select {
		case err := <-p.exited:
			p.exited <- err
			return nil, fmt.Errorf("serve exited before serving (%v); log %s:\n%s", err, p.logPath, tail(p.logPath, 20))
		case <-ctx.Done():
			p.kill()
			return nil, fmt.Errorf("serve did not become healthy: %w", ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// URL is serve's base URL.
func (p *serveProc) URL() string { return "http://" + p.addr }

// stop sends SIGTERM and waits up to grace for a clean exit.
func (p *serveProc) stop(grace time.Duration) error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case err := <-p.exited:
		p.exited <- err
		p.logFile.Close()
		return err
	case <-time.After(grace):
		p.kill()
		return errors.New("no exit within the grace period after SIGTERM")
	}
}

// kill ends the process if it still runs.
func (p *serveProc) kill() {
	select {
	case err := <-p.exited:
		p.exited <- err
	default:
		p.cmd.Process.Kill()
		p.exited <- <-p.exited
	}
	p.logFile.Close()
}

// clockTick is the unit of utime and stime in /proc/PID/stat (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// cpu is the process's user+system CPU time so far.
func (p *serveProc) cpu() (time.Duration, error) {
	u, s, err := p.cpuSplit()
	return u + s, err
}

// cpuSplit is the process's user and system CPU time so far.
func (p *serveProc) cpuSplit() (user, sys time.Duration, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0, fmt.Errorf("CPU time of serve: %w", err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, 0, fmt.Errorf("CPU time of serve: short /proc stat %q", s)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14 of stat(5)
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("CPU time of serve: %q", s)
	}
	return time.Duration(utime) * clockTick, time.Duration(stime) * clockTick, nil
}

func (p *serveProc) status(field string) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, p.cmd.Process.Pid)
}

// peakRSSMB is the process's peak resident set (VmHWM) in MiB.
func (p *serveProc) peakRSSMB() (float64, error) { return p.status("VmHWM") }

// rssMB is the process's resident set now (VmRSS) in MiB.
func (p *serveProc) rssMB() (float64, error) { return p.status("VmRSS") }

// logErrors returns serve's logged errors and warnings.
func logErrors(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); strings.Contains(l, `"level":"ERROR"`) || strings.Contains(l, `"level":"WARN"`) {
			out = append(out, l)
		}
	}
	return out
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// maxSessionID is the newest session in the database before the run (0 if none).
func maxSessionID(ctx context.Context, path string) (int64, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	newest, err := db.Sessions(ctx, store.SessionFilter{Limit: 1})
	if err != nil || len(newest) == 0 {
		return 0, err
	}
	return newest[0].ID, nil
}

// recordedAnswers reads, through the store, the answers serve stored in sessions
// newer than after: per Slack user, in order. serve has stopped by then.
func recordedAnswers(ctx context.Context, path string, after int64) (map[string][]string, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	sessions, err := db.Sessions(ctx, store.SessionFilter{Source: interview.SourceSlack})
	if err != nil {
		return nil, fmt.Errorf("recorded answers: %w", err)
	}
	out := map[string][]string{}
	for i := len(sessions) - 1; i >= 0; i-- { // oldest first
		s := sessions[i]
		if s.ID <= after {
			continue
		}
		turns, err := db.Turns(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("recorded answers: %w", err)
		}
		for _, t := range turns {
			out[s.User] = append(out[s.User], t.Answer)
		}
	}
	return out, nil
}
