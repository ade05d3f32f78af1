package scoring

import "strings"

// Antonyms: "tuples are mutable" states the opposite of a key point whose term is
// "immutable" as surely as "tuples are not immutable" does. Only words whose
// opposite is unambiguous count: prefixed adjectives (un-, in-, im-, non-, dis-…)
// and a short list of pairs.

var antonymPairs = func() map[string][]string {
	pairs := [][2]string{
		{"always", "never"}, {"before", "after"}, {"first", "last"}, {"sync", "async"},
		{"synchronous", "asynchronous"}, {"synchronously", "asynchronously"}, {"lazy", "eager"},
		{"lazily", "eagerly"}, {"shallow", "deep"}, {"inclusive", "exclusive"},
		{"include", "exclude"}, {"increase", "decrease"}, {"fast", "slow"},
		{"stateless", "stateful"}, {"public", "private"},
		{"allowed", "forbidden"}, {"sequential", "parallel"}, {"sequentially", "concurrently"},
		{"cheap", "expensive"}, {"shared", "separate"}, {"accept", "reject"},
		{"enable", "disable"}, {"grow", "shrink"}, {"mutable", "immutable"},
		{"blocking", "nonblocking"}, {"explicit", "implicit"}, {"strong", "weak"},
		{"optional", "required"}, {"permanent", "temporary"}, {"static", "dynamic"},
		{"ascending", "descending"}, {"inner", "outer"}, {"minimum", "maximum"},
	}
	m := map[string][]string{}
	for _, p := range pairs {
		a, b := stem(p[0]), stem(p[1])
		m[a] = append(m[a], b)
		m[b] = append(m[b], a)
	}
	return m
}()

var negPrefixes = []string{"non", "un", "in", "im", "ir", "il", "dis"}

// adjectival reports whether a word reads as an adjective, the only words a prefix
// reliably negates ("consistent", "hashable", "safe"; not "stance" in "instance").
func adjectival(w string) bool {
	for _, suf := range []string{"able", "ible", "ent", "ant", "ive", "al", "ed", "ful", "ic", "ous", "ary", "ate", "ure", "safe", "ing"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	switch w {
	case "safe", "valid", "secure", "stable", "known", "correct", "complete", "visible", "possible", "necessary", "available", "atomic", "direct":
		return true
	}
	return false
}

// antonyms returns the opposites of a single word: stems of the listed pairs, and
// whole words for prefixed adjectives (their stems would meet unrelated words:
// "unordered" without its prefix is "ordered", whose stem is also "order").
func antonyms(word string) (stems, words []string) {
	w := strings.ToLower(strings.ReplaceAll(word, "-", ""))
	if as, ok := antonymPairs[stem(w)]; ok {
		stems = append(stems, as...)
	}
	for _, pre := range negPrefixes {
		if rest, ok := strings.CutPrefix(w, pre); ok && len(rest) >= 4 && adjectival(rest) {
			words = append(words, rest)
		}
	}
	if adjectival(w) {
		for _, pre := range negPrefixes {
			words = append(words, pre+w)
		}
	}
	return stems, words
}
