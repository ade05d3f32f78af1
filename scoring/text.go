package scoring

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// token is one word (or code operator) of a text after normalisation, with what the
// scorer needs to know about where it stands: its sentence and clauses, whether it
// is code, and what separates it from the word before.
type token struct {
	word  string // lower-cased; underscores inside identifiers kept ("clean_end_date")
	stem  string
	stop  bool // an English function word
	neg   bool // a negation cue ("not", "isn't", "never", "without", "non")
	code  bool // inside a code block, a code line or backticks, or called: "clean()"
	block bool // inside a code block or a code line: code, not prose

	sent    int // tokens of one sentence share it
	clause  int // relation clause: a sentence split at ";" and at whereas/while/but…
	nclause int // negation clause: a clause split further at commas and conjunctions

	sep bool // a list separator (",", "/", "+", "&" in prose, "and"/"or") came right before
	rel bool // a relation marker (":", "=", "->", "(", …) came right before
}

// negations are the words that flip what follows them in the same clause. Apostrophes
// are dropped before this lookup, so "isn't" is "isnt". "non" comes from "non-root",
// "non-blocking", "non-CRUD".
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "neither": true, "nor": true, "without": true,
	"cannot": true, "cant": true, "dont": true, "doesnt": true, "didnt": true, "isnt": true,
	"arent": true, "wasnt": true, "werent": true, "wont": true, "wouldnt": true,
	"shouldnt": true, "couldnt": true, "mustnt": true, "neednt": true, "hasnt": true,
	"havent": true, "hadnt": true, "nothing": true, "non": true, "nobody": true,
}

// notForms are the spellings of "not": one stem, so a term "not authenticated"
// matches "aren't authenticated" and "isn't authenticated".
var notForms = map[string]bool{
	"not": true, "isnt": true, "arent": true, "wasnt": true, "werent": true, "doesnt": true,
	"dont": true, "didnt": true, "wont": true, "wouldnt": true, "shouldnt": true, "couldnt": true,
	"mustnt": true, "neednt": true, "hasnt": true, "havent": true, "hadnt": true, "cannot": true,
	"cant": true,
}

// symbolStems are the code operators kept as tokens, with the stem that also spells
// them in a rubric term: "|" cannot appear in a term (it separates synonyms), so the
// term says "pipe" and matches the operator.
var symbolStems = map[string]string{
	"==": "==", "!=": "!=", "<=": "<=", ">=": ">=", "|": "pipe", "&": "&", "~": "~", "^": "^",
}

// wordStems give operator names the operator's stem, so "tilde" matches "~".
var wordStems = map[string]string{"pipe": "pipe", "ampersand": "&", "tilde": "~", "caret": "^"}

// contrastWords end a relation clause: what follows is said of something else.
// "but" does not: "403 means the user is known but not allowed" is one claim.
var contrastWords = map[string]bool{
	"whereas": true, "while": true, "whilst": true, "however": true,
	"although": true, "though": true, "otherwise": true, "meanwhile": true,
}

// negStop ends the scope of a negation: "isn't thread-safe, so each request gets its
// own" negates only the first part.
var negStop = map[string]bool{
	"and": true, "or": true, "so": true, "because": true, "since": true, "which": true,
	"that": true, "then": true, "unless": true, "instead": true, "rather": true, "if": true,
	"when": true, "until": true, "thus": true, "hence": true, "where": true,
	"who": true, "except": true,
}

// codeStart and codeExpr recognise a line of code in an answer written without
// fences: a statement keyword or prompt at its start, or an assignment or call.
var (
	codeStart = regexp.MustCompile(`^(def |class |return\b|import |from \S+ import|for \S.* in \S.*:\s*$|if \S.*:\s*$|elif\b|else:\s*$|try:\s*$|except\b.*:\s*$|finally:\s*$|with \S.*:\s*$|async def |await |@[\w.]+(\(.*\))?\s*$|>>> |\$ |# |raise [A-Z]|yield\b|assert\b|SELECT\b|INSERT INTO\b|UPDATE \w+ SET\b|CREATE (TABLE|INDEX|UNIQUE)\b|ALTER TABLE\b|FROM [a-z]|RUN |COPY |CMD |ENV |WORKDIR |USER [a-z])`)
	codeExpr  = regexp.MustCompile(`^([A-Za-z_][\w.\[\]'"]*\s*[-+*/|&]?=\s*[^=\s].*[()\[\]{}'"]|[A-Za-z_][\w.]*\(.*\)\s*(#.*)?$)`)
)

