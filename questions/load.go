package questions

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a bank, located for the person who fixes it.
type Problem struct {
	File    string
	Line    int
	ID      string // question id, when the problem belongs to one
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.ID != "" {
		fmt.Fprintf(&b, ": %s", p.ID)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	return b.String()
}

// ProblemsError is returned when a bank cannot be used; it lists every problem.
type ProblemsError []Problem

func (e ProblemsError) Error() string {
	lines := make([]string, 0, len(e))
	for _, p := range e {
		lines = append(lines, p.String())
	}
	if len(lines) == 1 {
		return "question bank: " + lines[0]
	}
	return fmt.Sprintf("question bank has %d problems:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// Parse reads one stage file. Problems in its shape (syntax, unknown or mistyped
// fields) come back as problems; the stage holds whatever could be read.
func Parse(file string, data []byte) (*Stage, []Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			// The YAML library counts syntax-error lines from zero.
			line, _ = strconv.Atoi(m[1])
			line++
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = yamlLine.ReplaceAllString(msg, "")
		msg = strings.TrimLeft(msg, ": ")
		return nil, []Problem{{File: file, Line: line, Message: "invalid YAML: " + msg}}
	}
	p := &parser{file: file}
	if len(doc.Content) == 0 {
		return nil, []Problem{{File: file, Line: 1, Message: "empty file: want a stage with questions"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []Problem{{File: file, Line: root.Line, Message: "want a mapping with stage, title, order and questions"}}
	}
	st := &Stage{File: file, Line: root.Line}
	p.mapping(root, "", map[string]func(*yaml.Node){
		"stage": func(n *yaml.Node) { p.decode(n, "", &st.Key) },
		"title": func(n *yaml.Node) { p.decode(n, "", &st.Title) },
		"order": func(n *yaml.Node) { p.decode(n, "", &st.Order) },
		"questions": func(n *yaml.Node) {
			for _, qn := range p.seq(n, "") {
				st.Questions = append(st.Questions, p.question(qn))
			}
		},
		"overlap_groups": func(n *yaml.Node) {
			for _, gn := range p.seq(n, "") {
				g := &OverlapGroup{File: file, Line: gn.Line}
				p.mapping(gn, "", map[string]func(*yaml.Node){
					"name":      func(n *yaml.Node) { p.decode(n, "", &g.Name) },
					"questions": func(n *yaml.Node) { p.decode(n, "", &g.Questions) },
				})
				st.Groups = append(st.Groups, g)
			}
		},
		"cv_followups": func(n *yaml.Node) {
			for _, cn := range p.seq(n, "") {
				t := &CVTemplate{File: file, Line: cn.Line}
				p.mapping(cn, "", map[string]func(*yaml.Node){
					"tags":   func(n *yaml.Node) { p.decode(n, "", &t.Tags) },
					"prompt": func(n *yaml.Node) { p.decode(n, "", &t.Prompt) },
					"groups": func(n *yaml.Node) { p.decode(n, "", &t.Groups) },
				})
				st.CV = append(st.CV, t)
			}
		},
	})
	st.Key = strings.TrimSpace(st.Key)
	for _, q := range st.Questions {
		q.Stage = st.Key
	}
	for _, t := range st.CV {
		t.Stage = st.Key
	}
	return st, p.problems
}

type parser struct {
	file     string
	problems []Problem
}

func (p *parser) add(line int, id, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, ID: id, Message: fmt.Sprintf(format, args...)})
}

// mapping calls the field's function for each known key and reports unknown keys, so
// a typo such as "refrence" does not silently drop a model answer.
func (p *parser) mapping(n *yaml.Node, id string, fields map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, id, "want a mapping, found %s", kindName(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			sort.Strings(known)
			p.add(k.Line, id, "unknown field %q (known: %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		f(v)
	}
}

func (p *parser) seq(n *yaml.Node, id string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(n.Line, id, "want a list, found %s", kindName(n))
		return nil
	}
	return n.Content
}

func (p *parser) decode(n *yaml.Node, id string, v any) {
	if err := n.Decode(v); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
		msg = strings.TrimSpace(yamlLine.ReplaceAllString(msg, ""))
		msg = strings.TrimLeft(msg, ": ")
		p.add(n.Line, id, "%s", msg)
	}
}

func (p *parser) question(n *yaml.Node) *Question {
	q := &Question{File: p.file, Line: n.Line}
	if n.Kind == yaml.MappingNode {
		// Read the id first so every later problem can name it.
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "id" {
				p.decode(n.Content[i+1], "", &q.ID)
			}
		}
	}
	id := q.ID
	p.mapping(n, id, map[string]func(*yaml.Node){
		"id":        func(*yaml.Node) {},
		"level":     func(n *yaml.Node) { p.decode(n, id, &q.Level) },
		"prompt":    func(n *yaml.Node) { p.decode(n, id, &q.Prompt) },
		"reference": func(n *yaml.Node) { p.decode(n, id, &q.Reference) },
		"hints":     func(n *yaml.Node) { p.decode(n, id, &q.Hints) },
		"tags":      func(n *yaml.Node) { p.decode(n, id, &q.Tags) },
		"code":      func(n *yaml.Node) { p.decode(n, id, &q.Code) },
		"aliases":   func(n *yaml.Node) { p.decode(n, id, &q.Aliases) },
		"key_points": func(n *yaml.Node) {
			for _, kn := range p.seq(n, id) {
				kp := KeyPoint{Weight: 1}
				p.mapping(kn, id, map[string]func(*yaml.Node){
					"text":    func(n *yaml.Node) { p.decode(n, id, &kp.Text) },
					"terms":   func(n *yaml.Node) { p.decode(n, id, &kp.Terms) },
					"weight":  func(n *yaml.Node) { p.decode(n, id, &kp.Weight) },
					"scope":   func(n *yaml.Node) { p.scope(n, id, &kp.Relation.Scope) },
					"ordered": func(n *yaml.Node) { p.decode(n, id, &kp.Relation.Ordered) },
				})
				q.KeyPoints = append(q.KeyPoints, kp)
			}
		},
		"misconceptions": func(n *yaml.Node) {
			for _, mn := range p.seq(n, id) {
				m := Misconception{Line: mn.Line}
				p.mapping(mn, id, map[string]func(*yaml.Node){
					"text":        func(n *yaml.Node) { p.decode(n, id, &m.Text) },
					"terms":       func(n *yaml.Node) { p.decode(n, id, &m.Terms) },
					"correction":  func(n *yaml.Node) { p.decode(n, id, &m.Correction) },
					"contradicts": func(n *yaml.Node) { p.decode(n, id, &m.Contradicts) },
					"scope":       func(n *yaml.Node) { p.scope(n, id, &m.Relation.Scope) },
					"ordered":     func(n *yaml.Node) { p.decode(n, id, &m.Relation.Ordered) },
				})
				m.Text, m.Correction = strings.TrimSpace(m.Text), strings.TrimSpace(m.Correction)
				q.Misconceptions = append(q.Misconceptions, m)
			}
		},
		"next": func(n *yaml.Node) {
			for _, en := range p.seq(n, id) {
				var when string
				e := Edge{Line: en.Line}
				p.mapping(en, id, map[string]func(*yaml.Node){
					"when": func(n *yaml.Node) { p.decode(n, id, &when) },
					"to":   func(n *yaml.Node) { p.decode(n, id, &e.To) },
				})
				c, err := ParseCond(when)
				if err != nil {
					p.add(en.Line, id, "edge to %q: %v", e.To, err)
					continue
				}
				e.When = c
				q.Next = append(q.Next, e)
			}
		},
	})
	q.ID = strings.TrimSpace(q.ID)
	q.Prompt = strings.TrimSpace(q.Prompt)
	q.Reference = strings.TrimSpace(q.Reference)
	q.Code = strings.TrimRight(q.Code, " \n")
	return q
}

