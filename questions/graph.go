package questions

import (
	"fmt"
	"io"
	"strings"
)

// WriteDOT writes the question graph in Graphviz DOT: one cluster per stage, nodes
// labelled with id and level, edges labelled with their condition.
func (b *Bank) WriteDOT(w io.Writer) error {
	var sb strings.Builder
	sb.WriteString("digraph questions {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n")
	for i, s := range b.Stages {
		fmt.Fprintf(&sb, "  subgraph cluster_%d {\n    label=%q;\n", i, s.Title)
		for _, q := range s.Questions {
			fmt.Fprintf(&sb, "    %q [label=%q];\n", q.ID, fmt.Sprintf("%s (L%d)", q.ID, q.Level))
		}
		sb.WriteString("  }\n")
	}
	for _, q := range b.Questions() {
		for _, e := range q.Next {
			fmt.Fprintf(&sb, "  %q -> %q [label=%q];\n", q.ID, e.To, e.When.String())
		}
	}
	sb.WriteString("}\n")
	_, err := io.WriteString(w, sb.String())
	return err
}

// WriteMermaid writes the question graph as a Mermaid flowchart.
func (b *Bank) WriteMermaid(w io.Writer) error {
	node := func(id string) string { return strings.NewReplacer(".", "_", "-", "_").Replace(id) }
	var sb strings.Builder
	sb.WriteString("flowchart LR\n")
	for _, s := range b.Stages {
		fmt.Fprintf(&sb, "  subgraph %s[\"%s\"]\n", node("stage-"+s.Key), s.Title)
		for _, q := range s.Questions {
			fmt.Fprintf(&sb, "    %s[\"%s (L%d)\"]\n", node(q.ID), q.ID, q.Level)
		}
		sb.WriteString("  end\n")
	}
	for _, q := range b.Questions() {
		for _, e := range q.Next {
			fmt.Fprintf(&sb, "  %s -->|\"%s\"| %s\n", node(q.ID), e.When.String(), node(e.To))
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
