package llm_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

func TestFollowUp(t *testing.T) {
	const (
		name = "HLS transcoder"
		desc = "Transcodes uploads with ffmpeg workers on Celery; Redis caches playlists."
		last = "We used cache-aside with a TTL of five minutes."
	)
	tests := []struct {
		name    string
		handle  func(w http.ResponseWriter)
		want    string
		wantErr bool
	}{
		{"question", func(w http.ResponseWriter) {
			reply(w, "Question: How did you invalidate the cached playlists when a rendition was re-encoded?")
		}, "How did you invalidate the cached playlists when a rendition was re-encoded?", false},
		{"not a question", func(w http.ResponseWriter) { reply(w, "Sure! Here are some thoughts about the project.") }, "", true},
		{"server error", func(w http.ResponseWriter) { apiError(w, http.StatusBadRequest, "bad") }, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) { tc.handle(w) })
			s, logs := newScorer(t, srv, fixedKeyword(0))
			got, err := s.FollowUp(context.Background(), name, desc, last)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Fatalf("FollowUp = %q, %v; want %q, error %v", got, err, tc.want, tc.wantErr)
			}
			req := srv.requests()[0]
			if req.ResponseFormat != nil {
				t.Errorf("response_format %+v; want none for a plain-text question", req.ResponseFormat)
			}
			user := req.Messages[1].Content
			m := markers.FindStringSubmatch(user)
			if m == nil {
				t.Fatalf("no boundary in the user message:\n%s", user)
			}
			open, closing := "<<<BEGIN "+m[1]+">>>\n", "\n<<<END "+m[1]+">>>"
			i, j := strings.Index(user, open), strings.Index(user, closing)
			var data map[string]string
			if err := json.Unmarshal([]byte(user[i+len(open):j]), &data); err != nil {
				t.Fatalf("inside the boundary is not JSON: %v", err)
			}
			if data["project_name"] != name || data["project_description"] != desc || data["last_answer"] != last || len(data) != 3 {
				t.Errorf("data sent %v; want exactly the project's name, description and the last answer", data)
			}
			outside := req.Messages[0].Content + user[:i] + user[j+len(closing):]
			for _, frag := range []string{"HLS", "ffmpeg", "cache-aside"} {
				if strings.Contains(outside, frag) {
					t.Errorf("%q appears outside the boundary", frag)
				}
			}
			if strings.Contains(logs.String(), "cache-aside") || strings.Contains(logs.String(), "ffmpeg") {
				t.Errorf("the log contains CV or answer text:\n%s", logs)
			}
		})
	}
}

// TestFollowUpsWriter: the scorer plugs into the engine as its FollowUpWriter.
func TestFollowUpsWriter(t *testing.T) {
	srv := newFakeOpenAI(t, func(w http.ResponseWriter, _ *http.Request, _ int, _ chatRequest) {
		reply(w, "Why did you put Redis in front of the playlists?")
	})
	s, _ := newScorer(t, srv, fixedKeyword(0))
	var w interview.FollowUpWriter = s.FollowUps()
	got, err := w.FollowUp(context.Background(), &interview.Project{Name: "HLS transcoder", Description: "ffmpeg"}, "")
	if err != nil || got != "Why did you put Redis in front of the playlists?" {
		t.Fatalf("FollowUp = %q, %v", got, err)
	}
}
