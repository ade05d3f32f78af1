package scoring

import (
	"regexp"
	"strings"
)

// An entity is one of the things a question contrasts: `is` and `==`, 401 and 403,
// select_related and prefetch_related, PUT and PATCH, authentication and permissions.
// What an answer says in a clause is bound to the entity it is said of, so "PATCH
// replaces the whole resource" is a claim about PATCH however much it sounds like the
// model answer's claim about PUT.
type entity struct {
	phrases []phrase
	weak    bool // a function word ("is", "in"): an entity only in code or backticks
}

type entities []entity

// mention is an entity found in a text.
type mention struct {
	pos, n, ent int
	contrast    bool // "unlike PUT", "rather than a JOIN": named, but nothing is said of it
}

// add registers an entity spelled by the phrases, merging with an existing one that
// shares a phrase; it returns the entity's index.
func (es *entities) add(ps []phrase, weak bool) int {
	for i, e := range *es {
		for _, a := range e.phrases {
			for _, b := range ps {
				if samePhrase(a, b) {
					for _, p := range ps {
						if !e.has(p) {
							(*es)[i].phrases = append((*es)[i].phrases, p)
						}
					}
					return i
				}
			}
		}
	}
	*es = append(*es, entity{phrases: ps, weak: weak})
	return len(*es) - 1
}

func (e entity) has(p phrase) bool {
	for _, q := range e.phrases {
		if samePhrase(p, q) {
			return true
		}
	}
	return false
}

func samePhrase(a, b phrase) bool {
	if len(a.parts) != len(b.parts) {
		return false
	}
	for i := range a.parts {
		if a.parts[i] != b.parts[i] {
			return false
		}
	}
	return true
}

// genericAcronyms are capitalised words of prompts that name no side of a contrast.
var genericAcronyms = map[string]bool{
	"api": true, "apis": true, "http": true, "https": true, "rest": true, "json": true, "sql": true,
	"orm": true, "drf": true, "url": true, "urls": true, "aws": true, "db": true, "io": true,
	"cpu": true, "os": true, "ui": true, "id": true, "ids": true, "ok": true, "pep": true,
	"tls": true, "ssl": true, "dns": true, "tcp": true, "ip": true, "vm": true, "ci": true,
	"cd": true, "cli": true, "html": true, "css": true, "xml": true, "yaml": true, "csv": true,
	"ram": true, "gb": true, "mb": true, "kb": true, "ms": true, "ec2": true, "s3": true,
	"rds": true, "gil": true, "n": true, "i": true, "a": true, "ttl": true, "crud": true,
}

var (
	backticked = regexp.MustCompile("`([^`\n]+)`")
	identLike  = regexp.MustCompile(`\b([A-Za-z]+[a-z][A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|[A-Z]{2,}[0-9]*|[1-5][0-9][0-9])\b`)
)

// promptEntities are what a prompt names as code, identifiers, capitalised methods
// or status codes: the candidates for what its answer contrasts.
func promptEntities(prompt string, es *entities) {
	for _, m := range backticked.FindAllStringSubmatch(prompt, -1) {
		toks := tokenize(m[1])
		switch {
		case len(toks) == 1:
			es.add([]phrase{{parts: []part{{stem: toks[0].stem}}}}, toks[0].stop)
		case len(toks) == 2 && len(toks[0].word) > 1 && len(toks[1].word) > 1 && !toks[0].stop && !toks[1].stop:
			es.add([]phrase{{parts: []part{{stem: toks[0].stem}, {stem: toks[1].stem}}}}, false)
		}
	}
	for _, m := range identLike.FindAllString(backticked.ReplaceAllString(prompt, " "), -1) {
		toks := tokenize(m)
		if len(toks) != 1 || genericAcronyms[toks[0].word] {
			continue
		}
		es.add([]phrase{{parts: []part{{stem: toks[0].stem}}}}, false)
	}
}

