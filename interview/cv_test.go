package interview_test

import (
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

func TestParseCVErrorsNameLineAndField(t *testing.T) {
	long := strings.Repeat("x", interview.MaxProjectName+1)
	cases := []struct {
		name, cv, want string
	}{
		{"not YAML", "projects: [", "not valid YAML"},
		{"empty", "", "empty"},
		{"no projects", "projects: []\n", "lists no projects"},
		{"top-level typo", "projcts:\n  - name: A\n", `line 1: unknown field "projcts"`},
		{"field typo", "projects:\n  - name: A\n    descripton: B\n", `line 3: project 1 has an unknown field "descripton" (known: name, description, tags)`},
		{"tags not a list", "projects:\n  - name: A\n    tags: {a: b}\n", "line 3: the tags of project 1 must be a list"},
		{"missing name", "projects:\n  - description: B\n", "line 2: project 1: A project needs a name."},
		{"name too long", "projects:\n  - name: " + long + "\n", "line 2: project 1: A project name is at most"},
		{"listed twice", "projects:\n  - name: A\n  - name: a\n", `line 3: project "a" is listed twice`},
		{"not a mapping", "projects:\n  - just a string\n", "line 2: project 1 must be a mapping"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := interview.ParseCV([]byte(tc.cv))
			if interview.ErrorCode(err) != interview.EINVALID || !strings.Contains(interview.ErrorMessage(err), tc.want) {
				t.Fatalf("got %v; want EINVALID containing %q", err, tc.want)
			}
		})
	}
}

func TestParseCVReadsProjects(t *testing.T) {
	ps, err := interview.ParseCV([]byte("projects:\n  - name: HLS transcoder\n    description: Transcodes uploads with ffmpeg workers; segments in S3.\n  - name: Shop\n    description: A web shop\n    tags: [Python, python, Redis]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Name != "HLS transcoder" || len(ps[0].Tags) == 0 {
		t.Fatalf("got %+v; want two projects, tags inferred for the first", ps)
	}
	if got := strings.Join(ps[1].Tags, ","); got != "python,redis" {
		t.Fatalf("tags %q; want python,redis (lower-cased, once each)", got)
	}
}
