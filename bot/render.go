package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/interview"
)

// Block Kit limits.
const (
	maxSectionText = 3000
	maxBlocks      = 50
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// Escape makes text safe to echo in a Slack message: with &, < and > escaped, text a
// user typed cannot mention @channel, a user or a group, or forge a link.
func Escape(s string) string { return escaper.Replace(s) }

// lineBreaks are every way a line can end in text a person typed.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n")

// quote shows text a person typed as an escaped mrkdwn block quote: every line,
// however it was broken (CR, U+2028, U+2029, NEL), stays inside the quote.
func quote(text string) string {
	return "> " + strings.ReplaceAll(Escape(lineBreaks.Replace(text)), "\n", "\n> ")
}

// unescape turns Slack's escaped message text back into what the user typed.
func unescape(s string) string { return unescaper.Replace(s) }

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// sections splits mrkdwn text into section blocks of at most maxSectionText
// characters, at line breaks where it can.
func sections(text string) []slack.Block {
	var out []slack.Block
	for _, chunk := range splitText(text, maxSectionText) {
		out = append(out, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, chunk, false, false), nil, nil))
	}
	return out
}

func splitText(text string, limit int) []string {
	var out []string
	for utf8.RuneCountInString(text) > limit {
		rs := []rune(text)
		cut := limit
		if i := strings.LastIndex(string(rs[:limit]), "\n"); i > 0 {
			cut = utf8.RuneCountInString(string(rs[:limit])[:i])
		}
		out = append(out, strings.TrimRight(string(rs[:cut]), "\n"))
		text = strings.TrimLeft(string(rs[cut:]), "\n")
	}
	if strings.TrimSpace(text) != "" || len(out) == 0 {
		out = append(out, text)
	}
	return out
}

// chunks splits blocks into messages of at most maxBlocks.
func chunks(blocks []slack.Block) [][]slack.Block {
	var out [][]slack.Block
	for len(blocks) > maxBlocks {
		out = append(out, blocks[:maxBlocks])
		blocks = blocks[maxBlocks:]
	}
	return append(out, blocks)
}

func contextBlock(text string) slack.Block {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, text, false, false))
}

func button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
	if style != "" {
		b.Style = style
	}
	return b
}

// codeBlock fences a snippet for Slack's mrkdwn, which shows no language line.
func codeBlock(code string) string {
	return "```\n" + Escape(strings.ReplaceAll(code, "```", "ˋˋˋ")) + "\n```"
}

// reflow joins the lines of each paragraph of a model answer, which the bank wraps
// for its YAML, so Slack does not show hard line breaks mid-sentence. Blank lines,
// list items and code fences keep their lines.
func reflow(text string) string {
	var out []string
	inCode := false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "```"):
			inCode = !inCode
			out = append(out, line)
		case inCode || t == "" || len(out) == 0 || strings.TrimSpace(out[len(out)-1]) == "" ||
			strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "• ") ||
			strings.HasPrefix(strings.TrimSpace(out[len(out)-1]), "```"):
			out = append(out, line)
		default:
			out[len(out)-1] = strings.TrimRight(out[len(out)-1], " ") + " " + t
		}
	}
	return strings.Join(out, "\n")
}

// questionBlocks shows a question with its stage and progress and the buttons.
func questionBlocks(s *interview.Session, v *interview.QuestionView) []slack.Block {
	head := fmt.Sprintf("*[%d/%d] %s*", v.Number, max(v.Planned, v.Number), Escape(v.StageTitle))
	if v.Level > 0 {
		head += fmt.Sprintf(" · level %d", v.Level)
	}
	blocks := []slack.Block{contextBlock(head)}
	blocks = append(blocks, sections(Escape(v.Prompt))...)
	if v.Code != "" {
		blocks = append(blocks, sections(codeBlock(v.Code))...)
	}
	value := fmt.Sprintf("%d:%d", s.ID, v.Number)
	var els []slack.BlockElement
	if v.HintsLeft > 0 {
		els = append(els, button("hint", "Hint", value, ""))
	}
	els = append(els, button("skip", "Skip", value, ""), button("end", "End", value, slack.StyleDanger))
	blocks = append(blocks, slack.NewActionBlock(fmt.Sprintf("q:%s", value), els...))
	blocks = append(blocks, contextBlock("Answer by writing here. You can also type `hint`, `skip`, `repeat` or `end`."))
	return blocks
}

