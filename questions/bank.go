package questions

import (
	"embed"
	"sort"
)

//go:embed bank/*.yaml
var embedded embed.FS

// Bank is a checked, indexed question bank. It is read-only after New.
type Bank struct {
	Stages []*Stage             // by Order, then key
	byID   map[string]*Question // ids and aliases
	stage  map[string]*Stage
	groups map[string][]string // question id -> names of its overlap groups
}

// New checks the stages with Lint and indexes them. Any problem fails it with a
// ProblemsError that lists them all.
func New(stages []*Stage) (*Bank, error) {
	if ps := Lint(stages); len(ps) > 0 {
		return nil, ProblemsError(ps)
	}
	b := &Bank{Stages: append([]*Stage(nil), stages...), byID: map[string]*Question{}, stage: map[string]*Stage{}, groups: map[string][]string{}}
	sort.SliceStable(b.Stages, func(i, j int) bool {
		if b.Stages[i].Order != b.Stages[j].Order {
			return b.Stages[i].Order < b.Stages[j].Order
		}
		return b.Stages[i].Key < b.Stages[j].Key
	})
	for _, s := range b.Stages {
		b.stage[s.Key] = s
		for _, q := range s.Questions {
			b.byID[q.ID] = q
		}
	}
	for _, s := range b.Stages {
		for _, q := range s.Questions {
			for _, a := range q.Aliases {
				b.byID[a] = q
			}
		}
		for _, g := range s.Groups {
			for _, id := range g.Questions {
				b.groups[id] = append(b.groups[id], g.Name)
			}
		}
	}
	return b, nil
}

// EmbeddedStages parses the default bank compiled into the binary.
func EmbeddedStages() ([]*Stage, []Problem) {
	st, ps, err := ReadFS(embedded, "bank")
	if err != nil {
		return nil, []Problem{{File: "bank", Message: err.Error()}}
	}
	return st, ps
}

// Load returns the embedded bank, with the stages found in extraDirs laid over it
// (same stage key replaces, a new key adds).
func Load(extraDirs ...string) (*Bank, error) {
	stages, ps := EmbeddedStages()
	if len(extraDirs) > 0 {
		extra, eps, err := ReadPaths(extraDirs...)
		if err != nil {
			return nil, err
		}
		ps = append(ps, eps...)
		stages = Overlay(stages, extra)
	}
	if len(ps) > 0 {
		return nil, ProblemsError(ps)
	}
	return New(stages)
}

// Question returns the question with the id (or an old id kept as an alias), or nil.
func (b *Bank) Question(id string) *Question { return b.byID[id] }

// Groups returns the names of the overlap groups the question belongs to.
func (b *Bank) Groups(id string) []string {
	if q := b.byID[id]; q != nil {
		id = q.ID
	}
	return b.groups[id]
}

// Stage returns the stage with the key, or nil.
func (b *Bank) Stage(key string) *Stage { return b.stage[key] }

// Len is the number of questions.
func (b *Bank) Len() int {
	n := 0
	for _, s := range b.Stages {
		n += len(s.Questions)
	}
	return n
}

// Questions lists every question in stage order.
func (b *Bank) Questions() []*Question {
	out := make([]*Question, 0, len(b.byID))
	for _, s := range b.Stages {
		out = append(out, s.Questions...)
	}
	return out
}
