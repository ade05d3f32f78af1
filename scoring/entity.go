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
	// side: one of the things the question contrasts, which a claim can be
	// misattributed to; other entities (a variable in the prompt's snippet) only
	// stop a claim from being bound past them.
	side bool
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

// statusCodes are HTTP status codes.
var statusCodes = regexp.MustCompile(`\b[1-5][0-9][0-9]\b`)

// codeEntities adds the status codes the key points name ("401 for unauthenticated
// versus 403 for not permitted"): sides of a contrast the prompt may not spell out.
func codeEntities(kpTexts []string, es *entities) {
	for _, text := range kpTexts {
		for _, m := range statusCodes.FindAllString(text, -1) {
			(*es)[es.add([]phrase{{parts: []part{{stem: m}}}}, false)].side = true
		}
	}
}

// contrastPatterns find the sides a prompt contrasts: "the difference between a
// class attribute and an instance attribute", "PUT vs PATCH", "compare X, Y and Z".
var contrastPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\bdifferences? between (.+?)(?:[?.;]|, and |, how |, what |, when |, why |$)`),
	regexp.MustCompile(`(?i)\bcompare (.+?)(?:[?.;]|, and |$)`),
	regexp.MustCompile(`(?i)\b([\w` + "`" + `@().]+(?: [\w` + "`" + `@().]+)?) (?:vs\.?|versus) ([\w` + "`" + `@().]+(?: [\w` + "`" + `@().]+)?)`),
}

var sideSplit = regexp.MustCompile(`(?i),\s*(?:and |or )?|\s+(?:and|or|vs\.?|versus)\s+`)

// contrastEntities adds the distinguishing word of each side a prompt contrasts:
// the first content word that the sides do not share ("class", "instance";
// "vertical", "horizontal").
func contrastEntities(prompt string, es *entities) {
	for _, re := range contrastPatterns {
		for _, m := range re.FindAllStringSubmatch(prompt, -1) {
			var sides [][]token
			for _, g := range m[1:] {
				for _, side := range sideSplit.Split(g, -1) {
					var toks []token
					for _, t := range tokenize(side) {
						if !t.stop || t.code {
							toks = append(toks, t)
						}
					}
					if len(toks) > 0 && len(toks) <= 4 {
						sides = append(sides, toks)
					}
				}
			}
			// when the sides are code, a side without code ("`+` on lists") names
			// nothing the scorer can see
			coded := 0
			for _, side := range sides {
				for _, t := range side {
					if t.code {
						coded++
						break
					}
				}
			}
			if coded > 0 {
				kept := sides[:0]
				for _, side := range sides {
					var code []token
					for _, t := range side {
						if t.code {
							code = append(code, t)
						}
					}
					if len(code) > 0 {
						kept = append(kept, code)
					}
				}
				sides = kept
			}
			if len(sides) < 2 {
				continue
			}
			count := map[string]int{}
			for _, side := range sides {
				seen := map[string]bool{}
				for _, t := range side {
					if !seen[t.stem] {
						seen[t.stem] = true
						count[t.stem]++
					}
				}
			}
			for _, side := range sides {
				for _, t := range side {
					if count[t.stem] == 1 && !genericAcronyms[t.word] && len(t.word) > 1 {
						(*es)[es.add([]phrase{{parts: []part{{stem: t.stem}}}}, isFunctionWord(t.word))].side = true
						break
					}
				}
			}
		}
	}
}

// subjectEntities adds prompt words that open a key point ("Vertical scaling means
// …", "a unit test checks …"): what the key point says is said of them. A word that
// opens more than two key points is the topic, not a side.
func subjectEntities(prompt string, kpTexts []string, es *entities) {
	inPrompt := map[string]bool{}
	ptoks := tokenize(prompt)
	ms := es.mentions(ptoks, indexTokens(ptoks))
	for i, t := range ptoks {
		if t.stop {
			continue
		}
		// the head a prompt's sides share ("vertical and horizontal scaling") is the
		// topic, not a side
		head := false
		for _, m := range ms {
			head = head || m.pos+m.n == i || i+1 == m.pos
		}
		if !head {
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
			(*es)[es.add([]phrase{{parts: []part{{stem: st}}}}, false)].side = true
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
	// adjacent mentions name one thing by its first word: "vertical scaling"
	merged := out[:0]
	for _, m := range out {
		if k := len(merged) - 1; k >= 0 && merged[k].pos+merged[k].n == m.pos && toks[m.pos].nclause == toks[merged[k].pos].nclause {
			merged[k].n += m.n
			continue
		}
		merged = append(merged, m)
	}
	return merged
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
