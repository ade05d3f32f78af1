package scoring

// Buzzword salad: fluent prose that names many of the rubric's terms and says nothing
// the rubric supports ("by synergistically leveraging select_related and
// prefetch_related, one can seamlessly optimize JOIN-centric pipelines"). Two signs
// together give it away: the vocabulary of management prose, which technical
// answers rarely use, and rubric terms that stand in enumerations instead of in
// statements.

// buzzwords are words that dress a claim up rather than make one; buzzPairs are
// the hyphenated ones, by their two stems.
var buzzwords, buzzPairs = func() (map[string]bool, map[[2]string]bool) {
	one, two := map[string]bool{}, map[[2]string]bool{}
	for _, w := range []string{
		"leverage", "leveraging", "leverages", "synergy", "synergies", "synergistic",
		"synergistically", "synergize", "synergizes", "holistic", "holistically", "paradigm",
		"seamless", "seamlessly", "robust", "empower", "empowers", "empowering", "unlock",
		"unlocks", "unlocking", "harness", "ecosystem", "journey", "landscape", "cornerstone",
		"backbone", "pillar", "pillars", "excellence", "frictionless", "streamline",
		"streamlines", "transformative", "innovative", "stakeholders", "orchestration",
		"visionary", "disruptive", "mindset", "topologies", "topology", "devsecops",
		"cutting-edge", "world-class", "best-in-class", "game-changing", "game-changer",
		"enterprise-grade", "enterprise-scale", "mission-critical", "future-proof",
		"next-level", "paradigm-shifting", "blazing-fast", "state-of-the-art", "value-add",
		"cloud-native", "zero-trust", "secure-by-design", "secure-by-default", "data-driven",
		"performance-first", "api-first", "production-grade", "industry-leading",
	} {
		toks := tokenize(w)
		switch len(toks) {
		case 1:
			one[toks[0].stem] = true
		default:
			two[[2]string{toks[0].stem, toks[1].stem}] = true
		}
	}
	return one, two
}()

// saladScore counts an answer's buzzwords and content words.
func saladScore(toks []token) (buzz, content int) {
	for i, t := range toks {
		if t.stop || t.neg || t.code {
			continue
		}
		content++
		if buzzwords[t.stem] || i+1 < len(toks) && buzzPairs[[2]string{t.stem, toks[i+1].stem}] {
			buzz++
		}
	}
	return buzz, content
}
