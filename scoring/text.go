package scoring

import (
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// token is one word of an answer after normalisation.
type token struct {
	word   string // lower-cased, before stemming
	stem   string
	stop   bool // an English function word
	neg    bool // a negation ("not", "isn't", "never", "without")
	clause int  // tokens of one clause share it; punctuation starts a new clause
}

// negations are the words that flip what follows them in the same clause. Apostrophes
// are dropped before this lookup, so "isn't" is "isnt".
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "neither": true, "nor": true, "without": true,
	"cannot": true, "cant": true, "dont": true, "doesnt": true, "didnt": true, "isnt": true,
	"arent": true, "wasnt": true, "werent": true, "wont": true, "wouldnt": true,
	"shouldnt": true, "couldnt": true, "mustnt": true, "neednt": true, "hasnt": true,
	"havent": true, "hadnt": true, "nothing": true, "none": false,
}

// words splits text into lower-case words: runs of letters, digits and underscores,
// with leading and trailing underscores dropped (so "__init__" is "init" and "mro()"
// is "mro") and apostrophes inside words removed ("don't" is "dont"). breaks[i] tells
// whether clause punctuation came before word i.
func words(text string) (ws []string, breaks []bool) {
	var b strings.Builder
	brk := false
	flush := func() {
		w := strings.Trim(b.String(), "_")
		b.Reset()
		if w != "" {
			ws = append(ws, w)
			breaks = append(breaks, brk)
			brk = false
		}
	}
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			// inside a word: "don't" → "dont"
		default:
			flush()
			switch r {
			case '.', ',', ';', ':', '!', '?', '(', ')', '\n':
				brk = true
			}
		}
	}
	flush()
	return ws, breaks
}

// stem reduces a lower-case word with the Snowball English stemmer, so "caching",
// "cached" and "caches" compare equal.
func stem(w string) string {
	if len(w) <= 2 || !isASCII(w) {
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

// tokenize normalises text for matching.
func tokenize(text string) []token { return tokenizeWith(text, stem) }

func tokenizeWith(text string, stem func(string) string) []token {
	ws, breaks := words(text)
	out := make([]token, len(ws))
	clause := 0
	for i, w := range ws {
		if breaks[i] {
			clause++
		}
		out[i] = token{word: w, stem: stem(w), stop: english.IsStopWord(w) || extraStop[w], neg: negations[w], clause: clause}
	}
	return out
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

// stems is the stem sequence of a phrase.
func stems(phrase string) []string {
	ws, _ := words(phrase)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(w)
	}
	return out
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
