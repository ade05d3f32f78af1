package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

func openTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "perf.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestEnsureUserWritesOnlyWhenSomethingChanges: the bot ensures the user at every
// message; finding the user as stored must not take the writer for a transaction.
func TestEnsureUserWritesOnlyWhenSomethingChanges(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	changes := func() int {
		var n int
		if err := db.write.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	u := interview.User{Source: interview.SourceSlack, TeamID: "T1", ExternalID: "U1"}
	for _, tc := range []struct {
		name     string
		userName string
		writes   bool
		wantName string
	}{
		{"new user", "", true, ""},
		{"same user", "", false, ""},
		{"a name", "Ada", true, "Ada"},
		{"same name", "Ada", false, "Ada"},
		{"no name keeps the name", "", false, "Ada"},
		{"new name", "Ada L.", true, "Ada L."},
	} {
		before := changes()
		in := u
		in.Name = tc.userName
		got, err := db.EnsureUser(ctx, in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if wrote := changes() != before; wrote != tc.writes {
			t.Errorf("%s: wrote %v; want %v", tc.name, wrote, tc.writes)
		}
		if got.ID == 0 || got.Name != tc.wantName {
			t.Errorf("%s: got %+v; want an id and name %q", tc.name, got, tc.wantName)
		}
	}
}

// TestSeenQuestionsStaysInTheIndex: the per-answer read of seen questions must not
// visit the turns' rows (about 2 KB each).
func TestSeenQuestionsStaysInTheIndex(t *testing.T) {
	db := openTestDB(t)
	rows, err := db.read.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+seenQuestionsSQL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "SEARCH t USING COVERING INDEX turns_session_kind_question") {
		t.Fatalf("plan:\n%s\nwant turns searched through a covering index", strings.Join(plan, "\n"))
	}
}

// TestReadersStayOpen: a burst of concurrent reads leaves all four readers idle for
// the next one instead of closing two.
func TestReadersStayOpen(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	var conns []interface{ Close() error }
	for range 4 {
		c, err := db.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Close()
	}
	// (The background checkpointer may be borrowing one of them.)
	if st := db.read.Stats(); st.OpenConnections != 4 || st.MaxIdleClosed != 0 {
		t.Fatalf("after four concurrent reads: %d open, %d closed for lack of room; want 4 and 0", st.OpenConnections, st.MaxIdleClosed)
	}
}
