package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
)

// runDeployCmd runs the binary with extra environment variables and returns stdout,
// stderr and the exit code.
func runDeployCmd(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	return runWithEnv(t, env, "", args...)
}

func TestHealthURL(t *testing.T) {
	tests := []struct {
		addr, want string
		wantErr    bool
	}{
		{addr: ":3000", want: "http://127.0.0.1:3000/healthz"},
		{addr: "0.0.0.0:8080", want: "http://127.0.0.1:8080/healthz"},
		{addr: "[::]:3000", want: "http://127.0.0.1:3000/healthz"},
		{addr: "127.0.0.1:4000", want: "http://127.0.0.1:4000/healthz"},
		{addr: "localhost:3000", want: "http://localhost:3000/healthz"},
		{addr: "[::1]:3000", want: "http://[::1]:3000/healthz"},
		{addr: "10.1.2.3:3000", want: "http://10.1.2.3:3000/healthz"},
		{addr: "3000", wantErr: true},
		{addr: "host:", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			got, err := healthURL(tt.addr)
			if (err != nil) != tt.wantErr {
				t.Fatalf("healthURL(%q) error %v; want error %v", tt.addr, err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("healthURL(%q) = %q; want %q", tt.addr, got, tt.want)
			}
		})
	}
}

// TestHealthcheckCommand runs `mockinterview healthcheck` against httptest servers.
func TestHealthcheckCommand(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/healthz" {
			http.Error(w, "wrong request "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer healthy.Close()
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // answers only when the client gives up
	}))
	defer stuck.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	nobody := gone.URL + "/healthz"
	gone.Close() // nothing listens there any more
	_, healthyPort, _ := net.SplitHostPort(strings.TrimPrefix(healthy.URL, "http://"))

	tests := []struct {
		name    string
		env     []string
		args    []string
		code    int
		wantErr string // in stderr; "" for no output at all
	}{
		{name: "200", args: []string{"-url", healthy.URL + "/healthz"}, code: 0},
		{name: "port from LISTEN_ADDR", env: []string{"LISTEN_ADDR=:" + healthyPort}, code: 0},
		{name: "503", args: []string{"-url", sick.URL + "/healthz"}, code: 1, wantErr: "503 Service Unavailable: database unavailable"},
		{name: "404", args: []string{"-url", healthy.URL + "/nope"}, code: 1, wantErr: "404"},
		{name: "nothing listening", args: []string{"-url", nobody}, code: 1, wantErr: "connection refused"},
		{name: "no answer in time", args: []string{"-url", stuck.URL + "/healthz", "-timeout", "300ms"}, code: 1, wantErr: "no answer within 300ms"},
		{name: "malformed LISTEN_ADDR", env: []string{"LISTEN_ADDR=3000"}, code: 1, wantErr: `LISTEN_ADDR "3000" is not host:port`},
		{name: "bad flag", args: []string{"-nope"}, code: 2, wantErr: "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runDeployCmd(t, tt.env, append([]string{"healthcheck"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d; want %d (stderr %q)", code, tt.code, errOut)
			}
			if out != "" {
				t.Errorf("stdout %q; want nothing", out)
			}
			if tt.wantErr == "" {
				if errOut != "" {
					t.Fatalf("stderr %q; want nothing", errOut)
				}
				return
			}
			if !strings.Contains(errOut, tt.wantErr) || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "mockinterview healthcheck: ") {
				t.Fatalf("stderr %q; want one line with %q", errOut, tt.wantErr)
			}
		})
	}
}

// TestHealthcheckAndBackupBesideServe runs the real `serve` and, beside it, the
// commands a container runs next to it: the HEALTHCHECK (port from LISTEN_ADDR, as
// in the image) and a backup of the live database.
func TestHealthcheckAndBackupBesideServe(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "serve.db")
	srv := startServe(t, db, fs)

	_, port, _ := net.SplitHostPort(srv.addr)
	if _, errOut, code := runDeployCmd(t, []string{"LISTEN_ADDR=:" + port}, "healthcheck"); code != 0 {
		t.Fatalf("healthcheck beside serve: exit %d, %s", code, errOut)
	}
	out := filepath.Join(dir, "copy.db")
	if stdout, errOut, code := runDeployCmd(t, []string{"DATABASE_PATH=" + db}, "backup", out); code != 0 || !strings.Contains(stdout, "integrity ok") {
		t.Fatalf("backup beside serve: exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	if _, errOut, code := runCmd(t, "", "report", "-db", out, "-format", "json"); code != 0 {
		t.Fatalf("report on the copy: exit %d, %s", code, errOut)
	}
}
