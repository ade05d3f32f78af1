package questions

import (
	"embed"
	"sort"
)

//go:embed bank/*.yaml
var embedded embed.FS

// Bank is a checked, indexed question bank. It is read-only after New.
type Bank struct {
	Stages []*Stage // by Order, then key
	byID   map[string]*Question
	stage  map[string]*Stage
}

// New checks the stages with Lint and indexes them. Any problem fails it with a
// ProblemsError that lists them all.
func New(stages []*Stage) (*Bank, error) {
	if ps := Lint(stages); len(ps) > 0 {
		return nil, ProblemsError(ps)
	}
	b := &Bank{Stages: append([]*Stage(nil), stages...), byID: map[string]*Question{}, stage: map[string]*Stage{}}
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

// Question returns the question with the id, or nil.
func (b *Bank) Question(id string) *Question { return b.byID[id] }

// Stage returns the stage with the key, or nil.
func (b *Bank) Stage(key string) *Stage { return b.stage[key] }

// Len is the number of questions.
func (b *Bank) Len() int { return len(b.byID) }

// Questions lists every question in stage order.
func (b *Bank) Questions() []*Question {
	out := make([]*Question, 0, len(b.byID))
	for _, s := range b.Stages {
		out = append(out, s.Questions...)
	}
	return out
}
