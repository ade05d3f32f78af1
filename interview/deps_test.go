package interview_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps the engine and the bank free of Slack, SQL and HTTP:
// front ends and stores depend on them, never the other way round.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../interview", "../questions").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{"github.com/slack-go/", "github.com/mattn/go-sqlite3", "database/sql", "net/http", "github.com/sashabaranov/go-openai", "github.com/mockinterview/mockinterview/store", "github.com/mockinterview/mockinterview/bot"}
	for _, pkg := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.HasPrefix(pkg, f) {
				t.Errorf("interview/questions depend on %s", pkg)
			}
		}
	}
	if !strings.Contains(string(out), "github.com/mockinterview/mockinterview/questions") {
		t.Fatalf("go list output does not name the packages it lists:\n%s", out)
	}
}
