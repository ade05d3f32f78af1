package scoring

import (
	"regexp"
	"strings"

	"github.com/mockinterview/mockinterview/questions"
)

// phrase is one synonym of a rubric term, compiled: a sequence of stems, some of
// which may be placeholders ("clean_<field>" matches "clean_end_date"). A phrase
// that itself contains a negation ("no break", "without a flag", "not authenticated")
// carries its own polarity.
type phrase struct {
	parts     []part
	intrinsic bool     // contains a negation cue
	property  bool     // states a property ("thread-safe", "immutable", "in place"), not a name
	opposites []string // stems of the opposite of a one-word phrase ("slow" for "fast")…
	oppWords  []string // …and words ("mutable" for "immutable"), with their stems
	oppStems  []string
}

type part struct {
	stem   string
	prefix string // placeholder: any word that starts with prefix…
	suffix string // …and ends with suffix
	glob   bool
}

func (p part) match(t token) bool {
	if !p.glob {
		return t.stem == p.stem
	}
	w := t.word
	return len(w) > len(p.prefix)+len(p.suffix) && strings.HasPrefix(w, p.prefix) && strings.HasSuffix(w, p.suffix)
}

// term is one idea of a key point or misconception: its synonyms.
type term struct {
	text    string
	phrases []phrase
}

// placeholder finds "<field>" and the identifier around it: "clean_<fieldname>",
// "validate_<field_name>", "orders/<id>/items".
var placeholder = regexp.MustCompile(`([A-Za-z0-9_]*)<[A-Za-z_][A-Za-z0-9_ ]*>([A-Za-z0-9_]*)`)

// compileTerm turns a rubric term into phrases.
func compileTerm(text string) term {
	t := term{text: text}
	for _, syn := range questions.Synonyms(text) {
		if p, ok := compilePhrase(syn); ok {
			t.phrases = append(t.phrases, p)
		}
	}
	return t
}

func compilePhrase(syn string) (phrase, bool) {
	var p phrase
	rest := syn
	for rest != "" {
		loc := placeholder.FindStringSubmatchIndex(rest)
		head := rest
		if loc != nil {
			head = rest[:loc[0]]
		}
		for _, tk := range tokenize(head) {
			p.parts = append(p.parts, part{stem: tk.stem})
			p.intrinsic = p.intrinsic || tk.neg
		}
		if loc == nil {
			break
		}
		pre, suf := strings.ToLower(rest[loc[2]:loc[3]]), strings.ToLower(rest[loc[4]:loc[5]])
		p.parts = append(p.parts, part{glob: true, prefix: strings.TrimLeft(pre, "_"), suffix: strings.TrimRight(suf, "_")})
		rest = rest[loc[1]:]
	}
	// Only a property can be denied: "not thread-safe" is the opposite of
	// "thread-safe", while "BaseException is for KeyboardInterrupt" is no opposite of
	// "not BaseException".
	if words := strings.Fields(strings.ToLower(strings.ReplaceAll(syn, "-", ""))); len(words) > 0 {
		last := strings.Trim(words[len(words)-1], "().,`'\"")
		p.property = len(words) > 1 && !identifier(syn) || adjectival(last) || strings.HasSuffix(last, "ed") || strings.HasSuffix(last, "ing") || strings.HasSuffix(last, "safe")
	}
	if len(p.parts) == 1 && !p.parts[0].glob && !p.intrinsic {
		words := strings.Fields(strings.ToLower(strings.TrimSpace(syn)))
		if len(words) == 1 {
			p.opposites, p.oppWords = antonyms(words[0])
			for _, w := range p.oppWords {
				p.oppStems = append(p.oppStems, stem(w))
			}
		}
	}
	return p, len(p.parts) > 0
}

// identifier reports whether a synonym is a code name: "select_related",
// "BaseException", "asyncio.run".
func identifier(syn string) bool {
	return strings.ContainsAny(syn, "_.()") || strings.IndexFunc(syn[1:], func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
}

// occurrence is where a phrase of a term was found.
type occurrence struct {
	pos, n    int
	ph        int // which phrase of the term
	intrinsic bool
}

// index maps stems to their positions in a token sequence, so finding a phrase
// costs a lookup rather than a scan.
type index map[string][]int32

func indexTokens(toks []token) index {
	ix := make(index, len(toks))
	for i, t := range toks {
		ix[t.stem] = append(ix[t.stem], int32(i))
	}
	return ix
}

// find returns the occurrences of a term in toks, longest phrase first at each
// position, without overlaps: "not authenticated" wins over "authenticated".
func (t *term) find(toks []token, ix index) []occurrence {
	var out []occurrence
	for k, p := range t.phrases {
		first := p.parts[0]
		if first.glob {
			for i := range toks {
				if p.matchAt(toks, i) {
					out = addOcc(out, occurrence{i, len(p.parts), k, p.intrinsic})
				}
			}
			continue
		}
		for _, i := range ix[first.stem] {
			if p.matchAt(toks, int(i)) {
				out = addOcc(out, occurrence{int(i), len(p.parts), k, p.intrinsic})
			}
		}
	}
	return out
}

func (p *phrase) matchAt(toks []token, i int) bool {
	if i+len(p.parts) > len(toks) {
		return false
	}
	for j, pt := range p.parts {
		if !pt.match(toks[i+j]) {
			return false
		}
		if j > 0 && toks[i+j].sent != toks[i].sent {
			return false
		}
	}
	return true
}

// addOcc keeps the longest of overlapping occurrences.
func addOcc(out []occurrence, o occurrence) []occurrence {
	for k, e := range out {
		if o.pos < e.pos+e.n && e.pos < o.pos+o.n {
			if o.n > e.n {
				out[k] = o
			}
			return out
		}
	}
	return append(out, o)
}