// codeFirst are the first bytes a line of code can start with.
func codeFirst(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '@' || c == '>' || c == '$' || c == '#'
}

// looksLikeCode reports whether a line outside a fence is code. The regular
// expressions are the tokenizer's largest cost, so cheap looks come first.
func looksLikeCode(line string) bool {
	if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
		return true
	}
	t := strings.TrimSpace(line)
	if t == "" || !codeFirst(t[0]) {
		return false
	}
	if !codeStart.MatchString(t) && !(strings.ContainsAny(t, "=(") && codeExpr.MatchString(t)) {
		return false
	}
	return !proseLine.MatchString(line)
}

// proseLine is a line with a sentence break in it: prose, even if it starts like code.
var proseLine = regexp.MustCompile(`[a-z]{2}[.!?] +[A-Z][a-z]`)

// tokenize normalises text for matching.
func tokenize(text string) []token { return tokenizeWith(text, stem) }

// tokenizeWith splits text into tokens, recording sentence and clause boundaries,
// code and separators as it goes. stemFn is the (possibly cached) stemmer.
func tokenizeWith(text string, stemFn func(string) string) []token {
	var out []token
	sent, clause, nclause := 0, 0, 0
	pendSent, pendClause, pendNeg := false, false, false
	pendSep, pendRel := false, false
	inFence, inTick := false, false

	lines := strings.Split(text, "\n")
	prevEnded := true // the previous line ended a sentence
	for li, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
			pendSent = true
			prevEnded = true
			continue
		}
		isCode := inFence || looksLikeCode(line)
		switch {
		case trimmed == "":
			pendSent = true
			prevEnded = true
			continue
		case isCode || prevEnded || listItem(trimmed):
			pendSent = true
		case li > 0 && len(strings.TrimSpace(lines[li-1])) < 50:
			// a short line without final punctuation is an item of its own
			pendSent = true
		}
		inTick = false
		rs := []rune(line)
		var b strings.Builder
		flush := func(called bool) {
			w := strings.Trim(b.String(), "_")
			b.Reset()
			if w == "" {
				return
			}
			out = appendToken(out, w, stemFn, isCode, isCode || inTick || called, &sent, &clause, &nclause, &pendSent, &pendClause, &pendNeg, &pendSep, &pendRel)
		}
		for i := 0; i < len(rs); i++ {
			r := rs[i]
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
				b.WriteRune(unicode.ToLower(r))
				continue
			case (r == '\'' || r == '’') && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
				continue // inside a word: "don't" → "dont"
			case r == '<' && strings.HasSuffix(b.String(), "_"):
				// a placeholder written out: "clean_<field>()" is one name
				if j := strings.IndexRune(string(rs[i:min(len(rs), i+32)]), '>'); j > 1 {
					b.WriteString("field")
					i += j
					continue
				}
			}
			flush(r == '(')
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			prev := rune(0)
			if i > 0 {
				prev = rs[i-1]
			}
			if two := string([]rune{r, next}); next != 0 && (two == "==" || two == "!=" || two == "<=" || two == ">=") {
				out = appendToken(out, two, stemFn, isCode, true, &sent, &clause, &nclause, &pendSent, &pendClause, &pendNeg, &pendSep, &pendRel)
				pendRel = true
				i++
				continue
			}
			switch r {
			case '`':
				inTick = !inTick
			case '.', '!', '?':
				if r == '.' && (next == '.' || prev == '.') {
					continue // an ellipsis: "coroutine '...' was never awaited"
				}
				if r == '.' && (unicode.IsLetter(next) || unicode.IsDigit(next) || next == '_' || next == '(') {
					continue // d.get, 3.12, .filter(
				}
				if r == '.' && abbreviation(out) {
					continue
				}
				if isCode {
					pendNeg = true
					continue
				}
				pendSent = true
			case ';':
				pendClause = true // two statements: "401 means X; 403 means Y"
			case ',', '—', '–':
				pendNeg, pendSep = true, true
			case ':':
				pendNeg = true
				pendRel = pendRel || next == ' ' || next == 0
			case '(':
				pendNeg = true
				pendRel = pendRel || prev == ' ' // a parenthesis, not a call
			case ')', '[', ']', '{', '}':
				pendNeg = true
			case '/', '+':
				pendSep = true
			case '-':
				if next == '>' {
					pendRel, pendNeg = true, true
					i++
				} else if prev == ' ' && next == ' ' {
					pendNeg = true
				}
			case '→', '⇒', '≈', '≠', '≤', '≥':
				pendRel, pendNeg = true, true
			case '=', '<', '>':
				spaced := prev == ' ' && next == ' ' || r == '=' && (prev == ' ' || next == ' ' || next == '>')
				if r == '=' && next == '>' {
					i++
				}
				pendRel = pendRel || spaced // "PUT = full replace", not "i=i"
			case '|', '&', '~', '^':
				if r == '&' && !isCode && !inTick && prev == ' ' && next == ' ' {
					pendSep = true // "A & B" in prose is "and"
					continue
				}
				if r == '|' && next == '|' || r == '&' && next == '&' {
					i++ // "||", "&&": boolean operators in other languages
					pendRel = true
					continue
				}
				out = appendToken(out, string(r), stemFn, isCode, true, &sent, &clause, &nclause, &pendSent, &pendClause, &pendNeg, &pendSep, &pendRel)
				pendRel = true
			}
		}
		flush(false)
		prevEnded = isCode || endsSentence(trimmed)
		if isCode {
			pendSent = true
		}
	}
	return out
}

