package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const healthcheckSynopsis = `healthcheck [-url URL] [-timeout 3s]

Asks a running serve for GET /healthz (by default on this host, at the port of
LISTEN_ADDR, default :3000). Exit status 0 when it answers 200 within the timeout,
else 1 with one line on stderr: what Docker's HEALTHCHECK expects.`

func runHealthcheck(ctx context.Context, args []string, sio IO) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	target := fs.String("url", "", "URL to check (default http://127.0.0.1:PORT/healthz, PORT from LISTEN_ADDR)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if code := parseFlags(fs, args, sio, healthcheckSynopsis); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(sio.Err, "mockinterview healthcheck: unexpected argument %q (see -h)\n", fs.Arg(0))
		return 2
	}
	// Every failure below is exit 1: Docker reads 1 as unhealthy and reserves 2.
	if *target == "" {
		u, err := healthURL(envOr(sio.Getenv, "LISTEN_ADDR", ":3000"))
		if err != nil {
			fmt.Fprintf(sio.Err, "mockinterview healthcheck: %v\n", err)
			return 1
		}
		*target = u
	}
	if err := checkHealth(ctx, *target, *timeout); err != nil {
		fmt.Fprintf(sio.Err, "mockinterview healthcheck: %v\n", err)
		return 1
	}
	return 0
}

// healthURL is the /healthz URL of a server listening on addr: the loopback address
// when addr binds every interface (":3000", "0.0.0.0:3000", "[::]:3000"), else addr's
// own host.
func healthURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", fmt.Errorf("LISTEN_ADDR %q is not host:port (e.g. :3000)", addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}

// checkHealth returns nil when target answers GET with 200 within timeout.
func checkHealth(ctx context.Context, target string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("-url %q: %w", target, err)
	}
	client := &http.Client{
		// Straight to the server: no proxy from the environment, no redirects.
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s: no answer within %s", target, timeout)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // drop the `Get "URL":` prefix: the URL is said once
		}
		return fmt.Errorf("%s: %w", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		msg := strings.Join(strings.Fields(string(body)), " ")
		if r := []rune(msg); len(r) > 120 {
			msg = string(r[:120]) + "…"
		}
		if msg != "" {
			return fmt.Errorf("%s: %s: %s", target, resp.Status, msg)
		}
		return fmt.Errorf("%s: %s", target, resp.Status)
	}
	return nil
}
