package scoring

// Lists and heaps of terms. A telegraphic answer ("select_related -> JOIN, FK/O2O;
// prefetch_related -> 2nd query w/ IN") states relations with few words: arrows,
// colons, "for", "via", "per". A list of terms states none: "ForeignKey ManyToMany
// OneToOne CASCADE PROTECT". The scorer tells them apart item by item, so a short
// answer is never mistaken for stuffing, and a term that only appears in such a list
// counts as named, not explained.

// relationWords are the short words that relate the terms around them.
var relationWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "does", "do",
		"did", "can", "cannot", "will", "would", "should", "must", "may", "might", "means",
		"mean", "gives", "give", "returns", "return", "uses", "use", "runs", "run", "makes",
		"for", "with", "by", "via", "in", "into", "on", "onto", "from", "per", "than", "when",
		"if", "because", "so", "then", "instead", "only", "without", "at", "to", "of", "as",
		"after", "before", "until", "while", "whereas", "which", "that", "who", "where", "each",
		"every", "all", "both", "same", "own", "its", "their", "it", "they", "you", "we",
		"this", "these", "those", "there", "what", "how", "why", "becomes", "stays", "keeps",
		"needs", "need", "lets", "let", "gets", "get", "takes", "take", "calls", "call", "goes",
		"go", "hits", "hit", "causes", "cause", "creates", "create", "adds", "add", "checks",
		"check", "raises", "raise", "stores", "store", "holds", "hold", "sends", "send",
		"reads", "read", "writes", "write", "works", "work", "helps", "help", "blocks", "block",
		"locks", "lock", "shares", "share", "copies", "copy", "replaces", "replace", "compares",
		"compare", "wins", "win", "breaks", "break", "fails", "fail", "avoids", "avoid",
		"prevents", "prevent", "allows", "allow", "requires", "require", "skips", "skip",
		"happens", "happen", "via", "through", "over", "under", "between", "against", "vs",
		"versus", "unlike", "like", "about", "around", "not", "no", "never", "non", "isnt",
		"doesnt", "dont", "cant", "wont", "arent", "until", "once", "twice", "always",
	} {
		m[w] = true
	}
	return m
}()

// negationOnly are relation words that do not relate anything by themselves.
var negationOnly = map[string]bool{"not": true, "no": true, "never": true, "non": true}

// item is a run of tokens between list separators.
type item struct{ from, to int }

func items(toks []token) []item {
	var out []item
	start := 0
	for i, t := range toks {
		boundary := i > 0 && (t.sep || t.clause != toks[i-1].clause)
		if t.word == "and" || t.word == "or" {
			if i > start {
				out = append(out, item{start, i})
			}
			start = i + 1
			continue
		}
		if boundary && i > start {
			out = append(out, item{start, i})
			start = i
		}
	}
	if start < len(toks) {
		out = append(out, item{start, len(toks)})
	}
	return out
}

// relates reports whether an item states a relation: a relation word or a marker
// such as ":" or "->" between two things, or code. With the rubric's terms marked
// (occ: an occurrence number per token, 0 for none), the things are the terms and
// the other content words; an item made only of terms, whose only relation words are
// inside them ("None tuple early return", "retrieves creates replaces removes"),
// relates nothing.
func relates(toks []token, it item, occ []int32) bool {
	linked, linkedOutside := false, false
	for i := it.from; i < it.to; i++ {
		t := toks[i]
		if t.block {
			return true
		}
		if i > it.from && t.rel {
			linked, linkedOutside = true, true
		}
		if relationWords[t.word] && !negationOnly[t.word] {
			linked = true
			linkedOutside = linkedOutside || occ == nil || occ[i] == 0
		}
	}
	if !linked || occ == nil {
		return linked
	}
	things, outside := 0, false
	var last int32
	for i := it.from; i < it.to; i++ {
		t := toks[i]
		switch {
		case occ[i] == 0:
			if !t.stop && !t.neg && !relationWords[t.word] {
				things++
				outside = true
			}
		case occ[i] != last:
			things++
			last = occ[i]
		}
	}
	// a relation word of its own attached to a term relates it ("you don't need a
	// flag", "select_related for FKs"); a verb inside a term relates it only to
	// something else ("GET retrieves a resource")
	return linkedOutside && things >= 1 || outside && things >= 2
}

// listedTokens marks the tokens that stand in lists stating no relation: short
// items with no relation word or marker in a sentence where nothing relates them
// ("ForeignKey, ManyToMany, OneToOne."), and heaps of five or more words with
// almost none. "int, float, str and tuple are immutable" relates its list.
func listedTokens(toks []token, occ []int32) []bool {
	listed := make([]bool, len(toks))
	its := items(toks)
	relating, bareItems := map[int]bool{}, map[int]int{}
	// a sentence with a fair share of function words is prose, whatever its verbs
	stops, lens := map[int]int{}, map[int]int{}
	for i, t := range toks {
		lens[t.sent]++
		if t.stop && t.word != "and" && t.word != "or" && (occ == nil || occ[i] == 0) {
			stops[t.sent]++
		}
	}
	for sent, n := range lens {
		if n >= 4 && stops[sent]*100 >= n*20 {
			relating[sent] = true
		}
	}
	for _, it := range its {
		if relates(toks, it, occ) && !heap(toks, it) {
			relating[toks[it.from].sent] = true
		} else {
			bareItems[toks[it.from].sent]++
		}
	}
	for _, it := range its {
		n := it.to - it.from
		sent := toks[it.from].sent
		bare := !relates(toks, it, occ)
		if bare && !relating[sent] && (bareItems[sent] >= 3 || n >= 5 || distinctTerms(it, occ) >= 3) || heap(toks, it) {
			for i := it.from; i < it.to; i++ {
				if !toks[i].block {
					listed[i] = true
				}
			}
		}
	}
	return listed
}

// heap reports whether a long item has hardly any words that relate: "N+1
// select_related JOIN prefetch_related IN ForeignKey ManyToMany debug toolbar", or
// a long run of content words with no mark at all between them.
func heap(toks []token, it item) bool {
	n := it.to - it.from
	if n < 8 {
		return false
	}
	rel, marks, stop := 0, 0, 0
	for i := it.from; i < it.to; i++ {
		t := toks[i]
		if t.block {
			return false
		}
		if i > it.from && t.rel {
			marks++
		}
		if i > it.from && t.rel || relationWords[t.word] && !negationOnly[t.word] {
			rel++
		}
		if t.stop {
			stop++
		}
	}
	return stop*100 < n*30 && (rel*100 < n*12 || n >= 10 && marks == 0 && rel*100 < n*20)
}

// distinctTerms counts the rubric term occurrences in an item.
func distinctTerms(it item, occ []int32) int {
	if occ == nil {
		return 0
	}
	n := 0
	var last int32
	for i := it.from; i < it.to; i++ {
		if occ[i] != 0 && occ[i] != last {
			n++
		}
		last = occ[i]
	}
	return n
}
