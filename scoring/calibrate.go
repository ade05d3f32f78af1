package scoring

import (
	"math"
)

// features are what the keyword scorer measures of an answer; combine turns them into
// a score. They are kept apart so the calibration against human grades
// (testdata/eval.jsonl) can be checked and re-tuned.
type features struct {
	kp       float64 // weighted share of the rubric's key points covered
	sim      float64 // tf-idf cosine similarity to the model answer
	recall   float64 // rarity-weighted share of the model answer's words the answer has
	contra   float64 // the same share for words stated with the opposite polarity
	tokens   int
	content  int // content words (not function words)
	glue     int // words that hold sentences together (articles, verbs "be", pronouns…)
	foreign  int // content words in a non-Latin script
	known    int // content words found anywhere in the bank
	novel    int // content words not in the question
	long     float64
	dontKnow bool
	termed   int  // words that are part of a rubric term the answer states
	refList  bool // the model answer is a list itself
}

// glueWords mark prose: an answer with almost none of them is a list of terms.
var glueWords = map[string]bool{
	"the": true, "a": true, "an": true, "is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"it": true, "its": true, "they": true, "them": true, "this": true, "that": true, "these": true, "those": true,
	"which": true, "who": true, "when": true, "because": true, "so": true, "if": true, "then": true, "than": true,
	"and": true, "or": true, "but": true, "to": true, "of": true, "with": true, "by": true, "as": true, "you": true,
	"we": true, "has": true, "have": true, "can": true, "will": true, "would": true, "does": true,
	"do": true, "into": true, "on": true, "at": true, "from": true, "not": true, "no": true, "only": true,
	"each": true, "every": true, "all": true, "there": true, "what": true, "where": true, "how": true, "should": true,
	"must": true, "may": true, "just": true, "also": true, "instead": true, "while": true, "after": true, "before": true,
}

func (s *KeywordScorer) features(r *rubric, toks []token, answer string) features {
	f := features{tokens: len(toks), refList: r.refList}
	seen := map[string]bool{}
	var got float64
	for i, t := range toks {
		if glueWords[t.word] {
			f.glue++
		}
		if t.stop || t.neg {
			continue
		}
		f.content++
		if !isASCII(t.stem) {
			f.foreign++
		}
		if s.vocab[t.stem] {
			f.known++
		}
		if !r.prompt[t.stem] {
			f.novel++
		}
		if w, ok := r.refWeights[t.stem]; ok && !seen[t.stem] {
			seen[t.stem] = true
			if negatedAt(toks, i) != r.refNeg[t.stem] {
				f.contra += w
			} else {
				got += w
			}
		}
	}
	if r.refTotal > 0 {
		f.recall = got / r.refTotal
		f.contra /= r.refTotal
	}
	covered := make([]bool, len(toks))
	for _, p := range r.points {
		for _, e := range p.entries {
			markTerms(toks, e.alts, covered)
		}
	}
	for _, c := range covered {
		if c {
			f.termed++
		}
	}
	f.sim = cosine(s.vector(toks), r.ref)
	f.dontKnow = dontKnow.MatchString(answer)
	if long := 4 * max(r.refLen, 40); len(toks) > long {
		f.long = float64(long) / float64(len(toks))
	}
	return f
}

// Calibration: how the measures weigh in, and the caps of the defences. Tuned on the
// evaluation set so that a correct answer in other words scores 80+, a partial one
// 40–70 and a wrong or off-topic one under 20 (docs/SCORING.md).
var calib = struct {
	wKP, wSim, wRecall  float64
	simFull, recallFull float64
	gamma, wContra      float64
	stuffingCap         float64
}{0.35, 0.1, 0.7, 0.6, 0.45, 1, 0.5, 25}

func combine(f features) (float64, []string) {
	c := calib
	x := c.wKP*f.kp + c.wSim*math.Min(1, f.sim/c.simFull) + c.wRecall*math.Min(1, f.recall/c.recallFull) - c.wContra*f.contra
	score := 100 * math.Pow(math.Max(0, math.Min(1, x)), c.gamma)
	var flags []string
	capAt := func(limit float64, flag string) {
		score = math.Min(score, limit)
		flags = append(flags, flag)
	}
	switch {
	case f.content == 0:
		capAt(0, "empty")
	case f.dontKnow && f.content < 8:
		capAt(5, "dont-know")
	case f.foreign*2 > f.content || (f.tokens >= 8 && f.glue*10 < f.tokens && f.known*10 < f.content*3):
		capAt(5, "wrong-language")
	}
	if f.content >= 3 && f.novel*5 < f.content {
		capAt(20, "repeats-question")
	}
	// A list of terms: almost no words that make sentences, or almost every word one
	// of the rubric's terms.
	// (Unless the question asks for a list: its model answer is one.)
	if !f.refList && (f.tokens >= 6 && f.glue*100 < f.tokens*15 || f.tokens >= 8 && f.termed*10 >= f.tokens*8) {
		capAt(c.stuffingCap, "stuffing")
	}
	if f.long > 0 {
		// Length earns nothing: a shotgun of every term the candidate can think of is
		// scaled back towards what the matched share would give a focused answer.
		score *= math.Max(0.6, math.Sqrt(f.long))
		flags = append(flags, "long")
	}
	return score, flags
}

// markTerms marks the words of every occurrence of the alternatives.
func markTerms(toks []token, alts [][]string, mark []bool) {
	occurrences(toks, alts, func(pos, length int) bool {
		for j := range length {
			mark[pos+j] = true
		}
		return true
	})
}
