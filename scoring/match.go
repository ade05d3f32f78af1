package scoring

import "github.com/mockinterview/mockinterview/questions"

// reading is an answer read once for all the rubric's checks.
type reading struct {
	ents      entities
	toks      []token
	ix        index
	ni        negInfo
	ms        []mention
	present   uint64  // entities the answer mentions (not merely as a contrast)
	listed    []bool  // tokens inside enumerations or heaps of terms that state no relation
	termed    []bool  // tokens that are part of a rubric term
	occ       []int32 // the term occurrence each token belongs to, 0 for none
	disclaims map[int]bool
	sentStems map[int]map[string]bool
	found     map[*term][]occurrence // each term's occurrences, found once
}

// occ returns a term's occurrences in the answer.
func (rd *reading) occs(t *term) []occurrence {
	if o, ok := rd.found[t]; ok {
		return o
	}
	o := t.find(rd.toks, rd.ix)
	rd.found[t] = o
	return o
}

func (s *KeywordScorer) read(r *rubric, answer string) *reading {
	toks := tokenizeWith(answer, s.stems.stem)
	rd := &reading{found: map[*term][]occurrence{}, ents: r.ents, toks: toks, ix: indexTokens(toks), ni: readNegation(toks), disclaims: map[int]bool{}}
	rd.ms = r.ents.mentions(toks, rd.ix)
	for _, m := range rd.ms {
		if !m.contrast && m.ent < 64 {
			rd.present |= 1 << uint(m.ent)
		}
	}
	rd.termed, rd.occ = termOcc(toks, r.points, rd.occs)
	rd.listed = listedTokens(toks, rd.occ)
	for _, t := range toks {
		if disclaimers[t.stem] {
			rd.disclaims[t.sent] = true
		}
	}
	return rd
}

// termOcc marks the tokens that belong to an occurrence of a rubric term, and numbers
// the occurrences.
func termOcc(toks []token, points []point, find func(*term) []occurrence) (termed []bool, occ []int32) {
	termed, occ = make([]bool, len(toks)), make([]int32, len(toks))
	var n int32
	for i := range points {
		for j := range points[i].terms {
			for _, o := range find(&points[i].terms[j]) {
				n++
				for k := o.pos; k < o.pos+o.n; k++ {
					termed[k] = true
					if occ[k] == 0 {
						occ[k] = n
					}
				}
			}
		}
	}
	return termed, occ
}

func (rd *reading) mentioned(ent int) bool {
	return ent >= 0 && ent < 64 && rd.present&(1<<uint(ent)) != 0
}

// sentenceStems are the content stems of a sentence, for comparing contexts.
func (rd *reading) sentenceStems(sent int) map[string]bool {
	if rd.sentStems == nil {
		rd.sentStems = map[int]map[string]bool{}
	}
	if m, ok := rd.sentStems[sent]; ok {
		return m
	}
	m := map[string]bool{}
	for _, t := range rd.toks {
		if t.sent == sent && !t.stop && !t.neg {
			m[t.stem] = true
		}
	}
	rd.sentStems[sent] = m
	return m
}

// Statuses of a key point.
const (
	stMissed = iota
	stPartial
	stCovered
	stListed   // its terms only appear in a list that states no relation
	stOpposite // stated with the opposite polarity
	stSwapped  // its terms are said of the wrong thing
	stContradicted
)

type pointResult struct {
	status int
	credit float64
}

// termState is what the answer does with one term of a key point.
type termState int

const (
	tsMissing termState = iota
	tsMatched
	tsListed // matched, but only inside a list
	tsOpposite
	tsSwapped
)

// opposite reports whether an occurrence states the term the other way round from
// the key point and model answer: a clear denial of what they clearly assert, or
// the reverse, in a sentence that shares their context.
func (rd *reading) opposite(o occurrence, e expectation, t *term) bool {
	if o.intrinsic || !t.phrases[o.ph].property {
		return false
	}
	a := rd.ni.at(rd.toks, o.pos)
	pp := e.pols[o.ph]
	switch {
	case a == negDirect && pp.pos && !pp.neg:
	case a == posClean && pp.neg && !pp.pos:
	default:
		return false
	}
	return rd.sharesContext(rd.toks[o.pos].sent, e.context)
}

