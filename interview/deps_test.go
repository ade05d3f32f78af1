package interview_test

import (
	"os/exec"
	"strings"
	"testing"
)

func goList(t *testing.T, format string, pkgs ...string) []string {
	t.Helper()
	args := append([]string{"list"}, format)
	args = append(args, pkgs...)
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

// TestDependencyDirection keeps the domain free of Slack, SQL, HTTP, cron and OpenAI:
// front ends, stores and adapters depend on it, never the other way round.
func TestDependencyDirection(t *testing.T) {
	forbidden := []string{"github.com/slack-go/", "github.com/mattn/go-sqlite3", "database/sql", "net/http", "github.com/robfig/cron",
		"github.com/sashabaranov/go-openai", "github.com/jackc/", "github.com/mockinterview/mockinterview/store", "github.com/mockinterview/mockinterview/bot",
		"github.com/mockinterview/mockinterview/llm"}
	domain := []string{"../interview", "../questions", "../scoring", "../inbox"}
	deps := goList(t, "-deps", domain...)
	for _, pkg := range deps {
		for _, f := range forbidden {
			if strings.HasPrefix(pkg, f) {
				t.Errorf("the domain packages depend on %s", pkg)
			}
		}
	}
	if !strings.Contains(strings.Join(deps, " "), "github.com/mockinterview/mockinterview/questions") {
		t.Fatalf("go list output does not name the packages it lists:\n%s", deps)
	}
}

// TestAdaptersStayInTheirRooms checks who imports what directly: main wires but
// builds no Slack client and opens no SQLite driver itself, the load tool seeds and
// reads through the store, and the Slack adapter never reaches into the scorer.
func TestAdaptersStayInTheirRooms(t *testing.T) {
	cases := []struct {
		pkg       string
		forbidden []string
	}{
		{"../cmd/mockinterview", []string{"github.com/slack-go/slack", "github.com/mattn/go-sqlite3"}},
		{"../cmd/loadtest", []string{"github.com/mattn/go-sqlite3"}},
		{"../bot", []string{"github.com/mockinterview/mockinterview/scoring", "github.com/mattn/go-sqlite3", "github.com/mockinterview/mockinterview/store"}},
	}
	for _, tc := range cases {
		imports := goList(t, "-f={{join .Imports \" \"}}", tc.pkg)
		if len(imports) == 0 {
			t.Fatalf("%s: go list named no imports", tc.pkg)
		}
		for _, imp := range imports {
			for _, f := range tc.forbidden {
				if strings.HasPrefix(imp, f) {
					t.Errorf("%s imports %s", tc.pkg, imp)
				}
			}
		}
	}
}
