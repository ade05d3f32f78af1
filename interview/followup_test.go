package interview_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

// TestEngineFollowUpWriter: a FollowUpWriter's question replaces the CV template; an
// error, an empty or an overlong question keeps the template.
func TestEngineFollowUpWriter(t *testing.T) {
	const tailored = "In HLS transcoder, how did you invalidate the cached playlists when a rendition was retried?"
	tests := []struct {
		name     string
		reply    string
		err      error
		tailored bool
	}{
		{"question", tailored, nil, true},
		{"error", "", errors.New("model down"), false},
		{"empty", "  ", nil, false},
		{"too long", strings.Repeat("why ", 200) + "?", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e, st := newEngine(t, testPlans)
			u, _ := st.EnsureUser(ctx, alice)
			p, err := interview.NewProject("HLS transcoder", "Transcodes uploads with ffmpeg; Redis caches playlists.", nil)
			if err != nil {
				t.Fatal(err)
			}
			p.UserID = u.ID
			st.projects[u.ID] = []*interview.Project{p}
			var calls int
			var gotProject, gotAnswer string
			e.FollowUps = interview.FollowUpFunc(func(ctx context.Context, p *interview.Project, last string) (string, error) {
				calls++
				gotProject, gotAnswer = p.Name, last
				if _, ok := ctx.Deadline(); !ok {
					t.Errorf("FollowUp called without a deadline")
				}
				return tc.reply, tc.err
			})
			s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "standard", Seed: 5})
			if err != nil {
				t.Fatal(err)
			}
			var cv *interview.Turn
			lastAnswer := ""
			for s.State.Pending != nil {
				if s.State.Pending.Kind == interview.KindCV && calls == 0 {
					t.Fatalf("a CV question is pending but FollowUp was never called")
				}
				answer := "We used Redis as a cache-aside layer with a TTL, answer " + s.State.Pending.QuestionID
				oc, err := e.Answer(ctx, s, answer)
				if err != nil {
					t.Fatal(err)
				}
				if oc.Next != nil && oc.Next.Kind == interview.KindCV {
					lastAnswer = answer
				}
				if oc.Turn.Kind == interview.KindCV {
					cv = oc.Turn
				}
			}
			if cv == nil {
				t.Fatal("no CV follow-up was asked")
			}
			if calls != 1 {
				t.Errorf("FollowUp called %d times; want 1 (only for the CV question)", calls)
			}
			if gotProject != p.Name || gotAnswer != lastAnswer {
				t.Errorf("FollowUp got project %q, last answer %q; want %q, %q", gotProject, gotAnswer, p.Name, lastAnswer)
			}
			if got := cv.Prompt == tailored; got != tc.tailored {
				t.Errorf("CV prompt %q: tailored %v; want %v", cv.Prompt, got, tc.tailored)
			}
			if !tc.tailored && !strings.Contains(cv.Prompt, p.Name) {
				t.Errorf("CV prompt %q does not come from the template", cv.Prompt)
			}
		})
	}
}
