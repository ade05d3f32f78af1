package scoring

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// KeywordScorer grades an answer offline and deterministically. Each key point is
// covered, partly covered or missed by its terms (stemmed, with synonyms), read with
// their polarity and with what they are said of, so "PATCH replaces the whole
// resource" does not cover "PUT replaces the whole resource" and "the Session is not
// thread-safe" is not the opposite of "a Session is not thread-safe". A stated
// misconception costs the points it contradicts. The number follows from the
// checklist by the rule in rule.go; similarity to the model answer only orders
// answers that cover the same points. Defences stop empty, evasive, listed, salad,
// parroted or foreign-language answers from scoring.
type KeywordScorer struct {
	idf     map[string]float64
	maxIDF  float64
	vocab   map[string]bool
	mu      sync.RWMutex
	bank    *questions.Bank
	stems   stemCache
	rubrics map[*questions.Question]*rubric // the bank's questions
	adhoc   map[string]*rubric              // other questions (grade), by content; bounded
}

var _ interview.Scorer = (*KeywordScorer)(nil)

// NewKeywordScorer builds the word-rarity table from the bank's prompts, model answers
// and key points.
func NewKeywordScorer(bank *questions.Bank) *KeywordScorer {
	df := map[string]int{}
	n := 0
	vocab := map[string]bool{}
	if bank != nil {
		for _, q := range bank.Questions() {
			n++
			seen := map[string]bool{}
			text := q.Prompt + " " + q.Reference
			for _, kp := range q.KeyPoints {
				text += " " + kp.Text + " " + strings.Join(kp.Terms, " ")
			}
			for _, t := range tokenize(text) {
				vocab[t.stem] = true
				if !t.stop && !seen[t.stem] {
					seen[t.stem] = true
					df[t.stem]++
				}
			}
		}
	}
	s := &KeywordScorer{idf: map[string]float64{}, vocab: vocab, rubrics: map[*questions.Question]*rubric{}, adhoc: map[string]*rubric{}, bank: bank}
	for w, d := range df {
		s.idf[w] = math.Log(float64(n+1) / float64(d+1))
	}
	s.maxIDF = math.Log(float64(n + 1))
	return s
}

func (s *KeywordScorer) weight(stem string) float64 {
	if w, ok := s.idf[stem]; ok {
		return w + 0.5
	}
	return s.maxIDF + 0.5 // unseen words are rare
}

// maxAdhoc bounds the cache of questions from outside the bank.
const maxAdhoc = 4096

func (s *KeywordScorer) compile(q *questions.Question) *rubric {
	var key string
	s.mu.RLock()
	r, known := s.rubrics[q]
	if !known {
		var sb strings.Builder
		sb.WriteString(q.Prompt + "\x00" + q.Reference)
		for _, kp := range q.KeyPoints {
			fmt.Fprintf(&sb, "\x00%s\x01%s\x01%g\x01%s%t", kp.Text, strings.Join(kp.Terms, "\x02"), kp.Weight, kp.Relation.Scope, kp.Relation.Ordered)
		}
		for _, m := range q.Misconceptions {
			fmt.Fprintf(&sb, "\x03%s\x01%s\x01%s\x01%v%s%t", m.Text, strings.Join(m.Terms, "\x02"), m.Correction, m.Contradicts, m.Relation.Scope, m.Relation.Ordered)
		}
		key = sb.String()
		r = s.adhoc[key]
	}
	s.mu.RUnlock()
	if r != nil {
		return r
	}
	r = s.build(q)
	s.mu.Lock()
	if _, inBank := s.rubrics[q]; inBank || q.ID != "adhoc" && s.isBank(q) {
		s.rubrics[q] = r
	} else {
		if len(s.adhoc) >= maxAdhoc {
			clear(s.adhoc)
		}
		s.adhoc[key] = r
	}
	s.mu.Unlock()
	return r
}

func (s *KeywordScorer) isBank(q *questions.Question) bool {
	return s.bank != nil && s.bank.Question(q.ID) == q
}

