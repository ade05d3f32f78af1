package scoring

import (
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// rubric is a question compiled for matching.
type rubric struct {
	points []point
	miscs  []misc
	ents   entities

	ref        map[string]float64 // tf-idf vector of the model answer
	refLen     int
	prompt     map[string]bool
	refWeights map[string]float64 // rarity of each content word of the model answer
	refNeg     map[string]bool    // the model answer states the word only negated
	refTotal   float64
	refList    bool // the model answer is itself a list of terms, so a list is an answer
	derived    bool // no rubric: the key points are the model answer's sentences
}

// point is a key point compiled: its terms, what the model answer and the key
// point's own text say about their polarity and what they are said of, and the words
// that show it when the terms do not.
type point struct {
	text   string
	weight float64
	share  float64 // of the whole rubric
	terms  []term
	expect []expectation
	need   int

	rel     questions.Relation
	related bool // terms must stand in relation (scope or order set, two terms or more)
	subject int  // entity of the first term, for a related point
	// participants are the entities the key point's own text names: a claim bound to
	// one of them ("the else doesn't run" for "break skips the else block") is no swap.
	participants uint64
	// order is the pair of sides the key point's text puts in order, first first;
	// {-1, -1} when it names no order.
	order [2]int

	evidence map[string]float64
	evTotal  float64
	listed   bool // the model answer itself lists this point's terms
}

// expectation is how a term is stated in the key point and the model answer: the
// polarity of each of its phrases where they appear, and what the term is said of.
type expectation struct {
	pols    []phrasePolarity
	context map[string]bool // content stems of the sentences that state it
	entity  int             // the one entity it is always said of, or -1
}

type phrasePolarity struct{ pos, neg, negDirect bool }

// misc is a misconception compiled.
type misc struct {
	text, correction string
	terms            []term
	rel              questions.Relation
	related          bool
	subject          int
	contradicts      []int // 0-based key points
}

// overlapsMention reports whether an occurrence is (part of) an entity's mention.
func overlapsMention(ms []mention, o occurrence) bool {
	for _, m := range ms {
		if m.pos < o.pos+o.n && o.pos < m.pos+m.n {
			return true
		}
	}
	return false
}

// build compiles a question's rubric for matching.
func (s *KeywordScorer) build(q *questions.Question) *rubric {
	refToks := tokenize(q.Reference)
	r := &rubric{ref: s.vector(refToks), refLen: len(refToks), prompt: map[string]bool{}, refWeights: map[string]float64{}, refNeg: map[string]bool{}}
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
	refNI := readNegation(refToks)
	for i, t := range refToks {
		if t.stop || t.neg {
			continue
		}
		neg := refNI.at(refToks, i).negated()
		if w, seen := r.refWeights[t.stem]; seen && w > 0 {
			r.refNeg[t.stem] = r.refNeg[t.stem] && neg
			continue
		}
		r.refNeg[t.stem] = neg
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
		r.derived = true
	}
	// Entities: what the prompt names, what key points open with, and the first term
	// of every related key point and misconception.
	promptEntities(q.Prompt, &r.ents)
	contrastEntities(q.Prompt, &r.ents)
	var kpTexts []string
	for _, kp := range kps {
		kpTexts = append(kpTexts, kp.Text)
	}
	subjectEntities(q.Prompt, kpTexts, &r.ents)
	codeEntities(kpTexts, &r.ents)
	related := func(rel questions.Relation, terms []string) bool {
		return (rel.Scope != questions.ScopeAnswer || rel.Ordered) && len(terms) >= 2
	}
	subjectOf := func(rel questions.Relation, terms []string) int {
		if !related(rel, terms) {
			return -1
		}
		t := compileTerm(terms[0])
		if len(t.phrases) == 0 {
			return -1
		}
		weak := true
		for _, p := range t.phrases {
			weak = weak && len(p.parts) == 1 && isFunctionWord(p.parts[0].stem)
		}
		e := r.ents.add(t.phrases, weak)
		r.ents[e].side = true
		return e
	}
	kpSubjects := make([]int, len(kps))
	for i, kp := range kps {
		kpSubjects[i] = subjectOf(kp.Relation, kp.Terms)
	}
	miscSubjects := make([]int, len(q.Misconceptions))
	for i, m := range q.Misconceptions {
		miscSubjects[i] = subjectOf(m.Relation, m.Terms)
	}

	// Where each key point's terms stand in the model answer and in every key point's
	// text: their polarity, and the entity they are said of.
	type text struct {
		toks []token
		ni   negInfo
		ms   []mention
	}
	read := func(s string) text {
		toks := tokenize(s)
		return text{toks, readNegation(toks), r.ents.mentions(toks, indexTokens(toks))}
	}
	ref := text{refToks, refNI, r.ents.mentions(refToks, indexTokens(refToks))}
	kpT := make([]text, len(kps))
	for i, kp := range kps {
		kpT[i] = read(kp.Text)
		// what a key point opens with is a side: "`annotate()` adds a value per row"
		for _, m := range kpT[i].ms {
			opener := true
			for j := 0; j < m.pos; j++ {
				opener = opener && kpT[i].toks[j].stop
			}
			if opener {
				r.ents[m.ent].side = true
			}
		}
	}

	var total float64
	for i, kp := range kps {
		p := point{text: kp.Text, weight: kp.Weight, rel: kp.Relation, related: related(kp.Relation, kp.Terms), subject: kpSubjects[i]}
		if p.weight <= 0 {
			p.weight = 1
		}
		for _, tt := range kp.Terms {
			t := compileTerm(tt)
			if len(t.phrases) == 0 {
				continue
			}
			p.terms = append(p.terms, t)
		}
		if len(p.terms) == 0 {
			continue
		}
		if len(p.terms) < 2 {
			p.related = false
		}
		// what the key point's terms are said of in its own text are its sides; the
		// other entities it names take part without being one
		var targets uint64
		for ti := range p.terms {
			for _, o := range p.terms[ti].find(kpT[i].toks, indexTokens(kpT[i].toks)) {
				if !overlapsMention(kpT[i].ms, o) {
					targets |= bind(kpT[i].toks, kpT[i].ms, o.pos, byClause).ents
				}
			}
		}
		if p.related && p.subject >= 0 && p.subject < 64 {
			targets |= 1 << uint(p.subject)
		}
		for _, m := range kpT[i].ms {
			if m.ent < 64 {
				p.participants |= 1 << uint(m.ent)
			}
		}
		p.participants &^= targets
		p.order = [2]int{-1, -1}
		for x := 0; x < len(kpT[i].ms) && p.order[0] < 0; x++ {
			for y := x + 1; y < len(kpT[i].ms); y++ {
				a, b := kpT[i].ms[x].ent, kpT[i].ms[y].ent
				if a == b || !r.ents[a].side || !r.ents[b].side {
					continue
				}
				if ok, rev := order(kpT[i].toks, kpT[i].ms, a, b); ok && !rev {
					p.order = [2]int{a, b}
				} else if rev && !ok {
					p.order = [2]int{b, a}
				}
				break
			}
		}
		for ti := range p.terms {
			e := expectation{entity: -1, context: map[string]bool{}, pols: make([]phrasePolarity, len(p.terms[ti].phrases))}
			ents := map[int]bool{}
			look := func(tx text, own, isRef bool) {
				for _, o := range p.terms[ti].find(tx.toks, indexTokens(tx.toks)) {
					if own && !o.intrinsic {
						for _, t := range tx.toks {
							if t.sent == tx.toks[o.pos].sent && !t.stop && !t.neg {
								e.context[t.stem] = true
							}
						}
					}
					if own && !o.intrinsic {
						pp := &e.pols[o.ph]
						switch pol := tx.ni.at(tx.toks, o.pos); {
						case pol == negDirect:
							pp.neg, pp.negDirect = true, true
						case pol == negDist && isRef:
							// the model answer's long sentences leave a distant
							// negation's scope unclear: "anything not needed for
							// the response went to Celery"
							pp.neg, pp.pos = true, true
						case pol == negDist || contrasted(tx.toks, o.pos) || absent(tx.toks, o.pos):
							pp.neg = true // "instead of stored access keys"
						default:
							pp.pos = true
						}
					}
					if overlapsMention(tx.ms, o) {
						continue
					}
					if b := bind(tx.toks, tx.ms, o.pos, byClause); b.at >= 0 {
						for ei := range r.ents {
							if b.has(ei) {
								ents[ei] = true
							}
						}
					}
				}
			}
			look(kpT[i], true, false)
			look(ref, true, true)
			for j := range kps {
				if j != i {
					look(kpT[j], false, false)
				}
			}
			if len(ents) == 1 {
				for ei := range ents {
					e.entity = ei
				}
			}
			for _, ph := range p.terms[ti].phrases {
				for _, pt := range ph.parts {
					delete(e.context, pt.stem)
				}
			}
			p.expect = append(p.expect, e)
		}
		p.need = (len(p.terms) + 1) / 2
		if p.related {
			p.need = len(p.terms)
		}
		p.evidence = map[string]float64{}
		add := func(st string, w float64) {
			if w > p.evidence[st] {
				p.evTotal += w - p.evidence[st]
				p.evidence[st] = w
			}
		}
		for _, t := range kpT[i].toks {
			if t.stop || t.neg || len(t.word) < 2 {
				continue
			}
			w := s.weight(t.stem)
			if r.prompt[t.stem] {
				w *= 0.3
			}
			add(t.stem, w)
		}
		total += p.weight
		r.points = append(r.points, p)
	}
	// A point whose terms the model answer itself lists may be answered with a list.
	refIx := indexTokens(refToks)
	_, refOcc := termOcc(refToks, r.points, func(t *term) []occurrence { return t.find(refToks, refIx) })
	refListed := listedTokens(refToks, refOcc)
	for i := range r.points {
		p := &r.points[i]
		p.share = p.weight / total
		n := 0
		for j := range p.terms {
			for _, o := range p.terms[j].find(refToks, refIx) {
				if refListed[o.pos] {
					n++
					break
				}
			}
		}
		p.listed = r.refList || n >= 2
	}

	for i, m := range q.Misconceptions {
		mc := misc{text: m.Text, correction: m.Correction, rel: m.Relation, related: related(m.Relation, m.Terms), subject: miscSubjects[i]}
		for _, tt := range m.Terms {
			if t := compileTerm(tt); len(t.phrases) > 0 {
				mc.terms = append(mc.terms, t)
			}
		}
		if len(mc.terms) == 0 {
			continue
		}
		if len(mc.terms) < 2 {
			mc.related = false
		}
		for _, k := range m.Contradicts {
			if k >= 1 && k <= len(kps) {
				mc.contradicts = append(mc.contradicts, k-1)
			}
		}
		if mc.correction == "" {
			mc.correction = "that is a common misconception: " + strings.TrimRight(m.Text, ".") + " is not right"
		}
		r.miscs = append(r.miscs, mc)
	}
	return r
}