func (p *parser) scope(n *yaml.Node, id string, s *Scope) {
	var v string
	p.decode(n, id, &v)
	switch Scope(v) {
	case ScopeAnswer, ScopeSentence, ScopeClause:
		*s = Scope(v)
	default:
		p.add(n.Line, id, "scope %q: want clause or sentence (or leave it out)", v)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// ReadFS parses every *.yaml and *.yml file directly in dir of fsys, in name order.
func ReadFS(fsys fs.FS, dir string) ([]*Stage, []Problem, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read question directory: %w", err)
	}
	var stages []*Stage
	var problems []Problem
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
		st, ps := Parse(path.Join(dir, name), data)
		problems = append(problems, ps...)
		if st != nil {
			stages = append(stages, st)
		}
	}
	return stages, problems, nil
}

// ReadPaths parses the given files and directories from the operating system.
func ReadPaths(paths ...string) ([]*Stage, []Problem, error) {
	var stages []*Stage
	var problems []Problem
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("question bank: %w", err)
		}
		if fi.IsDir() {
			st, ps, err := ReadFS(os.DirFS(p), ".")
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p, err)
			}
			for _, s := range st {
				s.File = path.Join(p, s.File)
				for _, q := range s.Questions {
					q.File = s.File
				}
				for _, t := range s.CV {
					t.File = s.File
				}
				for _, g := range s.Groups {
					g.File = s.File
				}
			}
			for i := range ps {
				ps[i].File = path.Join(p, ps[i].File)
			}
			stages = append(stages, st...)
			problems = append(problems, ps...)
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("question bank: %w", err)
		}
		st, ps := Parse(p, data)
		problems = append(problems, ps...)
		if st != nil {
			stages = append(stages, st)
		}
	}
	return stages, problems, nil
}

// Overlay lays extra stages over base ones: a stage with the same key replaces the
// base stage, a new key adds a stage. This is how QUESTIONS_DIR works.
func Overlay(base, extra []*Stage) []*Stage {
	byKey := map[string]int{}
	out := append([]*Stage(nil), base...)
	for i, s := range out {
		byKey[s.Key] = i
	}
	for _, s := range extra {
		if i, ok := byKey[s.Key]; ok && s.Key != "" {
			out[i] = s
			continue
		}
		byKey[s.Key] = len(out)
		out = append(out, s)
	}
	return out
}
