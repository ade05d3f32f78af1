package scoring

// Order claims: "authentication runs first, then permissions" against "permissions
// are checked first, and authentication only runs afterwards". When a key point's
// text puts two sides of the question in an order, an answer that puts the same two
// in the other order swaps them, whatever its vocabulary.

var orderWords = map[string]bool{
	"first": true, "then": true, "before": true, "after": true, "afterwards": true,
	"later": true, "next": true, "once": true, "precedes": true, "follows": true,
	"followed": true, "earlier": true, "last": true, "finally": true,
}

// order reads the order of two sides in each sentence that names both with an order
// word, from the first two mentions: agree when a comes first, disagree when b does.
func order(toks []token, ms []mention, a, b int) (agree, disagree bool) {
	done := map[int]bool{}
	for i := 0; i < len(ms); i++ {
		m1 := ms[i]
		if m1.contrast || m1.ent != a && m1.ent != b || done[toks[m1.pos].sent] {
			continue
		}
		for j := i + 1; j < len(ms); j++ {
			m2 := ms[j]
			if toks[m2.pos].sent != toks[m1.pos].sent {
				break
			}
			if m2.contrast || m2.ent == m1.ent || m2.ent != a && m2.ent != b {
				continue
			}
			sent := toks[m1.pos].sent
			marked, after := false, false
			for k, t := range toks {
				if t.sent != sent {
					continue
				}
				if orderWords[t.word] {
					marked = true
					if k > m1.pos && k < m2.pos && (t.word == "after" || t.word == "once") {
						after = true
					}
				}
				if k > m1.pos && k < m2.pos && (t.word == "then" || t.word == "before" || t.word == "first") {
					after = false
				}
			}
			if !marked {
				continue
			}
			first := m1.ent
			if after {
				first = m2.ent
			}
			if first == a {
				agree = true
			} else {
				disagree = true
			}
			done[sent] = true
			break
		}
	}
	return agree, disagree
}
