package scoring

// Polarity of an occurrence: how sure the scorer is that a phrase is asserted or
// denied. Only a clear assertion can be "the opposite" of a clear denial and the other
// way round; everything in between gives the candidate the benefit of the doubt.
type polarity uint8

const (
	posClean  polarity = iota // no negation anywhere in its sentence
	posHedged                 // not negated, but the sentence negates or warns about something
	negDist                   // a negation earlier in its clause ("doesn't run the body")
	negDirect                 // a negation right before it ("not thread-safe", "no flag")
)

func (p polarity) negated() bool { return p >= negDist }

// negInfo is the negation reading of a token sequence: for each token, the position
// of the nearest negation cue scoping over it (-1 for none), and for each sentence
// whether it negates or warns about anything.
type negInfo struct {
	scope  []int32      // index of the negation cue in the same negation clause, or -1
	cond   []bool       // that negation is inside a condition: "if the items aren't hashable"
	hedged map[int]bool // negation clauses that deny or warn about something
}

// conditionals open a clause that supposes rather than states.
var conditionals = map[string]bool{"if": true, "unless": true, "when": true, "whether": true, "otherwise": true, "until": true}

// readNegation scopes each negation cue to the end of its clause: "it does not help
// CPU-bound work, which needs processes" negates "help CPU-bound work" only. A
// clause that warns or denies without a negation ("running as root is dangerous")
// is hedged: nothing in it is a clear assertion.
func readNegation(toks []token) negInfo {
	ni := negInfo{scope: make([]int32, len(toks)), cond: make([]bool, len(toks)), hedged: map[int]bool{}}
	last, clause, cond := int32(-1), -1, false
	for i, t := range toks {
		if t.nclause != clause {
			last, clause = -1, t.nclause
			cond = conditionals[t.word]
		}
		ni.scope[i] = last
		ni.cond[i] = cond && last >= 0
		if t.neg {
			last = int32(i)
			ni.hedged[t.nclause] = true
		} else if implicitNegators[t.stem] || disclaimers[t.stem] {
			ni.hedged[t.nclause] = true
		}
	}
	return ni
}

// at gives the polarity of a phrase that starts at position i and spans n tokens.
func (ni negInfo) at(toks []token, i int) polarity {
	cue := ni.scope[i]
	if cue < 0 {
		if ni.hedged[toks[i].nclause] {
			return posHedged
		}
		return posClean
	}
	if ni.cond[i] {
		return negDist // "falls over if the items aren't hashable" denies nothing
	}
	// direct: only light words between the cue and the phrase
	heavy := 0
	for j := int(cue) + 1; j < i; j++ {
		if !lightWords[toks[j].word] {
			heavy++
		}
	}
	if i-int(cue) <= 4 && heavy == 0 {
		return negDirect
	}
	return negDist
}

// lightWords may stand between a negation and what it negates: "is not really
// thread-safe", "no long-lived access keys" counts "static" below as one heavy word.
var lightWords = map[string]bool{
	"a": true, "an": true, "the": true, "any": true, "be": true, "been": true, "being": true,
	"is": true, "are": true, "was": true, "were": true, "it": true, "its": true, "that": true,
	"really": true, "actually": true, "always": true, "even": true, "yet": true, "ever": true,
	"necessarily": true, "strictly": true, "fully": true, "truly": true, "at": true, "all": true,
	"quite": true, "very": true, "so": true, "too": true, "much": true, "more": true,
	"have": true, "has": true, "had": true, "do": true, "does": true, "did": true, "get": true,
	"you": true, "we": true, "they": true, "i": true, "them": true, "this": true, "those": true,
	"by": true, "of": true, "to": true, "in": true, "on": true, "for": true, "with": true,
	"need": true, "needed": true, "needs": true, "ever-": true, "longer": true,
}

// implicitNegators (by stem) mark a sentence that denies or warns without a
// negation word: "running as root is dangerous", "avoid blocking calls".
var implicitNegators = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"avoid", "instead", "rather", "bad", "wrong", "dangerous", "danger", "risk", "risky",
		"unsafe", "insecure", "prevent", "stop", "disable", "forbid", "forbidden", "lack",
		"lacks", "missing", "fail", "fails", "refuse", "reject", "unlike", "opposed", "never",
		"drop", "remove", "harmful", "pitfall", "trap", "problem", "bug", "mistake",
		"careful", "beware", "except", "neither", "hardly", "rarely", "unless", "anti",
	} {
		m[stem(w)] = true
	}
	return m
}()

// disclaimers mark a sentence that reports a claim as wrong ("a common mistake is to
// think 401 means forbidden"): a misconception in it is not stated.
var disclaimers = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"mistake", "myth", "misconception", "wrong", "incorrect", "false", "untrue",
		"confuse", "confusion", "mix", "misunderstanding", "contrary", "pitfall", "trap",
		"unlike", "opposed", "instead", "rather", "versus", "vs", "belief", "believe",
		"assume", "assumption", "misleading", "erroneous",
	} {
		m[stem(w)] = true
	}
	return m
}()

// contrastMarks before a mention make it a contrast, not a claim about it: "unlike
// PUT", "instead of threads", "rather than a JOIN", "compared with select_related".
var contrastMarks = map[string]bool{
	"unlike": true, "than": true, "versus": true, "vs": true, "instead": true, "not": true,
	"opposed": true, "compared": true, "rather": true, "without": true, "no": true,
}

// contrasted reports whether the phrase at i is introduced as a contrast; one word
// may stand between ("instead of stored access keys").
func contrasted(toks []token, i int) bool {
	heavy := 0
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if toks[j].nclause != toks[i].nclause {
			return false
		}
		if contrastMarks[toks[j].word] {
			return true
		}
		if !lightWords[toks[j].word] {
			if heavy++; heavy > 1 {
				return false
			}
		}
	}
	return false
}

// absence words deny what follows them in a key point or model answer ("missing
// Vary", "lacks permission") without being negations an answer is read by.
var absence = map[string]bool{
	"missing": true, "lack": true, "lacks": true, "lacking": true, "absent": true, "forgot": true,
	"forgetting": true, "forget": true, "omit": true, "omits": true, "omitted": true, "omitting": true,
	"skip": true, "skips": true, "skipping": true, "avoid": true, "avoids": true, "avoiding": true,
}

// absent reports whether an absence word stands right before the phrase at i.
func absent(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if absence[toks[j].word] {
			return true
		}
		if !lightWords[toks[j].word] {
			return false
		}
	}
	return false
}
