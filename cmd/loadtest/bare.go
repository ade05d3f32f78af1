package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	// The bare handler is the measure of the limit: the same SQLite driver the store
	// uses, on a table of its own, without the store package.
	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/inbox"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/store"
)

// bare is the least a Slack bot can do per answer, on the same machine: verify the
// signature (slack-go's SecretsVerifier), record the delivery in the store's inbox
// (one INSERT on SQLite in WAL mode, as the bot's intake does), ack,
// and post one reply through slack-go's client. No engine, no scoring. It asks the
// plan's number of questions so the candidates play the same interview shape.
type bare struct {
	secret  string
	db      *store.DB
	api     *slack.Client
	prompts []string
	length  int
	srv     *http.Server
	ln      net.Listener

	mu       sync.Mutex
	answered map[string]int // user → answers so far
	wg       sync.WaitGroup
}

func startBare(dbPath, apiURL, secret string, bank *questions.Bank, length int) (*bare, error) {
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		return nil, err
	}
	// The same kept-alive connections as the bot's client (bot.HTTPClient), so the
	// comparison is of the work per answer and not of connection set-up.
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 128, 64
	api := slack.New("xoxb-bare", slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second, Transport: t}), slack.OptionAPIURL(apiURL))
	b := &bare{secret: secret, db: db, api: api, length: length, answered: map[string]int{}}
	for _, q := range bank.Questions() {
		b.prompts = append(b.prompts, q.Prompt)
	}
	if b.ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		db.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", b.serveCommand)
	mux.HandleFunc("POST /slack/events", b.serveEvent)
	b.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go b.srv.Serve(b.ln)
	return b, nil
}

// URL is the handler's base URL.
func (b *bare) URL() string { return "http://" + b.ln.Addr().String() }

// Close stops the server, waits for replies in flight and closes the database.
func (b *bare) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := b.srv.Shutdown(ctx)
	b.wg.Wait()
	return errors.Join(err, b.db.Close())
}

// verified reads the body and checks Slack's signature on it.
func (b *bare) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(r.Header, b.secret)
	if err == nil {
		sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

func (b *bare) insert(ctx context.Context, key, user, channel, text string) error {
	_, err := b.db.AcceptInbound(ctx, &inbox.Delivery{Key: key, Kind: "bare", TeamID: teamID, UserID: user, ChannelID: channel,
		Payload: []byte(text), ReceivedAt: time.Now().UTC()})
	return err
}

func (b *bare) serveCommand(w http.ResponseWriter, r *http.Request) {
	body, ok := b.verified(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	user := form.Get("user_id")
	if err := b.insert(r.Context(), "command:"+form.Get("trigger_id"), user, form.Get("channel_id"), form.Get("text")); err != nil {
		http.Error(w, "cannot record", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
	b.reply(user, "D"+user)
}

func (b *bare) serveEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := b.verified(w, r)
	if !ok {
		return
	}
	var cb struct {
		EventID string `json:"event_id"`
		Event   struct {
			User    string `json:"user"`
			Channel string `json:"channel"`
			Text    string `json:"text"`
		} `json:"event"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	ev := cb.Event
	if err := b.insert(r.Context(), "event:"+cb.EventID, ev.User, ev.Channel, strings.TrimSpace(slackUnescaper.Replace(ev.Text))); err != nil {
		http.Error(w, "cannot record", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
	b.mu.Lock()
	b.answered[ev.User]++
	b.mu.Unlock()
	b.reply(ev.User, ev.Channel)
}

// reply posts the user's next question, or the end, after the acknowledgement.
func (b *bare) reply(user, channel string) {
	b.mu.Lock()
	n := b.answered[user]
	b.mu.Unlock()
	text := "Overall score: 0/100"
	if n < b.length {
		h := 0
		for _, c := range user {
			h = h*31 + int(c)
		}
		text = fmt.Sprintf("[%d] %s", n+1, b.prompts[(h%997+n*7)%len(b.prompts)])
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		b.api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false))
	}()
}

var slackUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// recorded returns the answers the handler stored, per user in order.
func (b *bare) recorded(ctx context.Context) (map[string][]string, error) {
	all, err := b.db.PendingInbound(ctx, time.Time{})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, d := range all {
		if strings.HasPrefix(d.Key, "event:") {
			out[d.UserID] = append(out[d.UserID], string(d.Payload))
		}
	}
	return out, nil
}
