package scoring

import "strings"

// normalise maps a word to the spelling the Snowball stemmer should see: American
// spelling for British -ise/-isation/-our, the base of comparatives and superlatives
// of common adjectives ("faster" → "fast", "easier" → "easy"), the base of common
// irregular verbs ("broke", "broken" → "break") and "-ily" adverbs ("lazily" →
// "lazy"). The stemmer alone leaves all of these apart.
func normalise(w string) string {
	if b, ok := irregular[w]; ok {
		return b
	}
	if b, ok := comparatives[w]; ok {
		return b
	}
	if b, ok := british[w]; ok {
		return b
	}
	if n := len(w); n >= 7 {
		for _, suf := range britishSuffixes {
			if strings.HasSuffix(w, suf[0]) {
				base := w[:n-len(suf[0])]
				if len(base) >= 4 && !notISE[base] {
					return base + suf[1]
				}
				break
			}
		}
	}
	if len(w) >= 6 && strings.HasSuffix(w, "ily") && !notILY[w] {
		return w[:len(w)-3] + "y"
	}
	return w
}

// britishSuffixes are -ise endings and their American spelling, longest first.
var britishSuffixes = [][2]string{
	{"isations", "izations"}, {"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"},
	{"isers", "izers"}, {"iser", "izer"}, {"ises", "izes"}, {"ise", "ize"},
}

// notISE are stems that end in -ise in American English too.
var notISE = map[string]bool{
	"prom": true, "prec": true, "otherw": true, "likew": true, "clockw": true, "conc": true,
	"exerc": true, "advert": true, "comprom": true, "enterpr": true, "surpr": true,
	"prem": true, "superv": true, "compr": true, "appra": true, "expert": true,
	"franch": true, "merchand": true, "disgu": true, "improv": true, "telev": true,
	"chast": true, "desp": true, "rev": true, "dev": true, "adv": true, "upr": true,
	"exc": true, "inc": true, "prais": true, "cru": true, "bru": true, "circumc": true,
}

var notILY = map[string]bool{"family": true, "homily": true, "anomaly": true}

// british spellings the suffix rules do not cover.
var british = map[string]string{
	"behaviour": "behavior", "behaviours": "behaviors", "colour": "color", "favour": "favor",
	"favourite": "favorite", "honour": "honor", "labour": "labor", "neighbour": "neighbor",
	"flavour": "flavor", "catalogue": "catalog", "licence": "license", "defence": "defense",
	"offence": "offense", "analyse": "analyze", "analysed": "analyzed", "analyses": "analyzes",
	"analysing": "analyzing", "paralyse": "paralyze", "centre": "center", "artefact": "artifact",
	"programme": "program", "judgement": "judgment", "cancelled": "canceled", "cancelling": "canceling",
	"modelling": "modeling", "modelled": "modeled", "labelled": "labeled", "labelling": "labeling",
	"travelled": "traveled", "signalling": "signaling", "signalled": "signaled", "queueing": "queuing",
}

// irregular verb forms and the base the stemmer knows.
var irregular = map[string]string{
	"ran": "run", "written": "write", "wrote": "write", "built": "build", "kept": "keep",
	"held": "hold", "threw": "throw", "thrown": "throw", "caught": "catch", "found": "find",
	"sent": "send", "took": "take", "taken": "take", "gave": "give", "given": "give",
	"began": "begin", "begun": "begin", "broke": "break", "broken": "break", "chose": "choose",
	"chosen": "choose", "drew": "draw", "drawn": "draw", "fell": "fall", "fallen": "fall",
	"forgot": "forget", "forgotten": "forget", "froze": "freeze", "frozen": "freeze",
	"hid": "hide", "hidden": "hide", "led": "lead", "lost": "lose", "met": "meet",
	"paid": "pay", "shown": "show", "spent": "spend", "stood": "stand", "stuck": "stick",
	"told": "tell", "thought": "think", "understood": "understand", "won": "win",
	"wound": "wind", "bound": "bound", "got": "get", "gotten": "get", "made": "make",
	"did": "do", "done": "do", "went": "go", "gone": "go", "saw": "see", "seen": "see",
	"knew": "know", "known": "know", "grew": "grow", "grown": "grow", "hit": "hit",
	"fed": "feed", "bought": "buy", "brought": "bring", "sought": "seek", "swept": "sweep",
	"slept": "sleep", "left": "leave", "meant": "mean", "felt": "feel", "dealt": "deal",
	"rewrote": "rewrite", "rewritten": "rewrite", "overrode": "override", "overridden": "override",
	"undid": "undo", "undone": "undo", "rebuilt": "rebuild", "reran": "rerun", "arose": "arise",
	"arisen": "arise", "ate": "eat", "eaten": "eat", "rode": "ride", "ridden": "ride",
	"better": "good", "best": "good", "worse": "bad", "worst": "bad",
}

// comparatives maps the -er/-est forms of common adjectives to their base.
var comparatives = func() map[string]string {
	m := map[string]string{}
	for _, b := range []string{
		"fast", "slow", "cheap", "big", "small", "large", "safe", "simple", "easy", "hard",
		"short", "long", "strong", "weak", "high", "low", "new", "old", "late", "early",
		"clean", "quick", "light", "heavy", "tight", "loose", "strict", "wide", "narrow",
		"deep", "shallow", "fresh", "stale", "close", "dense", "sparse", "rich", "poor",
		"busy", "lazy", "young", "great", "few", "tiny", "huge", "hot", "cold", "full",
		"thin", "thick", "flat", "rare", "fair", "fine", "pure", "raw", "sure", "true",
		"tidy", "dirty", "messy", "noisy", "risky", "costly", "lean", "slim", "fat",
		"clear", "smart", "dumb", "cool", "warm", "soon", "near", "far", "neat", "nice",
		"bad", "sound", "lucky", "happy", "silly", "handy", "steady", "healthy", "tricky",
	} {
		forms := []string{b + "er", b + "est"}
		n := len(b)
		switch {
		case strings.HasSuffix(b, "e"):
			forms = append(forms, b+"r", b+"st")
		case strings.HasSuffix(b, "y"):
			forms = append(forms, b[:n-1]+"ier", b[:n-1]+"iest")
		case n >= 3 && isConsonant(b[n-1]) && isVowel(b[n-2]) && isConsonant(b[n-3]) && b[n-1] != 'w' && b[n-1] != 'y':
			forms = append(forms, b+b[n-1:]+"er", b+b[n-1:]+"est")
		}
		for _, f := range forms {
			if _, taken := m[f]; !taken && !notComparative[f] {
				m[f] = b
			}
		}
	}
	return m
}()

// notComparative are -er words that are nouns of their own.
var notComparative = map[string]bool{
	"lighter": true, "sounder": true, "longer": false, "closer": false, "hoter": true,
	"finer": false, "truer": false, "surer": false, "cooler": true, "nearer": false,
}

func isVowel(c byte) bool     { return strings.IndexByte("aeiou", c) >= 0 }
func isConsonant(c byte) bool { return c >= 'a' && c <= 'z' && !isVowel(c) }
