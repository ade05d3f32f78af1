package bot

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// MaxBody is the largest request body accepted from Slack.
const MaxBody = 1 << 20

// Handler returns the HTTP routes: the three Slack endpoints, each behind signature
// verification, and /healthz.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	m := b.Metrics
	mux.Handle("POST /slack/commands", m.instrument("commands", b.verified(b.serveCommand)))
	mux.Handle("POST /slack/events", m.instrument("events", b.verified(b.serveEvent)))
	mux.Handle("POST /slack/interactions", m.instrument("interactions", b.verified(b.serveInteraction)))
	mux.HandleFunc("GET /healthz", b.serveHealth)
	if m != nil {
		mux.Handle("GET /metrics", m.Handler())
	}
	return withRequestID(mux)
}

// verified reads the raw body (refusing more than MaxBody) and checks Slack's v0
// signature on it, with the library's constant-time compare and five-minute
// timestamp window, before anything is parsed. Failures change nothing.
func (b *Bot) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read request body", http.StatusBadRequest)
			return
		}
		if err := VerifySignature(r.Header, body, b.SigningSecret); err != nil {
			b.Logger.Warn("refused unsigned or stale request", "request", w.Header().Get("X-Request-Id"), "path", r.URL.Path, "err", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	})
}

// VerifySignature checks a request's X-Slack-Signature against the body.
func VerifySignature(h http.Header, body []byte, secret string) error {
	if secret == "" {
		return errors.New("no signing secret configured")
	}
	sv, err := slack.NewSecretsVerifier(h, secret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (b *Bot) serveHealth(w http.ResponseWriter, r *http.Request) {
	if err := b.Health.CheckWrite(r.Context()); err != nil {
		b.Logger.Error("health check: the database cannot take a write", "err", err)
		http.Error(w, "database unavailable: it cannot take a write (full disk, read-only file or a lock held too long)", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok\n"))
}

func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form body", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		Token: form.Get("token"), TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"),
		UserID: form.Get("user_id"), UserName: form.Get("user_name"), Command: form.Get("command"), Text: form.Get("text"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
		IsEnterpriseInstall: form.Get("is_enterprise_install") == "true", EnterpriseID: form.Get("enterprise_id"),
	}
	reply, status := b.intakeCommand(r.Context(), cmd)
	if status != http.StatusOK {
		http.Error(w, reply, status)
		return
	}
	if reply == "" {
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, map[string]string{"response_type": "ephemeral", "text": reply})
}

func (b *Bot) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed JSON", http.StatusBadRequest)
		return
	}
	if outer.Type == "url_verification" {
		writeJSON(w, map[string]string{"challenge": outer.Challenge})
		return
	}
	status, msg := b.intakeEvent(r.Context(), body)
	if status != http.StatusOK {
		http.Error(w, msg, status)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		http.Error(w, "missing payload", http.StatusBadRequest)
		return
	}
	status, msg := b.intakeInteraction(r.Context(), []byte(form.Get("payload")))
	if status != http.StatusOK {
		http.Error(w, msg, status)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

// ResponseHostsFor is the response_url allowlist for a Web API address: Slack's
// hooks host for Slack's own API, and only the configured host otherwise (a proxy,
// or the local stand-in in tests), so a test can never make the bot look up a real
// Slack host.
func ResponseHostsFor(apiURL string) map[string]bool {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || u.Hostname() == "slack.com" {
		return map[string]bool{"hooks.slack.com": true}
	}
	return map[string]bool{u.Host: true}
}

// responseURLAllowed keeps the bot from posting anywhere but Slack's hooks host (or
// the configured API host): the URL comes from a signed request, but a bot should not
// be a way to reach other hosts.
func (b *Bot) responseURLAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && strings.HasPrefix(u.Hostname(), "127.")) {
		return false
	}
	return b.ResponseHosts[u.Host]
}

// withRequestID gives every request an id, returned in X-Request-Id and named in
// the logs about it.
func withRequestID(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		w.Header().Set("X-Request-Id", hex.EncodeToString(b[:]))
		h.ServeHTTP(w, r)
	})
}
