package bot_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLockedDatabaseStillAcksInTime: while another connection holds the database's
// write lock for 10 s, every acknowledgement comes back within 2.5 s: an event is
// refused with a 5xx so Slack retries it, a command says to send it again, and
// /healthz reports the database unhealthy. Once the lock is gone the retried event
// is recorded and handled.
func TestLockedDatabaseStillAcksInTime(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("U1", "start quick"), http.StatusOK)
	h.idle()

	other, err := sql.Open("sqlite3", "file:"+h.path+"?_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	released := time.AfterFunc(10*time.Second, func() { conn.ExecContext(context.Background(), "ROLLBACK"); conn.Close() })
	defer released.Stop()

	body := eventBody("EvLocked", "U1", "an answer written while the database was locked", h.slack.Now())
	start := time.Now()
	resp := h.postSigned("/slack/events", "application/json", body, time.Now().Unix(), secret)
	resp.Body.Close()
	if took := time.Since(start); took > 2500*time.Millisecond {
		t.Fatalf("event acknowledged after %v; want within 2.5 s", took)
	}
	if resp.StatusCode < 500 {
		t.Fatalf("event status %d while the database is locked; want a 5xx so Slack retries", resp.StatusCode)
	}

	start = time.Now()
	resp = h.command("U1", "hint")
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if took := time.Since(start); took > 2500*time.Millisecond || !strings.Contains(string(reply), "send it again") {
		t.Fatalf("command answered after %v with %q; want within 2.5 s, asking to send it again", time.Since(start), reply)
	}

	start = time.Now()
	hr, err := http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	hr.Body.Close()
	if hr.StatusCode != http.StatusServiceUnavailable || time.Since(start) > 5*time.Second {
		t.Fatalf("/healthz %d after %v while locked; want 503 within a few seconds", hr.StatusCode, time.Since(start))
	}

	released.Stop()
	conn.ExecContext(context.Background(), "ROLLBACK")
	conn.Close()
	// Slack retries the event.
	resp = h.postSigned("/slack/events", "application/json", body, time.Now().Unix(), secret, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error")
	resp.Body.Close()
	status(t, resp, http.StatusOK)
	h.idle()
	if _, turns := h.session("U1"); len(turns) != 1 || !strings.Contains(turns[0].Answer, "while the database was locked") {
		t.Fatalf("turns %+v; want the retried answer recorded once", turns)
	}
}
