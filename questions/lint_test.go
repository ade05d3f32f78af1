package questions_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
)

const goodStage = `stage: core
title: Core
order: 1
questions:
  - id: core.a
    level: 1
    prompt: What is A?
    reference: A is the first letter.
    key_points:
      - text: first letter
        terms: [first, letter]
    hints: [Think of the alphabet.]
    next:
      - {when: ">=70", to: core.deep}
  - id: core.deep
    level: 3
    prompt: Why is A first?
    reference: Convention from the Phoenician alphabet.
    key_points:
      - text: Phoenician convention
        terms: [phoenician]
cv_followups:
  - tags: [python]
    prompt: "What did {project} teach you?"
`

// lintCase writes files into a temporary bank and expects a problem naming the file,
// the line and the question id.
func TestLintNamesFileLineAndID(t *testing.T) {
	cases := []struct {
		name  string
		extra string // a second stage file
		file  string
		line  int
		id    string
		msg   string
	}{
		{"duplicate id", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 10, "more.x", "duplicate id"},
		{"edge to unknown id", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n    next:\n      - {when: \">=70\", to: more.nowhere}\n",
			"more.yaml", 11, "more.x", `unknown question "more.nowhere"`},
		{"unparsable when", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n    next:\n      - {when: \"about 70\", to: core.a}\n",
			"more.yaml", 11, "more.x", `when "about 70"`},
		{"empty prompt", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: \"\"\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 5, "more.x", "empty prompt"},
		{"empty reference", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 5, "more.x", "empty reference"},
		{"key point without terms", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t}]\n",
			"more.yaml", 5, "more.x", "has no terms"},
		{"unknown stage", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: other.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 5, "other.x", `unknown stage "other"`},
		{"unreachable", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n  - id: more.deep\n    level: 3\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 10, "more.deep", "unreachable"},
		{"unknown field", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    refrence: R\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 8, "more.x", `unknown field "refrence"`},
		{"misconception without correction", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n    misconceptions:\n      - {text: wrong, terms: [y]}\n",
			"more.yaml", 11, "more.x", "has no correction"},
		{"misconception contradicts a missing point", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n    misconceptions:\n      - {text: wrong, terms: [y], correction: C, contradicts: [2]}\n",
			"more.yaml", 11, "more.x", "contradicts key point 2"},
		{"unknown scope", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x], scope: paragraph}]\n",
			"more.yaml", 9, "more.x", `scope "paragraph"`},
		{"alias that is an id", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    aliases: [core.a]\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 5, "more.x", `alias "core.a" is the id`},
		{"overlap group member missing", "stage: more\ntitle: More\norder: 2\noverlap_groups:\n  - {name: letters, questions: [core.a, more.gone]}\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n",
			"more.yaml", 5, "", `unknown question "more.gone"`},
		{"good answer to an easier question", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 2\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [x]}]\n    next:\n      - {when: \">=70\", to: core.a}\n",
			"more.yaml", 11, "more.x", "easier question"},
		{"number split at its comma", "stage: more\ntitle: More\norder: 2\nquestions:\n  - id: more.x\n    level: 1\n    prompt: P\n    reference: R\n    key_points: [{text: t, terms: [rows, 1,000]}]\n",
			"more.yaml", 5, "more.x", "split at its comma"},
		{"broken YAML", "stage: more\ntitle: More\nquestions:\n  - id: more.x\n    level: [1\n    prompt: P\n",
			"more.yaml", 5, "", "invalid YAML"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "core.yaml"), []byte(goodStage), 0o644)
			os.WriteFile(filepath.Join(dir, "more.yaml"), []byte(tc.extra), 0o644)
			stages, ps, err := questions.ReadPaths(dir)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, questions.Lint(stages)...)
			wantFile := filepath.Join(dir, tc.file)
			for _, p := range ps {
				if p.File == wantFile && p.Line == tc.line && p.ID == tc.id && strings.Contains(p.Message, tc.msg) {
					return
				}
			}
			t.Fatalf("no problem %s:%d: %s: %q among:\n%v", tc.file, tc.line, tc.id, tc.msg, ps)
		})
	}
}

func TestLintAcceptsGoodBank(t *testing.T) {
	st, ps := questions.Parse("core.yaml", []byte(goodStage))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if ps := questions.Lint([]*questions.Stage{st}); len(ps) > 0 {
		t.Fatalf("good bank has problems: %v", ps)
	}
	b, err := questions.New([]*questions.Stage{st})
	if err != nil {
		t.Fatal(err)
	}
	if q := b.Question("core.deep"); q == nil || q.Level != 3 || q.Line != 15 {
		t.Fatalf("core.deep = %+v; want level 3 at line 15", q)
	}
	if got := st.CV[0].Render("Btalk"); got != "What did Btalk teach you?" {
		t.Fatalf("render = %q", got)
	}
}

func TestParseCond(t *testing.T) {
	cases := []struct {
		in    string
		score int
		want  bool
	}{
		{">=70", 70, true}, {">=70", 69, false}, {"<40", 39, true}, {"<40", 40, false},
		{">50", 50, false}, {"<=10", 10, true}, {"==0", 0, true}, {"40-69", 40, true}, {"40-69", 70, false},
	}
	for _, tc := range cases {
		c, err := questions.ParseCond(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := c.Match(tc.score); got != tc.want {
			t.Errorf("%s.Match(%d) = %v; want %v", tc.in, tc.score, got, tc.want)
		}
		if c.String() != tc.in {
			t.Errorf("String() = %q; want %q", c.String(), tc.in)
		}
	}
	for _, bad := range []string{"", "70", ">=", ">=101", "=>70", "69-40", "x"} {
		if _, err := questions.ParseCond(bad); err == nil {
			t.Errorf("ParseCond(%q) succeeded; want an error", bad)
		}
	}
}

func TestOverlayReplacesAndAdds(t *testing.T) {
	base := []*questions.Stage{{Key: "a", Title: "A"}, {Key: "b", Title: "B"}}
	extra := []*questions.Stage{{Key: "b", Title: "B2"}, {Key: "c", Title: "C"}}
	got := questions.Overlay(base, extra)
	var titles []string
	for _, s := range got {
		titles = append(titles, s.Title)
	}
	if strings.Join(titles, ",") != "A,B2,C" {
		t.Fatalf("overlay = %v; want A,B2,C", titles)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodStage))
	f.Add([]byte("stage: x\nquestions: [1, 2]\n"))
	f.Add([]byte("questions:\n  - next: [{when: '>=x'}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, _ := questions.Parse("f.yaml", data)
		if st != nil {
			questions.Lint([]*questions.Stage{st})
		}
	})
}
