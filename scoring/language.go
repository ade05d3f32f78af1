package scoring

import "unicode"

// The interview is graded in English. An answer in another language is not graded,
// and the candidate is told so in words they can act on, naming the language when
// its script or its commonest words make it clear.

// functionWords of the languages answers most often come in besides English; Latin
// script alone does not tell Spanish from English.
var functionWords = map[string]map[string]bool{
	"Spanish":    set("el", "la", "los", "las", "de", "del", "que", "y", "en", "para", "por", "con", "una", "es", "lo", "se", "cuando", "pero", "como", "otra", "cada"),
	"German":     set("der", "die", "das", "und", "ist", "nicht", "mit", "für", "eine", "ein", "wird", "auf", "zu", "den", "dem", "auch", "wenn", "oder", "man", "dass"),
	"French":     set("le", "la", "les", "des", "est", "et", "une", "un", "pour", "avec", "dans", "pas", "du", "au", "qui", "que", "sur", "ce", "mais", "donc"),
	"Portuguese": set("o", "os", "um", "uma", "não", "é", "com", "para", "em", "do", "da", "dos", "das", "que", "se", "por", "como", "mas", "ao", "como"),
	"Italian":    set("il", "lo", "gli", "è", "non", "per", "con", "una", "che", "di", "della", "del", "viene", "quindi", "sono", "alla", "dei", "nel", "anche"),
	"Dutch":      set("de", "het", "een", "en", "is", "niet", "van", "met", "voor", "dat", "op", "te", "wordt", "als", "bij"),
	"Polish":     set("jest", "nie", "i", "w", "na", "się", "że", "do", "to", "z", "dla", "jak", "czy", "oraz"),
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// language names the language of an answer that is not English, or "" for English
// (including English with code and foreign names in it). other is true when the
// answer is not English but its language is not recognised.
func language(toks []token) (name string, other bool) {
	var letters, latin, cyr, han, kana, hangul, arabic, greek, hebrew, devanagari int
	for _, t := range toks {
		if t.code {
			continue
		}
		for _, r := range t.word {
			if !unicode.IsLetter(r) {
				continue
			}
			letters++
			switch {
			case r < 0x250:
				latin++
			case unicode.Is(unicode.Cyrillic, r):
				cyr++
			case unicode.Is(unicode.Han, r):
				han++
			case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
				kana++
			case unicode.Is(unicode.Hangul, r):
				hangul++
			case unicode.Is(unicode.Arabic, r):
				arabic++
			case unicode.Is(unicode.Greek, r):
				greek++
			case unicode.Is(unicode.Hebrew, r):
				hebrew++
			case unicode.Is(unicode.Devanagari, r):
				devanagari++
			}
		}
	}
	if letters == 0 {
		return "", false
	}
	if latin*2 < letters {
		switch max(cyr, han, kana, hangul, arabic, greek, hebrew, devanagari) {
		case kana:
			return "Japanese", false
		case han:
			return "Chinese", false
		case cyr:
			return cyrillic(toks), false
		case hangul:
			return "Korean", false
		case arabic:
			return "Arabic", false
		case greek:
			return "Greek", false
		case hebrew:
			return "Hebrew", false
		case devanagari:
			return "Hindi", false
		}
		return "", true
	}
	// Latin script: English unless another language's function words outnumber
	// English ones.
	var en, prose int
	counts := map[string]int{}
	for _, t := range toks {
		if t.code {
			continue
		}
		prose++
		if englishFunction[t.word] {
			en++
		}
		for lang, ws := range functionWords {
			if ws[t.word] {
				counts[lang]++
			}
		}
	}
	bestLang, best := "", 0
	for lang, n := range counts {
		if n > best || n == best && lang < bestLang {
			bestLang, best = lang, n
		}
	}
	if prose >= 8 && best*10 >= prose*2 && best > 2*en {
		return bestLang, false
	}
	return "", false
}

// cyrillic tells Ukrainian from Russian by their own letters.
func cyrillic(toks []token) string {
	uk, ru := 0, 0
	for _, t := range toks {
		for _, r := range t.word {
			switch r {
			case 'і', 'ї', 'є', 'ґ':
				uk++
			case 'ы', 'э', 'ъ', 'ё':
				ru++
			}
		}
	}
	switch {
	case uk > ru:
		return "Ukrainian"
	case ru > 0:
		return "Russian"
	}
	return "Russian or another Cyrillic-script language"
}

// englishFunction are common English words that no other listed language shares.
var englishFunction = set("the", "is", "are", "and", "of", "to", "it", "that", "this", "with", "for", "when", "you", "be", "was", "not", "but", "which", "so", "if", "can", "by", "an", "or", "from", "its", "each", "then", "they", "has", "have", "does", "only")

// languageFeedback tells the candidate why the answer was not graded.
func languageFeedback(name string) string {
	if name == "" {
		return "Not graded: this answer does not seem to be in English, and answers are graded in English. Answer in English to get a score."
	}
	return "Not graded: this answer seems to be in " + name + ", and answers are graded in English. Answer in English to get a score."
}