// subjectEntities adds prompt words that open a key point ("Vertical scaling means
// …", "a unit test checks …"): what the key point says is said of them. A word that
// opens more than two key points is the topic, not a side.
func subjectEntities(prompt string, kpTexts []string, es *entities) {
	inPrompt := map[string]bool{}
	for _, t := range tokenize(prompt) {
		if !t.stop {
			inPrompt[t.stem] = true
		}
	}
	opens := map[string]int{}
	for _, text := range kpTexts {
		for _, t := range tokenize(text) {
			if t.stop || t.neg {
				continue
			}
			if inPrompt[t.stem] && len(t.word) > 2 && !genericAcronyms[t.word] {
				opens[t.stem]++
			}
			break
		}
	}
	for st, n := range opens {
		if n <= 2 {
			es.add([]phrase{{parts: []part{{stem: st}}}}, false)
		}
	}
}

// mentions finds the entities in a text, longest phrase first.
func (es entities) mentions(toks []token, ix index) []mention {
	var out []mention
	for ei, e := range es {
		for _, p := range e.phrases {
			first := p.parts[0]
			for _, i := range ix[first.stem] {
				pos := int(i)
				if !p.matchAt(toks, pos) || e.weak && !toks[pos].code && !operatorVerb(toks, pos+len(p.parts)) {
					continue
				}
				m := mention{pos: pos, n: len(p.parts), ent: ei, contrast: contrasted(toks, pos)}
				out = addMention(out, m)
			}
		}
	}
	// in text order
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].pos < out[j-1].pos; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func addMention(out []mention, m mention) []mention {
	for k, e := range out {
		if m.pos < e.pos+e.n && e.pos < m.pos+m.n {
			if m.n > e.n {
				out[k] = m
			}
			return out
		}
	}
	return append(out, m)
}

// binding is the entity (or coordinated entities, "PUT and DELETE") that what stands at
// pos is said of: the nearest mention before it in its clause, or, when the clause
// names none before it, the nearest after it ("a JOIN is what select_related adds").
// at is the position of the mention bound to, -1 for none.
type binding struct {
	ents uint64 // bit set of entity indexes
	at   int
}

func (b binding) has(ent int) bool { return ent < 64 && b.ents&(1<<uint(ent)) != 0 }

func bind(toks []token, ms []mention, pos int, clauseOf func(token) int) binding {
	c := clauseOf(toks[pos])
	best := -1
	for k, m := range ms {
		if m.pos >= pos {
			break
		}
		if clauseOf(toks[m.pos]) == c && !m.contrast {
			best = k
		}
	}
	if best < 0 {
		// only within the same short clause: "missing credentials give a 401", but
		// not "is checks identity and == checks equality"
		for k, m := range ms {
			if m.pos > pos && toks[m.pos].nclause == toks[pos].nclause && !m.contrast {
				best = k
				break
			}
		}
	}
	if best < 0 {
		return binding{at: -1}
	}
	b := binding{at: ms[best].pos}
	if ms[best].ent < 64 {
		b.ents = 1 << uint(ms[best].ent)
	}
	// coordinated mentions share what is said: "PUT and DELETE are idempotent"
	for k := best; k > 0; k-- {
		prev, cur := ms[k-1], ms[k]
		if !coordinated(toks, prev.pos+prev.n, cur.pos) {
			break
		}
		if prev.ent < 64 {
			b.ents |= 1 << uint(prev.ent)
		}
	}
	for k := best; k+1 < len(ms); k++ {
		cur, next := ms[k], ms[k+1]
		if next.pos > pos || !coordinated(toks, cur.pos+cur.n, next.pos) {
			break
		}
		if next.ent < 64 {
			b.ents |= 1 << uint(next.ent)
		}
	}
	return b
}

// coordinated reports whether only "and", "or", commas or slashes stand between
// two mentions.
func coordinated(toks []token, from, to int) bool {
	if to < from {
		return false
	}
	if to == from {
		return toks[to].sep
	}
	for j := from; j < to; j++ {
		switch toks[j].word {
		case "and", "or", "both", "either", "nor":
		default:
			return false
		}
	}
	return true
}

// operatorVerb reports whether the word at i reads as the verb of an operator named
// by a function word: "is compares identity", "in checks membership".
func operatorVerb(toks []token, i int) bool {
	if i >= len(toks) || toks[i].sent != toks[i-1].sent || !strings.HasSuffix(toks[i].word, "s") {
		return false
	}
	switch toks[i].stem {
	case "compar", "check", "test", "return", "mean", "look", "ask", "evalu", "verifi", "call", "determin", "decid", "tell", "see", "match", "work":
		return true
	}
	return false
}

func byClause(t token) int   { return t.clause }
func bySentence(t token) int { return t.sent }