// sharesContext reports whether a sentence of the answer is about what the rubric's
// sentence is about: two content words in common, or one in a short sentence.
func (rd *reading) sharesContext(sent int, context map[string]bool) bool {
	shared, n := 0, 0
	for st := range rd.sentenceStems(sent) {
		n++
		if context[st] {
			shared++
		}
	}
	return shared >= 2 || shared >= 1 && n <= 4
}

// misbound reports whether a claim bound as b is said of a rival of want: another
// side of the question, not one the key point itself names.
func (rd *reading) misbound(b binding, want int, participants uint64) bool {
	if b.at < 0 || b.has(want) || b.ents&participants != 0 || want < 0 || want >= len(rd.ents) || !rd.ents[want].side {
		return false
	}
	for ei := range rd.ents {
		if b.has(ei) && rd.ents[ei].side {
			return true
		}
	}
	return false
}

// termIn classifies one term of an unrelated key point.
func (rd *reading) termIn(t *term, e expectation, participants uint64) termState {
	state := tsMissing
	for _, o := range rd.occs(t) {
		if rd.opposite(o, e, t) {
			if state == tsMissing {
				state = tsOpposite
			}
			continue
		}
		if e.entity >= 0 && rd.mentioned(e.entity) && !rd.names(o, e.entity) && rd.misbound(bind(rd.toks, rd.ms, o.pos, byClause), e.entity, participants) {
			state = tsSwapped
			continue
		}
		if rd.listed[o.pos] {
			if state != tsMatched {
				state = tsListed
			}
			continue
		}
		return tsMatched
	}
	if state == tsMissing && rd.statesOpposite(t, e) {
		return tsOpposite
	}
	return state
}

// statesOpposite reports whether the answer clearly asserts the antonym of a phrase
// the key point and model answer clearly assert, in a sentence that shares their
// context: "tuples are mutable" against "tuples are immutable".
func (rd *reading) statesOpposite(t *term, e expectation) bool {
	for k, ph := range t.phrases {
		pp := e.pols[k]
		if len(ph.opposites)+len(ph.oppWords) == 0 || !pp.pos || pp.neg {
			continue
		}
		var at []int32
		for _, st := range ph.opposites {
			at = append(at, rd.ix[st]...)
		}
		for k, w := range ph.oppWords {
			for _, i := range rd.ix[ph.oppStems[k]] {
				if rd.toks[i].word == w {
					at = append(at, i)
				}
			}
		}
		{
			for _, i := range at {
				o := occurrence{pos: int(i), n: 1}
				if rd.ni.at(rd.toks, o.pos) != posClean {
					continue
				}
				if rd.sharesContext(rd.toks[o.pos].sent, e.context) {
					return true
				}
			}
		}
	}
	return false
}

// matchPoint grades one key point from its terms, and from the order of the sides
// it names.
func (rd *reading) matchPoint(p *point) pointResult {
	if p.order[0] >= 0 {
		if agree, disagree := order(rd.toks, rd.ms, p.order[0], p.order[1]); disagree && !agree {
			return pointResult{stSwapped, 0}
		}
	}
	if p.related {
		return rd.matchRelated(p)
	}
	var matched, listed, opp, swapped int
	for i := range p.terms {
		switch rd.termIn(&p.terms[i], p.expect[i], p.participants) {
		case tsMatched:
			matched++
		case tsListed:
			listed++
		case tsOpposite:
			opp++
		case tsSwapped:
			swapped++
		}
	}
	n := float64(matched+listed-opp-swapped) / float64(p.need)
	credit := clamp01(n)
	switch {
	case swapped > 0 && credit < 1:
		return pointResult{stSwapped, 0}
	case opp > 0 && credit < 0.5:
		return pointResult{stOpposite, 0}
	case listed > 0 && !p.listed && credit >= 0.5 && float64(matched-opp-swapped)/float64(p.need) < 0.5:
		return pointResult{stListed, listedCredit}
	}
	return pointResult{statusOf(credit), credit}
}

const listedCredit = 0.25

func statusOf(credit float64) int {
	switch {
	case credit >= 1:
		return stCovered
	case credit >= 0.5:
		return stPartial
	}
	return stMissed
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }

// scopeOf is the unit a relation must stay inside.
func scopeOf(rel questions.Relation) func(token) int {
	if rel.Scope == questions.ScopeClause {
		return byClause
	}
	return bySentence
}