// appendToken adds one token, applying the boundaries seen since the last one.
func appendToken(out []token, w string, stemFn func(string) string, block, code bool, sent, clause, nclause *int, pendSent, pendClause, pendNeg, pendSep, pendRel *bool) []token {
	if len(out) > 0 {
		switch {
		case *pendSent:
			*sent++
			*clause++
			*nclause++
		case *pendClause || contrastWords[w]:
			*clause++
			*nclause++
		case *pendNeg || negStop[w]:
			*nclause++
		}
	}
	t := token{word: w, code: code, block: block, sent: *sent, clause: *clause, nclause: *nclause, sep: *pendSep, rel: *pendRel}
	if st, ok := symbolStems[w]; ok {
		t.stem = st
	} else {
		t.stem = stemFn(w)
		t.stop = english.IsStopWord(w) || extraStop[w]
		t.neg = negations[w]
		if notForms[w] {
			t.stem = "not" // "aren't allowed" is "not allowed"
		}
		if w == "and" || w == "or" {
			t.sep = true
		}
	}
	*pendSent, *pendClause, *pendNeg, *pendSep, *pendRel = false, false, false, false, false
	return append(out, t)
}

var listMarker = regexp.MustCompile(`^([-*•]|\d+[.)])\s`)

func listItem(line string) bool { return listMarker.MatchString(line) }

func endsSentence(line string) bool {
	if line == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(".!?:;", r)
}

// abbreviation reports whether the period after the last token ends an abbreviation
// such as "e.g." or "etc." rather than a sentence.
func abbreviation(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[len(toks)-1].word {
	case "e", "g", "i", "eg", "ie", "etc", "vs", "cf", "approx", "incl", "resp", "mr", "dr", "no":
		return true
	}
	return false
}

// stem reduces a lower-case word to the form words of one family share: British
// spellings become American, comparatives and common irregular forms their base,
// then the Snowball English stemmer, so "caching", "cached" and "caches",
// "normalise" and "normalized", "faster" and "fast" compare equal. Identifiers with
// underscores are kept whole.
func stem(w string) string {
	if st, ok := wordStems[w]; ok {
		return st
	}
	if len(w) <= 2 || !isASCII(w) || strings.Contains(w, "_") {
		return w
	}
	w = normalise(w)
	if len(w) <= 2 {
		return w
	}
	return english.Stem(w, true)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// stemCache remembers stems: answers repeat the same few thousand words, and the
// stemmer is the scorer's largest cost. It stops growing at a bound.
type stemCache struct {
	mu sync.RWMutex
	m  map[string]string
}

const maxStemCache = 200000

func (c *stemCache) stem(w string) string {
	c.mu.RLock()
	st, ok := c.m[w]
	c.mu.RUnlock()
	if ok {
		return st
	}
	st = stem(w)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	if len(c.m) < maxStemCache {
		c.m[w] = st
	}
	c.mu.Unlock()
	return st
}

// extraStop are words that carry no technical meaning in an answer but are not in the
// Snowball list.
var extraStop = map[string]bool{
	"also": true, "use": true, "used": true, "using": true, "uses": true, "like": true,
	"can": true, "will": true, "would": true, "could": true, "should": true, "may": true,
	"might": true, "must": true, "one": true, "thing": true, "things": true, "way": true,
	"get": true, "gets": true, "make": true, "makes": true, "just": true, "really": true,
	"basically": true, "actually": true, "think": true, "know": true, "dont": true,
	"yes": true, "well": true, "example": true, "e": true, "g": true, "eg": true, "ie": true,
	"etc": true, "lot": true, "lots": true, "much": true, "many": true, "something": true,
}