var dontKnow = regexp.MustCompile(`(?i)^\W*(i\s+)?(do\s*n[o']?t|dont|don’t|have\s+no|no)\s+(know|idea|clue)|^\W*(idk|dunno|no\s+idea|not\s+sure|pass|skip|nothing|n/?a|\?+|i\s+(can't|cannot|can’t)\s+(answer|remember|recall)|i\s+forgot|i\s+have\s+never\s+(used|heard))\W*`)

// Score grades the answer.
func (s *KeywordScorer) Score(_ context.Context, q *questions.Question, answer string) (interview.Result, error) {
	r := s.compile(q)
	rd := s.read(r, answer)
	res := interview.Result{Scorer: interview.ScorerKeyword}
	f := s.features(r, rd, answer)

	c := checklist{points: make([]pointResult, len(r.points))}
	for i := range r.points {
		p := &r.points[i]
		pr := rd.matchPoint(p)
		if pr.status == stMissed || pr.status == stPartial {
			// the point in other words than its terms
			if ev := evidenceCredit(rd.support(p), r.derived); ev > pr.credit {
				pr = pointResult{statusOf(ev), ev}
			}
		}
		c.points[i] = pr
	}
	for mi := range r.miscs {
		m := &r.miscs[mi]
		if !rd.states(m) {
			continue
		}
		c.stated = append(c.stated, mi)
		res.Misconceptions = append(res.Misconceptions, m.text)
		for _, k := range m.contradicts {
			c.points[k] = pointResult{stContradicted, 0}
		}
	}
	// Lists and salad: named terms are not explained points.
	if f.stuffed || f.salad {
		for i, pr := range c.points {
			if pr.credit > listedCredit {
				c.points[i] = pointResult{stListed, listedCredit}
			}
		}
	}
	score, k := c.number(r, f.quality())
	f.kp = k
	var notes []string
	capAt := func(limit float64, flag, note string) {
		score = math.Min(score, limit)
		res.Flags = append(res.Flags, flag)
		if note != "" {
			notes = append(notes, note)
		}
	}
	if f.contra > 0 {
		score *= math.Max(0, 1-calib.wContra*f.contra)
	}
	switch {
	case f.content == 0:
		capAt(0, "empty", "")
	case f.dontKnow && f.content < 8:
		capAt(5, "dont-know", "")
	case f.lang != "" || f.otherLang:
		capAt(0, "wrong-language", languageFeedback(f.lang))
	}
	if f.content >= 3 && f.novel*5 < f.content {
		capAt(20, "repeats-question", "Your answer mostly repeats the question; say what you know about it.")
	}
	if f.stuffed {
		res.Flags = append(res.Flags, "stuffing")
		notes = append(notes, "Your answer lists terms without saying how they relate; a short sentence per point would earn them.")
	}
	if f.salad {
		res.Flags = append(res.Flags, "salad")
		notes = append(notes, "Your answer uses many of the rubric's words but makes no claim about them; say what each one does and why.")
	}
	if f.long > 0 {
		// Length earns nothing: a shotgun of every term the candidate can think of is
		// scaled back towards what the matched share would give a focused answer.
		score *= math.Max(0.6, math.Sqrt(f.long))
		res.Flags = append(res.Flags, "long")
	}
	if len(c.stated) > 0 {
		res.Flags = append(res.Flags, "misconception")
	}
	res.Score = clamp(int(math.Round(score)))
	if slicesContains(res.Flags, "wrong-language") {
		res.Feedback = []string{languageFeedback(f.lang)}
	} else {
		res.Feedback, res.Matched, res.Missed = c.feedback(r)
		res.Feedback = append(res.Feedback, notes...)
	}
	res.Details = map[string]any{"key_points": round2(f.kp), "similarity": round2(f.sim), "recall": round2(f.recall)}
	if len(res.Misconceptions) > 0 {
		res.Details["misconceptions"] = res.Misconceptions
	}
	return res, nil
}