// relation finds the best statement of a related rubric entry: an occurrence of its
// first term with as many of the others as possible in the same clause or sentence,
// said of it (not of another entity), in order when the entry is ordered. It also
// reports whether the terms appear said of something else or in reverse order.
func (rd *reading) relation(terms []term, expect []expectation, rel questions.Relation, subject int, participants uint64, strict bool) (best int, swapped bool) {
	unit := scopeOf(rel)
	for _, s := range rd.occs(&terms[0]) {
		if contrasted(rd.toks, s.pos) || strict && rd.denied(s) {
			continue
		}
		n, last := 1, s.pos
		reversed := false
		for j := 1; j < len(terms); j++ {
			found := false
			for _, o := range rd.occs(&terms[j]) {
				if unit(rd.toks[o.pos]) != unit(rd.toks[s.pos]) || o.pos == s.pos {
					continue
				}
				if strict && rd.denied(o) || !strict && expect != nil && rd.opposite(o, expect[j], &terms[j]) {
					continue
				}
				if !rd.isMention(o) {
					// what a claim is said of is read in its clause; "it means the
					// server knows you" after a semicolon still speaks of 403
					b := bind(rd.toks, rd.ms, o.pos, byClause)
					if b.at >= 0 && b.at != s.pos && !b.has(subject) && b.ents&participants == 0 {
						if rd.mentioned(subject) && rd.misbound(b, subject, participants) {
							swapped = true
						}
						continue
					}
					if strict && b.at >= 0 && subject >= 0 && subject < 64 && b.ents != 1<<uint(subject) {
						continue // "401 and 403 are errors" claims nothing about 401 alone
					}
				}
				if rel.Ordered && o.pos < last {
					reversed = true
					continue
				}
				found, last = true, o.pos
				break
			}
			if !found {
				break
			}
			n++
		}
		if n > best {
			best = n
		}
		if reversed && n < len(terms) {
			swapped = true
		}
	}
	if best == len(terms) {
		swapped = false
	}
	return best, swapped
}

// names reports whether an occurrence itself names the entity ("import time").
func (rd *reading) names(o occurrence, ent int) bool {
	for _, m := range rd.ms {
		if m.ent == ent && m.pos < o.pos+o.n && o.pos < m.pos+m.n {
			return true
		}
	}
	return false
}

// isMention reports whether an occurrence is itself an entity (the second term of
// "authentication before permissions"), which binds to nothing.
func (rd *reading) isMention(o occurrence) bool {
	for _, m := range rd.ms {
		if m.pos <= o.pos && o.pos < m.pos+m.n {
			return true
		}
	}
	return false
}

// denied reports whether a phrase is negated, contrasted or disclaimed: for a
// misconception, any of these means the answer does not state it.
func (rd *reading) denied(o occurrence) bool {
	t := rd.toks[o.pos]
	if rd.disclaims[t.sent] || contrasted(rd.toks, o.pos) {
		return true
	}
	return rd.ni.scope[o.pos] >= 0 || !o.intrinsic && rd.ni.at(rd.toks, o.pos).negated()
}

func (rd *reading) matchRelated(p *point) pointResult {
	best, swapped := rd.relation(p.terms, p.expect, p.rel, p.subject, p.participants, false)
	if best == len(p.terms) {
		return pointResult{stCovered, 1}
	}
	if swapped {
		return pointResult{stSwapped, 0}
	}
	credit := 0.0
	if best >= 2 {
		credit = float64(best) / float64(len(p.terms))
	}
	return pointResult{statusOf(credit), credit}
}

// states reports whether the answer states a misconception: every term, not negated
// or disclaimed, and in relation when the misconception says so.
func (rd *reading) states(m *misc) bool {
	if m.related {
		best, _ := rd.relation(m.terms, nil, m.rel, m.subject, 0, true)
		return best == len(m.terms)
	}
	for i := range m.terms {
		ok := false
		for _, o := range rd.occs(&m.terms[i]) {
			if !rd.denied(o) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// support is the rarity-weighted share of a key point's own words the answer has:
// evidence for a point stated in other words than its terms.
func (rd *reading) support(p *point) float64 {
	if p.evTotal == 0 {
		return 0
	}
	var got float64
	for st, w := range p.evidence {
		if _, ok := rd.ix[st]; ok {
			got += w
		}
	}
	return got / p.evTotal
}
