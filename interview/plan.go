package interview

import (
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed plans.yaml
var plansYAML []byte

// Plan says which stages an interview walks and how many questions each gets.
type Plan struct {
	Name           string   `yaml:"name"`
	About          string   `yaml:"about"`
	Stages         []string `yaml:"stages"`
	PerStage       int      `yaml:"per_stage"`
	Levels         []int    `yaml:"levels"`
	CVFollowups    int      `yaml:"cv_followups"`
	TopicQuestions int      `yaml:"topic_questions"`
}

// Plans is the set of plans by name, in the order they were defined.
type Plans []Plan

// DefaultPlans returns the plans shipped with the engine (quick, standard, full).
func DefaultPlans() Plans {
	var ps Plans
	if err := yaml.Unmarshal(plansYAML, &ps); err != nil {
		// plans.yaml is compiled in and covered by tests; this cannot happen at run time.
		return Plans{{Name: "quick", Stages: nil, PerStage: 1, Levels: []int{1, 2}, TopicQuestions: 5}}
	}
	return ps
}

// Get returns the plan with the name (case-insensitive).
func (ps Plans) Get(name string) (Plan, error) {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
	}
	return Plan{}, Errorf(EINVALID, "Unknown plan %q; choose one of: %s.", name, strings.Join(ps.Names(), ", "))
}

// Names lists the plans' names.
func (ps Plans) Names() []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// narrow returns the plan's shape for one stage (the -topic option).
func (p Plan) narrow(stage string) Plan {
	p.Stages = []string{stage}
	p.PerStage = p.TopicQuestions
	if p.PerStage <= 0 {
		p.PerStage = 5
	}
	return p
}

func (p Plan) String() string {
	return fmt.Sprintf("%s (%d stages × %d)", p.Name, len(p.Stages), p.PerStage)
}
