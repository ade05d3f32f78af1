package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

func TestEscape(t *testing.T) {
	cases := map[string]string{
		"<!channel> hi":            "&lt;!channel&gt; hi",
		"a & b":                    "a &amp; b",
		"<https://evil|click me>":  "&lt;https://evil|click me&gt;",
		"<@U123> & <!subteam^S1>":  "&lt;@U123&gt; &amp; &lt;!subteam^S1&gt;",
		"plain text, no specials.": "plain text, no specials.",
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q; want %q", in, got, want)
		}
		if got := unescape(Escape(in)); got != in {
			t.Errorf("unescape(Escape(%q)) = %q", in, got)
		}
	}
}

func TestLongReportIsSplitWithinBlockKitLimits(t *testing.T) {
	score := 10
	var weak []interview.WeakTurn
	for i := 0; i < 40; i++ {
		weak = append(weak, interview.WeakTurn{
			Turn:      &interview.Turn{Prompt: strings.Repeat("why? ", 50), Score: &score, Missed: []string{"a", "b"}},
			Reference: strings.Repeat("A long model answer line.\n", 200),
		})
	}
	r := &interview.Report{Session: &interview.Session{}, Weak: weak, Overall: 10,
		Stages: []interview.StageScore{{Title: "OOP", Score: 10, Questions: 40}}}
	parts := chunks(reportBlocks(r))
	if len(parts) < 2 {
		t.Fatalf("a report of %d weak turns fits one message?", len(weak))
	}
	for _, p := range parts {
		if len(p) > maxBlocks {
			t.Fatalf("message with %d blocks; limit %d", len(p), maxBlocks)
		}
		for _, b := range p {
			if s, ok := b.(*slack.SectionBlock); ok && utf8.RuneCountInString(s.Text.Text) > maxSectionText {
				t.Fatalf("section of %d characters", utf8.RuneCountInString(s.Text.Text))
			}
		}
	}
	last := parts[len(parts)-1]
	if s, ok := last[len(last)-1].(*slack.SectionBlock); !ok || !strings.Contains(s.Text.Text, "Overall score: 10/100") {
		t.Fatalf("last block is not the overall score")
	}
}

func TestSplitTextKeepsEverything(t *testing.T) {
	text := strings.Repeat("x", 7000) + "\n" + strings.Repeat("y", 10)
	got := strings.Join(splitText(text, 3000), "")
	if strings.Count(got, "x") != 7000 || strings.Count(got, "y") != 10 {
		t.Fatalf("split lost text")
	}
}

func TestTSBefore(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"1700000000.000100", "1700000000.000200", true},
		{"1700000000.000200", "1700000000.000100", false},
		{"1699999999.999999", "1700000000.000000", true},
		{"1700000000.1", "1700000000.000200", false},
		{"1700000000.000100", "1700000000.000100", false},
	}
	for _, c := range cases {
		if got := tsBefore(c.a, c.b); got != c.want {
			t.Errorf("tsBefore(%s, %s) = %v; want %v", c.a, c.b, got, c.want)
		}
	}
}
