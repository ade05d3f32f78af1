package scoring

import (
	"slices"
	"testing"
)

func TestStemFamilies(t *testing.T) {
	same := [][]string{
		{"fast", "faster", "fastest"}, {"easy", "easier", "easiest"}, {"big", "bigger"},
		{"safe", "safer"}, {"simple", "simpler"}, {"lazy", "lazily", "laziness"},
		{"normalise", "normalize", "normalised", "normalizes"}, {"linearisation", "linearization"},
		{"amortised", "amortized"}, {"behaviour", "behavior"}, {"broke", "broken", "break"},
		{"wrote", "written", "write"}, {"caching", "cached", "caches"},
	}
	for _, family := range same {
		for _, w := range family[1:] {
			if stem(w) != stem(family[0]) {
				t.Errorf("stem(%q) = %q; want stem(%q) = %q", w, stem(w), family[0], stem(family[0]))
			}
		}
	}
	apart := [][2]string{{"user", "use"}, {"server", "serve"}, {"select_related", "select"}, {"lighter", "light"}}
	for _, p := range apart {
		if stem(p[0]) == stem(p[1]) {
			t.Errorf("stem(%q) = stem(%q) = %q", p[0], p[1], stem(p[0]))
		}
	}
	for _, w := range []string{"raise", "promise", "otherwise", "precise", "exercises", "never", "user"} {
		if n := normalise(w); n != w {
			t.Errorf("normalise(%q) = %q; want it unchanged", w, n)
		}
	}
}

func TestTokensKeepCode(t *testing.T) {
	words := func(s string) []string {
		var out []string
		for _, tk := range tokenize(s) {
			out = append(out, tk.stem)
		}
		return out
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"def __init__(self):", []string{"def", "init", "self"}},
		{"Q(a) | Q(b) & ~Q(c)", []string{"q", "a", "pipe", "q", "b", "&", "~", "q", "c"}},
		{"x == y, x != z, a <= b", []string{"x", "==", "y", "x", "!=", "z", "a", "<=", "b"}},
		{"clean_end_date and clean_<field>()", []string{"clean_end_date", "and", "clean_field"}},
		{"R&D and Q & A", []string{"r", "&", "d", "and", "q", "a"}},
		{"isn't, aren't and cannot", []string{"not", "not", "and", "not"}},
	}
	for _, tc := range tests {
		if got := words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	glob := compileTerm("clean_<fieldname>|validate_<field_name>")
	for _, w := range []string{"clean_end_date", "validate_price", "clean_<field>"} {
		toks := tokenize(w)
		if len(glob.find(toks, indexTokens(toks))) != 1 {
			t.Errorf("%q does not match clean_<fieldname>|validate_<field_name>", w)
		}
	}
	if toks := tokenize("clean"); len(glob.find(toks, indexTokens(toks))) != 0 {
		t.Errorf("clean alone matches the placeholder")
	}
}

func TestSentencesAndCode(t *testing.T) {
	toks := tokenize("It runs first, e.g. in 3.12. Then d.get(key) returns None.\n```python\nx = 1\nif x:\n    y = 2\n```\nDone")
	sents := map[int]bool{}
	code := 0
	for _, tk := range toks {
		sents[tk.sent] = true
		if tk.block {
			code++
		}
	}
	if len(sents) != 6 || code != 6 {
		t.Errorf("%d sentences, %d code tokens; want 6 and 6: %+v", len(sents), code, toks)
	}
	if !looksLikeCode("    return x") || !looksLikeCode("cond = Q(status='paid')") || looksLikeCode("PUT = full replace. PATCH = partial update.") || looksLikeCode("It returns None (or a default).") {
		t.Errorf("code lines misread")
	}
}