// feedbackBlocks shows a turn's score and the key points covered and missed.
func feedbackBlocks(t *interview.Turn) []slack.Block {
	var sb strings.Builder
	switch {
	case t.Skipped:
		sb.WriteString("*Skipped* (0/100).")
	case t.Score == nil:
		sb.WriteString(strings.Join(t.Feedback, "\n"))
	default:
		fmt.Fprintf(&sb, "*Score: %d/100*", *t.Score)
		for _, f := range t.Feedback {
			mark := map[string]string{interview.FeedbackCovered: "✅", interview.FeedbackPartial: "➖",
				interview.FeedbackMissed: "❌", interview.FeedbackOpposite: "❌"}[interview.FeedbackKind(f)]
			if mark == "" {
				mark = "•"
			}
			fmt.Fprintf(&sb, "\n%s %s", mark, Escape(f))
		}
	}
	return sections(sb.String())
}

func bar(score, width int) string {
	n := (score*width + 50) / 100
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// reportBlocks is the end-of-interview report; its last line is always
// "Overall score: NN/100".
func reportBlocks(r *interview.Report) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Interview report", false, false))}
	if len(r.Stages) > 0 {
		var sb strings.Builder
		sb.WriteString("```\n")
		for _, s := range r.Stages {
			fmt.Fprintf(&sb, "%-30s %s %3d\n", truncate(s.Title, 30), bar(s.Score, 16), s.Score)
		}
		sb.WriteString("```")
		blocks = append(blocks, sections(sb.String())...)
	}
	if r.Strongest != "" {
		blocks = append(blocks, sections(fmt.Sprintf("Strongest: *%s* · Weakest: *%s*", Escape(r.Strongest), Escape(r.Weakest)))...)
	}
	if r.CVAnswers > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("CV follow-ups answered: %d (recorded, not scored)", r.CVAnswers)))
	}
	for _, w := range r.Weak {
		var sb strings.Builder
		fmt.Fprintf(&sb, "*To review:* %s (%d/100)", Escape(w.Turn.Prompt), *w.Turn.Score)
		for _, m := range w.Turn.Missed {
			fmt.Fprintf(&sb, "\n❌ %s", Escape(m))
		}
		if w.Reference != "" {
			fmt.Fprintf(&sb, "\n*Model answer:* %s", Escape(w.Reference))
		}
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, sections(sb.String())...)
	}
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, sections(fmt.Sprintf("*Overall score: %d/100*", r.Overall))...)
	return blocks
}

func forgetBlocks(user string) []slack.Block {
	return []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Delete *everything* I store about you: interviews, answers, scores and CV projects? This cannot be undone.", false, false), nil, nil),
		slack.NewActionBlock("forget", button("forget_confirm", "Delete my data", user, slack.StyleDanger), button("forget_cancel", "Cancel", user, "")),
	}
}

func statsText(e *interview.Engine, user string, sessions []*interview.Session, stages []interview.StageAverage) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "*Stats for <@%s>*\n", user)
	if len(sessions) == 0 {
		sb.WriteString("No interviews yet.")
		return sb.String()
	}
	sb.WriteString("*Recent interviews*\n")
	for _, s := range sessions {
		score := "in progress"
		if s.Score != nil {
			score = fmt.Sprintf("%d/100", *s.Score)
		}
		fmt.Fprintf(&sb, "• %s · %s plan · %s\n", s.StartedAt.Format("2006-01-02"), s.Plan, score)
	}
	if len(stages) > 0 {
		sb.WriteString("*By stage* (weakest first)\n```\n")
		for _, a := range stages {
			title := a.Stage
			if st := e.Bank.Stage(a.Stage); st != nil {
				title = st.Title
			}
			fmt.Fprintf(&sb, "%-30s %s %3d  (%d answers)\n", truncate(title, 30), bar(a.Score, 16), a.Score, a.Answers)
		}
		sb.WriteString("```")
	}
	return sb.String()
}
