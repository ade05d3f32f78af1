package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/llm"
)

// bigReply is a chat completion whose content is n bytes long, ending in a verdict.
func bigReply(n int) []byte {
	v := verdictJSON(90, false, "covered", "covered", "partial")
	pad := max(0, n-len(v))
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": strings.Repeat("x", pad) + " " + v}}},
	})
	return b
}

// TestReplyBodyIsCapped: a reply longer than MaxReplyBytes, with or without a
// Content-Length, is a failed grading ("reply too large"), not retried, and not
// read whole; a reply at the limit is read.
func TestReplyBodyIsCapped(t *testing.T) {
	const limit = 16 << 10
	atLimit := bigReply(limit - 400)
	atLimit = bigReply(limit - 400 + limit - len(atLimit)) // exactly limit bytes
	if len(atLimit) != limit {
		t.Fatalf("reply of %d bytes; want %d", len(atLimit), limit)
	}
	tests := []struct {
		name      string
		body      []byte
		chunked   bool
		max       int64
		wantBy    string
		wantError string
	}{
		{"at the limit", atLimit, false, limit, "llm", ""},
		{"at the limit, chunked", atLimit, true, limit, "llm", ""},
		{"one byte over", atLimit, false, limit - 1, "keyword", "reply too large"},
		{"one byte over, chunked", atLimit, true, limit - 1, "keyword", "reply too large"},
		{"8 MiB, chunked, default limit", bigReply(8 << 20), true, 0, "keyword", "reply too large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
				w.Header().Set("Content-Type", "application/json")
				if !tc.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(tc.body)))
				}
				for r := bytes.NewReader(tc.body); r.Len() > 0; {
					chunk := make([]byte, min(r.Len(), 4096))
					r.Read(chunk)
					if _, err := w.Write(chunk); err != nil {
						return // the client stopped reading
					}
					if tc.chunked {
						w.(http.Flusher).Flush()
					}
				}
			})
			s, _ := newScorer(t, srv, fixedKeyword(40), func(c *llm.Config) { c.MaxReplyBytes = tc.max })
			res, err := s.Score(context.Background(), generatorQuestion, answer)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := res.Details["llm_error"].(string); res.Scorer != tc.wantBy || got != tc.wantError {
				t.Errorf("got %d by %s, llm_error %q; want %s, %q", res.Score, res.Scorer, got, tc.wantBy, tc.wantError)
			}
			if n := srv.count(); n != 1 {
				t.Errorf("%d requests; want 1 (a reply too large is not asked again)", n)
			}
		})
	}
}
