package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// format is how a reply's JSON is requested; servers that refuse one get the next.
type format int32

const (
	formatSchema format = iota // response_format json_schema, strict
	formatJSON                 // response_format json_object
	formatNone                 // no response_format: the prompt asks for JSON
)

var formatNames = [...]string{"json_schema", "json_object", "none"}

func (f format) String() string { return formatNames[f] }

// failure is why the model could not be used. Reason is short and safe to store with
// a turn ("timeout", "rate limited (429)"); the wrapped error has the details.
type failure struct {
	reason string
	err    error
}

func (f *failure) Error() string {
	if f.err == nil {
		return f.reason
	}
	return f.reason + ": " + f.err.Error()
}

func (f *failure) Unwrap() error { return f.err }

func reason(err error) string {
	var f *failure
	if errors.As(err, &f) {
		return f.reason
	}
	return "error"
}

// ask sends one chat completion, within the scorer's timeout and its pool, retrying
// what can be retried, and tells the circuit breaker how the server did. With
// structured set the reply is asked for as JSON (schema, then JSON mode, then plain).
func (s *Scorer) ask(ctx context.Context, msgs []openai.ChatCompletionMessage, structured bool) (string, error) {
	if !s.breaker.allow() {
		return "", &failure{reason: "circuit open"}
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", &failure{reason: "busy", err: ctx.Err()}
	}
	defer func() { <-s.sem }()
	content, err := s.call(ctx, msgs, structured)
	switch {
	case err == nil:
		s.breaker.success()
	case parent.Err() != nil:
		// The caller gave up: that says nothing about the server.
	default:
		s.breaker.failure()
	}
	return content, err
}

func (s *Scorer) call(ctx context.Context, msgs []openai.ChatCompletionMessage, structured bool) (string, error) {
	start := formatNone
	if structured {
		start = format(s.format.Load())
	}
	f := start
	for attempt := 1; ; {
		var hint retryHint
		resp, err := s.client.CreateChatCompletion(withHint(ctx, &hint), s.request(msgs, f))
		if err == nil {
			if f != start {
				s.format.Store(int32(f)) // remember what this server accepts
			}
			if len(resp.Choices) == 0 {
				return "", &failure{reason: "empty reply"}
			}
			m := resp.Choices[0].Message
			if m.Refusal != "" {
				return "", &failure{reason: "refused"}
			}
			return m.Content, nil
		}
		if ctx.Err() != nil {
			return "", &failure{reason: "timeout", err: err}
		}
		status := httpStatus(err)
		switch {
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			return "", &failure{reason: fmt.Sprintf("http %d", status), err: err}
		case status >= 400 && status < 500 && !retryableStatus(status) && f < formatNone:
			// Most likely a server that does not know this response_format.
			s.log.Info("llm server refused the response format; trying a plainer one", "format", f.String(), "status", status)
			f++
			continue
		case !retryable(err, status):
			return "", &failure{reason: statusReason(status, err), err: err}
		case attempt >= maxAttempts:
			return "", &failure{reason: statusReason(status, err), err: fmt.Errorf("after %d attempts: %w", attempt, err)}
		}
		wait := s.wait(attempt, hint)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return "", &failure{reason: statusReason(status, err), err: fmt.Errorf("retry in %v would pass the time limit: %w", wait, err)}
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", &failure{reason: "timeout", err: err}
		}
		attempt++
	}
}

// request builds the chat completion request for a response format.
func (s *Scorer) request(msgs []openai.ChatCompletionMessage, f format) openai.ChatCompletionRequest {
	sd := seed
	req := openai.ChatCompletionRequest{
		Model:       s.model,
		Messages:    msgs,
		Temperature: temperature,
		Seed:        &sd,
	}
	switch f {
	case formatSchema:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema, JSONSchema: verdictSchema}
	case formatJSON:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	// Reasoning models (o-series, gpt-5) take no temperature but their own, and
	// go-openai refuses such a request before sending it: leave it out for them.
	if openai.NewReasoningValidator().Validate(req) != nil {
		req.Temperature = 0
	}
	return req
}

// wait is the delay before retry number attempt: the server's Retry-After when it
// gave one, else exponential backoff with jitter.
func (s *Scorer) wait(attempt int, hint retryHint) time.Duration {
	if hint.set {
		return hint.after
	}
	d := min(s.backoff<<(attempt-1), maxBackoff)
	return d/2 + rand.N(d/2+1)
}

func httpStatus(err error) int {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		return reqErr.HTTPStatusCode
	}
	return 0
}

func retryableStatus(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusConflict || status == http.StatusTooManyRequests || status >= 500
}

// retryable: 408, 409, 429, 5xx, and failures to reach the server at all; not a
// reply past the size limit, which the same request would only get again.
func retryable(err error, status int) bool {
	if errors.Is(err, errReplyTooLarge) {
		return false
	}
	if status != 0 {
		return retryableStatus(status)
	}
	var ue *url.Error
	return errors.As(err, &ue)
}

func statusReason(status int, err error) string {
	var ue *url.Error
	switch {
	case errors.Is(err, errReplyTooLarge):
		return "reply too large"
	case status == http.StatusTooManyRequests:
		return "rate limited (429)"
	case status >= 500:
		return fmt.Sprintf("server error (%d)", status)
	case status != 0:
		return fmt.Sprintf("http %d", status)
	case errors.As(err, &ue):
		return "connection failed"
	}
	return "bad response"
}

// retryHint carries a Retry-After from the HTTP response to the retry loop: go-openai's
// errors do not keep the response headers.
type retryHint struct {
	after time.Duration
	set   bool
}

type hintKey struct{}

func withHint(ctx context.Context, h *retryHint) context.Context {
	return context.WithValue(ctx, hintKey{}, h)
}

// hintDoer is the HTTP client go-openai uses. It notes Retry-After on 429 and 5xx,
// and caps the reply body at max bytes: go-openai reads a reply whole (its JSON
// decoder, or io.ReadAll for errors), so a runaway reply would otherwise be held in
// memory entire (a 50 MiB reply took the process to 229 MB).
type hintDoer struct {
	c   *http.Client
	max int64
}

func (d hintDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		if h, ok := req.Context().Value(hintKey{}).(*retryHint); ok {
			h.after, h.set = retryAfter(resp.Header, time.Now())
		}
	}
	if resp.ContentLength > d.max {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: Content-Length %d, limit %d", errReplyTooLarge, resp.ContentLength, d.max)
	}
	resp.Body = &cappedBody{rc: resp.Body, left: d.max}
	return resp, nil
}

var errReplyTooLarge = errors.New("the server's reply is larger than the limit")

// cappedBody reads at most left bytes of a body and fails with errReplyTooLarge
// when there is more.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, err := io.ReadFull(b.rc, one[:]); n > 0 {
			return 0, errReplyTooLarge
		} else {
			return 0, err // io.EOF: the body ended at the limit exactly
		}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// maxRetryAfter bounds a server's Retry-After; any wait past the time limit means
// giving up at once anyway.
const maxRetryAfter = time.Hour

// retryAfter reads Retry-After (seconds or an HTTP date) or OpenAI's retry-after-ms.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(min(ms, maxRetryAfter.Seconds()*1000) * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(min(secs, maxRetryAfter.Seconds()) * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(0, t.Sub(now)), maxRetryAfter), true
	}
	return 0, false
}
