package questions

import (
	"fmt"
	"sort"
	"strings"
)

// Lint checks stages for every problem that would make an interview go wrong:
// missing or duplicate stages and ids, ids outside their stage, levels out of range,
// empty prompts or model answers, key points without terms, edges to unknown
// questions, CV templates without a {project} placeholder, and deep (level 3)
// questions that no edge leads to. Interviews enter a stage at levels 1–2, so a level-3
// question is reachable only through edges from one that is.
func Lint(stages []*Stage) []Problem {
	var ps []Problem
	add := func(file string, line int, id, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: line, ID: id, Message: fmt.Sprintf(format, args...)})
	}

	stageFile := map[string]*Stage{}
	for _, s := range stages {
		switch {
		case s.Key == "":
			add(s.File, s.Line, "", "missing stage key (stage: NAME)")
		case !validKey(s.Key):
			add(s.File, s.Line, "", "stage key %q: use lower-case letters, digits and '-'", s.Key)
		case stageFile[s.Key] != nil:
			add(s.File, s.Line, "", "stage %q is also defined in %s", s.Key, stageFile[s.Key].File)
		default:
			stageFile[s.Key] = s
		}
		if strings.TrimSpace(s.Title) == "" {
			add(s.File, s.Line, "", "stage %q has no title", s.Key)
		}
		if len(s.Questions) == 0 {
			add(s.File, s.Line, "", "stage %q has no questions", s.Key)
		}
	}

	byID := map[string]*Question{}
	for _, s := range stages {
		for _, q := range s.Questions {
			if q.ID == "" {
				add(q.File, q.Line, "", "question without an id")
				continue
			}
			if prev, ok := byID[q.ID]; ok {
				add(q.File, q.Line, q.ID, "duplicate id: first defined at %s:%d", prev.File, prev.Line)
				continue
			}
			byID[q.ID] = q
			prefix, _, ok := strings.Cut(q.ID, ".")
			switch {
			case !ok:
				add(q.File, q.Line, q.ID, "id must be STAGE.NAME, e.g. %s.%s", s.Key, q.ID)
			case stageFile[prefix] == nil:
				add(q.File, q.Line, q.ID, "unknown stage %q in the id (stages: %s)", prefix, strings.Join(keys(stageFile), ", "))
			case prefix != s.Key:
				add(q.File, q.Line, q.ID, "id names stage %q but the question is in stage %q", prefix, s.Key)
			}
			if q.Level < 1 || q.Level > 3 {
				add(q.File, q.Line, q.ID, "level %d: want 1 (warm-up), 2 (core) or 3 (deep)", q.Level)
			}
			if q.Prompt == "" {
				add(q.File, q.Line, q.ID, "empty prompt")
			}
			if q.Reference == "" {
				add(q.File, q.Line, q.ID, "empty reference (model answer)")
			}
			if len(q.KeyPoints) == 0 {
				add(q.File, q.Line, q.ID, "no key points: the answer cannot be scored")
			}
			for i, kp := range q.KeyPoints {
				if strings.TrimSpace(kp.Text) == "" {
					add(q.File, q.Line, q.ID, "key point %d has no text", i+1)
				}
				if len(kp.Terms) == 0 {
					add(q.File, q.Line, q.ID, "key point %d (%q) has no terms", i+1, kp.Text)
				}
				for _, t := range kp.Terms {
					if len(Synonyms(t)) == 0 {
						add(q.File, q.Line, q.ID, "key point %d (%q) has an empty term", i+1, kp.Text)
					}
				}
				if t := splitNumber(kp.Terms); t != "" {
					add(q.File, q.Line, q.ID, "key point %d (%q) has the term %q: a number split at its comma? Quote it (\"1,000\")", i+1, kp.Text, t)
				}
				if kp.Weight <= 0 {
					add(q.File, q.Line, q.ID, "key point %d (%q) has weight %g: want more than 0", i+1, kp.Text, kp.Weight)
				}
			}
			for i, m := range q.Misconceptions {
				switch {
				case m.Text == "":
					add(q.File, m.Line, q.ID, "misconception %d has no text", i+1)
				case len(m.Terms) == 0:
					add(q.File, m.Line, q.ID, "misconception %d (%q) has no terms", i+1, m.Text)
				case m.Correction == "":
					add(q.File, m.Line, q.ID, "misconception %d (%q) has no correction: say what is true instead", i+1, m.Text)
				}
				for _, t := range m.Terms {
					if len(Synonyms(t)) == 0 {
						add(q.File, m.Line, q.ID, "misconception %d (%q) has an empty term", i+1, m.Text)
					}
				}
				if t := splitNumber(m.Terms); t != "" {
					add(q.File, m.Line, q.ID, "misconception %d (%q) has the term %q: a number split at its comma? Quote it (\"1,000\")", i+1, m.Text, t)
				}
				for _, k := range m.Contradicts {
					if k < 1 || k > len(q.KeyPoints) {
						add(q.File, m.Line, q.ID, "misconception %d contradicts key point %d: the question has key points 1 to %d", i+1, k, len(q.KeyPoints))
					}
				}
			}
		}
	}

	// Aliases keep old ids alive; each must be unused by any question or other alias.
	aliasOf := map[string]*Question{}
	for _, s := range stages {
		for _, q := range s.Questions {
			for _, a := range q.Aliases {
				a = strings.TrimSpace(a)
				switch {
				case a == "" || a == q.ID:
					add(q.File, q.Line, q.ID, "alias %q: want an old id other than the question's own", a)
				case byID[a] != nil:
					add(q.File, q.Line, q.ID, "alias %q is the id of a question at %s:%d", a, byID[a].File, byID[a].Line)
				case aliasOf[a] != nil:
					add(q.File, q.Line, q.ID, "alias %q is also an alias of %s", a, aliasOf[a].ID)
				default:
					aliasOf[a] = q
				}
			}
		}
	}

	target := func(id string) *Question {
		if q := byID[id]; q != nil {
			return q
		}
		return aliasOf[id]
	}

	groupAt := map[string]*OverlapGroup{}
	for _, s := range stages {
		for _, g := range s.Groups {
			switch {
			case strings.TrimSpace(g.Name) == "":
				add(g.File, g.Line, "", "overlap group without a name")
			case groupAt[g.Name] != nil:
				add(g.File, g.Line, "", "overlap group %q is also defined at %s:%d", g.Name, groupAt[g.Name].File, groupAt[g.Name].Line)
			default:
				groupAt[g.Name] = g
			}
			if len(g.Questions) < 2 {
				add(g.File, g.Line, "", "overlap group %q has %d question(s): a group needs at least two", g.Name, len(g.Questions))
			}
			for _, id := range g.Questions {
				if target(id) == nil {
					add(g.File, g.Line, "", "overlap group %q names unknown question %q", g.Name, id)
				}
			}
		}
	}

	for _, s := range stages {
		for _, q := range s.Questions {
			for _, e := range q.Next {
				switch {
				case e.To == "":
					add(q.File, e.Line, q.ID, "edge without a target (to:)")
				case e.To == q.ID:
					add(q.File, e.Line, q.ID, "edge to itself")
				case byID[e.To] == nil && aliasOf[e.To] == nil:
					add(q.File, e.Line, q.ID, "edge to unknown question %q", e.To)
				case e.When.Min() >= GoodScore && target(e.To).Level < q.Level:
					add(q.File, e.Line, q.ID, "edge %s leads a good answer to an easier question %q (level %d < %d)", e.When, e.To, target(e.To).Level, q.Level)
				}
			}
		}
		for _, t := range s.CV {
			if !strings.Contains(t.Prompt, "{project}") {
				add(t.File, t.Line, "", "CV follow-up without a {project} placeholder: %q", t.Prompt)
			}
			for _, g := range t.Groups {
				if groupAt[g] == nil {
					add(t.File, t.Line, "", "CV follow-up names unknown overlap group %q", g)
				}
			}
		}
	}

	reach := reachable(stages, byID)
	for _, s := range stages {
		for _, q := range s.Questions {
			if q.ID != "" && byID[q.ID] == q && !reach[q.ID] {
				add(q.File, q.Line, q.ID, "unreachable: a level-%d question that no edge from a level 1–2 question leads to", q.Level)
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

func reachable(stages []*Stage, byID map[string]*Question) map[string]bool {
	seen := map[string]bool{}
	var queue []*Question
	for _, s := range stages {
		for _, q := range s.Questions {
			if q.Level >= 1 && q.Level <= 2 && byID[q.ID] == q && !seen[q.ID] {
				seen[q.ID] = true
				queue = append(queue, q)
			}
		}
	}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, e := range q.Next {
			if t := byID[e.To]; t != nil && !seen[t.ID] {
				seen[t.ID] = true
				queue = append(queue, t)
			}
		}
	}
	return seen
}

func validKey(k string) bool {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return k != ""
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// splitNumber finds a term of three digits right after a term ending in a digit: in
// a YAML flow list an unquoted "1,000" becomes the terms "1" and "000".
func splitNumber(terms []string) string {
	for i := 1; i < len(terms); i++ {
		t, prev := strings.TrimSpace(terms[i]), strings.TrimSpace(terms[i-1])
		if len(t) == 3 && strings.Trim(t, "0123456789") == "" && prev != "" && strings.ContainsAny(prev[len(prev)-1:], "0123456789") {
			return t
		}
	}
	return ""
}
