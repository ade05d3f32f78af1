package scoring

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// KeywordScorer grades an answer offline and deterministically: each key point's terms
// (stemmed, with synonyms, negation-aware) give partial credit, similarity to the model
// answer weighted by how rare each word is across the bank adds the rest, and a set of
// defences stops empty, evasive, stuffed, parroted or foreign-language answers from
// scoring.
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

// rubric is a question compiled for matching.
type rubric struct {
	points     []point
	ref        map[string]float64 // tf-idf vector of the model answer
	refLen     int
	prompt     map[string]bool
	refWeights map[string]float64 // rarity of each content word of the model answer
	refNeg     map[string]bool    // the model answer states the word negated
	refTotal   float64
	refList    bool // the model answer is itself a list of terms, so a list is an answer
}

type point struct {
	text    string
	weight  float64
	entries []entry
	need    int
}

type entry struct {
	alts   [][]string
	refNeg bool // the model answer states it negated ("is not thread-safe")
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
			fmt.Fprintf(&sb, "\x00%s\x01%s\x01%g", kp.Text, strings.Join(kp.Terms, "\x02"), kp.Weight)
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

// build compiles a question's rubric for matching.
func (s *KeywordScorer) build(q *questions.Question) *rubric {
	refToks := tokenize(q.Reference)
	var r *rubric
	r = &rubric{ref: s.vector(refToks), refLen: len(refToks), prompt: map[string]bool{}, refWeights: map[string]float64{}, refNeg: map[string]bool{}}
	for _, t := range tokenize(q.Prompt) {
		if !t.stop {
			r.prompt[t.stem] = true
		}
	}
	prose := tokenize(codeSpans.ReplaceAllString(q.Reference, " "))
	glue := 0
	for _, t := range prose {
		if glueWords[t.word] {
			glue++
		}
	}
	r.refList = len(prose) >= 3 && glue*100 < len(prose)*20
	for i, t := range refToks {
		if t.stop || t.neg || r.refWeights[t.stem] > 0 {
			continue
		}
		r.refNeg[t.stem] = negatedAt(refToks, i)
		w := s.weight(t.stem)
		if r.prompt[t.stem] {
			w *= 0.3 // words the question already gives away show little
		}
		r.refWeights[t.stem] = w
		r.refTotal += w
	}
	kps := q.KeyPoints
	if len(kps) == 0 {
		kps = s.derive(q)
	}
	for _, kp := range kps {
		p := point{text: kp.Text, weight: kp.Weight}
		if p.weight <= 0 {
			p.weight = 1
		}
		for _, term := range kp.Terms {
			var e entry
			for _, syn := range questions.Synonyms(term) {
				if st := stems(syn); len(st) > 0 {
					e.alts = append(e.alts, st)
				}
			}
			if len(e.alts) == 0 {
				continue
			}
			neg, found := find(refToks, e.alts)
			e.refNeg = found && neg
			p.entries = append(p.entries, e)
		}
		if len(p.entries) == 0 {
			continue
		}
		p.need = (len(p.entries) + 1) / 2
		r.points = append(r.points, p)
	}
	return r
}

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
		ws, _ := words(sent)
		for _, w := range ws {
			st := stem(w)
			if isFunctionWord(w) || seen[st] || prompt[st] || len(w) < 3 {
				continue
			}
			seen[st] = true
			cs = append(cs, cand{w, s.weight(st)})
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

var sentenceEnd = regexp.MustCompile(`[.!?]+(\s+|$)|\n\s*\n`)

func sentences(text string) []string {
	var out []string
	for _, s := range sentenceEnd.Split(text, -1) {
		if s = strings.TrimSpace(s); len(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// occurrences calls fn with the position of every occurrence of any alternative
// (a stemmed phrase) in toks, until fn returns false.
func occurrences(toks []token, alts [][]string, fn func(pos, length int) bool) {
	for _, alt := range alts {
	next:
		for i := 0; i+len(alt) <= len(toks); i++ {
			for j, st := range alt {
				if toks[i+j].stem != st {
					continue next
				}
			}
			if !fn(i, len(alt)) {
				return
			}
		}
	}
}

// find reports whether any alternative occurs in toks, and whether it occurs only
// negated.
func find(toks []token, alts [][]string) (negated bool, found bool) {
	occurrences(toks, alts, func(pos, _ int) bool {
		found, negated = true, negatedAt(toks, pos)
		return negated // an unnegated occurrence settles it
	})
	return negated, found
}

// findPolarity looks for an occurrence with the given polarity; opposite reports
// that the term occurs only the other way round.
func findPolarity(toks []token, alts [][]string, neg bool) (matched, opposite bool) {
	occurrences(toks, alts, func(pos, _ int) bool {
		if negatedAt(toks, pos) == neg {
			matched, opposite = true, false
			return false
		}
		opposite = true
		return true
	})
	return matched, opposite
}

// negatedAt reports whether a negation stands within three words before position i in
// the same clause.
func negatedAt(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if toks[j].clause != toks[i].clause {
			return false
		}
		if toks[j].neg {
			return true
		}
	}
	return false
}

// vector is a tf-idf vector of the content words.
func (s *KeywordScorer) vector(toks []token) map[string]float64 {
	v := map[string]float64{}
	for _, t := range toks {
		if !t.stop && !t.neg {
			v[t.stem] += 1
		}
	}
	for k, tf := range v {
		v[k] = (1 + math.Log(tf)) * s.weight(k)
	}
	return v
}

func cosine(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for k, x := range a {
		na += x * x
		if y, ok := b[k]; ok {
			dot += x * y
		}
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

var dontKnow = regexp.MustCompile(`(?i)^\W*(i\s+)?(do\s*n[o']?t|dont|don’t|have\s+no|no)\s+(know|idea|clue)|^\W*(idk|dunno|no\s+idea|not\s+sure|pass|skip|nothing|n/?a|\?+|i\s+(can't|cannot|can’t)\s+(answer|remember|recall)|i\s+forgot|i\s+have\s+never\s+(used|heard))\W*`)

// Score grades the answer.
func (s *KeywordScorer) Score(_ context.Context, q *questions.Question, answer string) (interview.Result, error) {
	r := s.compile(q)
	toks := tokenizeWith(answer, s.stems.stem)
	res := interview.Result{Scorer: interview.ScorerKeyword}

	// Key points: partial credit for each entry shown with the model answer's polarity;
	// an entry stated the other way round ("is thread-safe" for "is not") counts against.
	var got, total float64
	for _, p := range r.points {
		matched, contradicted := 0, 0
		for _, e := range p.entries {
			ok, opp := findPolarity(toks, e.alts, e.refNeg)
			if ok {
				matched++
			} else if opp {
				contradicted++
			}
		}
		credit := math.Min(1, float64(max(0, matched-contradicted))/float64(p.need))
		got += credit * p.weight
		total += p.weight
		switch {
		case credit >= 1:
			res.Matched = append(res.Matched, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Covered: %s.", sentence(p.text)))
		case credit >= 0.5:
			res.Matched = append(res.Matched, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Partly covered: %s.", sentence(p.text)))
		case contradicted > 0:
			res.Missed = append(res.Missed, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Stated the opposite of: %s.", sentence(p.text)))
		default:
			res.Missed = append(res.Missed, p.text)
			res.Feedback = append(res.Feedback, fmt.Sprintf("Missed: %s.", sentence(p.text)))
		}
	}
	f := s.features(r, toks, answer)
	if total > 0 {
		f.kp = got / total
	}
	score, flags := combine(f)
	res.Flags = append(res.Flags, flags...)
	res.Score = clamp(int(math.Round(score)))
	res.Details = map[string]any{"key_points": round2(f.kp), "similarity": round2(f.sim), "recall": round2(f.recall)}
	return res, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func clamp(n int) int { return max(0, min(100, n)) }

// sentence turns a key point into the middle of a sentence: no trailing period, a
// lower-case first letter unless it starts an identifier or acronym.
func sentence(text string) string {
	text = strings.TrimRight(strings.TrimSpace(text), ".")
	rs := []rune(text)
	if len(rs) > 1 && unicode.IsUpper(rs[0]) && unicode.IsLower(rs[1]) {
		rs[0] = unicode.ToLower(rs[0])
	}
	return string(rs)
}

// TermsFor picks the words that show a key point given as plain text (the `grade`
// input's key_points): its content words that the question does not already contain,
// longest first, at most four.
func TermsFor(text, question string) []string {
	inQuestion := map[string]bool{}
	for _, t := range tokenize(question) {
		inQuestion[t.stem] = true
	}
	ws, _ := words(text)
	var out []string
	seen := map[string]bool{}
	for _, w := range ws {
		st := stem(w)
		if isFunctionWord(w) || negations[w] || inQuestion[st] || seen[st] || len(w) < 2 {
			continue
		}
		seen[st] = true
		out = append(out, w)
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