// evidenceCredit is what a key point's own words earn when its terms are missing:
// at most "partly covered", since words of the point prove less than its terms.
// Without a rubric the key point is a sentence of the model answer and its terms
// are only its rarest words, so its words count in full.
func evidenceCredit(support float64, derived bool) float64 {
	switch {
	case derived && support >= calib.evidenceFull:
		return 1
	case support >= calib.evidencePartial:
		return 0.5
	}
	return 0
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func clamp(n int) int { return max(0, min(100, n)) }

// derive makes key points from a model answer when a question has none: one per
// sentence, shown by its rarest words.
func (s *KeywordScorer) derive(q *questions.Question) []questions.KeyPoint {
	prompt := map[string]bool{}
	for _, t := range tokenize(q.Prompt) {
		prompt[t.stem] = true
	}
	var kps []questions.KeyPoint
	for _, sent := range sentences(q.Reference) {
		type cand struct {
			word string
			w    float64
		}
		var cs []cand
		seen := map[string]bool{}
		for _, t := range tokenize(sent) {
			if t.stop || t.neg || seen[t.stem] || prompt[t.stem] || len(t.word) < 3 || t.code && len(t.word) < 4 {
				continue
			}
			seen[t.stem] = true
			cs = append(cs, cand{t.word, s.weight(t.stem)})
		}
		if len(cs) == 0 {
			continue
		}
		// highest rarity first, stable for equal weights
		for i := 1; i < len(cs); i++ {
			for j := i; j > 0 && cs[j].w > cs[j-1].w; j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
		n := min(len(cs), 4)
		terms := make([]string, n)
		for i := range n {
			terms[i] = cs[i].word
		}
		kps = append(kps, questions.KeyPoint{Text: strings.TrimSpace(sent), Terms: terms, Weight: 1})
		if len(kps) == 6 {
			break
		}
	}
	return kps
}

func isFunctionWord(w string) bool { t := tokenize(w); return len(t) == 0 || t[0].stop }

// codeSpans are fenced blocks and inline code in a model answer: not prose.
var codeSpans = regexp.MustCompile("(?s)```.*?(```|$)|`[^`\n]*`")

var (
	fences      = regexp.MustCompile("(?s)```.*?(```|$)")
	sentenceEnd = regexp.MustCompile(`([.!?]+)(\s+|$)|\n\s*\n`)
	abbreviated = regexp.MustCompile(`(?i)\b(e\.g|i\.e|etc|vs|cf|approx)\.$`)
	spaceRun    = regexp.MustCompile(`\s+`)
)

// sentences splits a model answer into its sentences, without its code blocks, each
// on one line; "e.g." and "i.e." end no sentence.
func sentences(text string) []string {
	text = fences.ReplaceAllString(text, "\n\n")
	var out []string
	cur := ""
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		piece := text[last:m[1]]
		last = m[1]
		cur += piece
		if abbreviated.MatchString(strings.TrimSpace(cur)) {
			continue
		}
		if s := strings.TrimSpace(spaceRun.ReplaceAllString(cur, " ")); s != "" {
			out = append(out, strings.TrimRight(s, "."))
		}
		cur = ""
	}
	cur += text[last:]
	if s := strings.TrimSpace(spaceRun.ReplaceAllString(cur, " ")); s != "" {
		out = append(out, strings.TrimRight(s, "."))
	}
	return out
}

// TermsFor picks the words that show a key point given as plain text (the `grade`
// input's key_points): its content words that the question does not already contain,
// longest first, at most four.
func TermsFor(text, question string) []string {
	inQuestion := map[string]bool{}
	for _, t := range tokenize(question) {
		inQuestion[t.stem] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range tokenize(text) {
		if t.stop || t.neg || inQuestion[t.stem] || seen[t.stem] || len(t.word) < 2 {
			continue
		}
		seen[t.stem] = true
		out = append(out, t.word)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > 4 {
		out = out[:4]
	}
	if len(out) == 0 {
		out = []string{strings.TrimSpace(text)}
	}
	return out
}
