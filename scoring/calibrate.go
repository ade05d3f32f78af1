package scoring

import (
	"math"
)

// features are what the keyword scorer measures of an answer besides its checklist.
// They are kept apart so the calibration against human grades (testdata/eval.jsonl)
// can be checked and re-tuned.
type features struct {
	kp        float64 // weighted share of the rubric's key points earned (K)
	sim       float64 // tf-idf cosine similarity to the model answer
	recall    float64 // rarity-weighted share of the model answer's words the answer has
	contra    float64 // the same share for words stated clearly the other way round
	tokens    int
	content   int // content words (not function words)
	glue      int // words that hold sentences together (articles, verbs "be", pronouns…)
	known     int // content words found anywhere in the bank
	novel     int // content words not in the question
	long      float64
	dontKnow  bool
	lang      string // the answer's language when it is not English
	otherLang bool   // not English, language not recognised
	stuffed   bool   // mostly a list of terms that states no relation
	salad     bool   // buzzwords around the rubric's terms
	refList   bool   // the model answer is a list itself
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

// Calibration: the weight of the tie-breaker, and the thresholds of the evidence and
// defence rules. Tuned on the evaluation set (docs/SCORING.md).
var calib = struct {
	simFull         float64 // similarity that counts as the model answer's wording
	wContra         float64 // how much words stated the other way round take off
	evidencePartial float64 // share of a point's own words that makes it partly covered
	evidenceFull    float64 // … covered, for a point derived from the model answer
	stuffedShare    float64 // share of content words in lists that makes an answer a list
	saladBuzz       int     // buzzwords that make prose salad…
	saladShare      float64 // …when they are this share of its content words
}{
	simFull: 0.5, wContra: 1.0,
	evidencePartial: 0.5, evidenceFull: 0.6,
	stuffedShare: 0.6, saladBuzz: 3, saladShare: 0.05,
}

func (f features) quality() float64 {
	c := calib
	return math.Min(1, f.sim/c.simFull)
}

func (s *KeywordScorer) features(r *rubric, rd *reading, answer string) features {
	toks := rd.toks
	f := features{tokens: len(toks), refList: r.refList}
	seen := map[string]bool{}
	var got float64
	listedContent := 0
	for i, t := range toks {
		if glueWords[t.word] {
			f.glue++
		}
		if t.stop || t.neg {
			continue
		}
		f.content++
		if rd.listed[i] {
			listedContent++
		}
		if s.vocab[t.stem] {
			f.known++
		}
		if !r.prompt[t.stem] {
			f.novel++
		}
		if w, ok := r.refWeights[t.stem]; ok && !seen[t.stem] {
			seen[t.stem] = true
			// a word the model answer asserts, clearly denied here, or the reverse
			pol := rd.ni.at(toks, i)
			if pol == negDirect && !r.refNeg[t.stem] || pol == posClean && r.refNeg[t.stem] && !t.code {
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
	f.sim = cosine(s.vector(toks), r.ref)
	f.dontKnow = dontKnow.MatchString(answer)
	if long := 4 * max(r.refLen, 40); len(toks) > long {
		f.long = float64(long) / float64(len(toks))
	}
	f.lang, f.otherLang = language(toks)
	if !f.otherLang && f.lang == "" && f.tokens >= 8 && f.glue*10 < f.tokens && f.known*10 < f.content*3 {
		f.otherLang = true // almost no English glue and few words the bank knows
	}
	// A list of terms: hardly a word or mark that relates them, or almost nothing but
	// the rubric's terms; or most of its words in lists that state no relation.
	var prose, predicates, termed int
	for i, t := range toks {
		if t.block {
			continue
		}
		prose++
		if i > 0 && t.rel || relationWords[t.word] && !negationOnly[t.word] {
			predicates++
		}
		if rd.termed[i] {
			termed++
		}
	}
	f.stuffed = !f.refList && (prose >= 6 && predicates*100 < prose*12 ||
		prose >= 8 && termed*100 >= prose*75 && predicates*100 < prose*25 ||
		f.content >= 5 && float64(listedContent) >= calib.stuffedShare*float64(f.content))
	buzz, content := saladScore(toks)
	f.salad = buzz >= calib.saladBuzz && float64(buzz) >= calib.saladShare*float64(content)
	return f
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
