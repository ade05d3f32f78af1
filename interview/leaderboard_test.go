package interview_test

import (
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
)

func TestLeaderboard(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	answers := []interview.ScoredAnswer{
		// ann: 3 answers on three consecutive days up to today, level 3.
		{UserID: "ann", Score: 100, Level: 3, At: day(0)}, {UserID: "ann", Score: 80, Level: 3, At: day(1)}, {UserID: "ann", Score: 60, Level: 3, At: day(2)},
		// bob: 4 easy answers, two days ago and yesterday: streak 2 (today not yet).
		{UserID: "bob", Score: 100, Level: 1, At: day(1)}, {UserID: "bob", Score: 100, Level: 1, At: day(1)},
		{UserID: "bob", Score: 100, Level: 1, At: day(2)}, {UserID: "bob", Score: 100, Level: 1, At: day(4)},
		// cat: one perfect deep answer: not enough answers to be ranked.
		{UserID: "cat", Score: 100, Level: 3, At: day(0)},
	}
	rows := interview.Leaderboard(answers, interview.LeaderboardRules{MinAnswers: 3}, now)
	want := []struct {
		user                   string
		points, pos, streak, n int
		ranked                 bool
	}{
		{"ann", 72, 1, 3, 3, true},  // 30 + 24 + 18
		{"bob", 40, 2, 2, 4, true},  // 4 × 10
		{"cat", 30, 0, 1, 1, false}, // listed after the ranked, without a position
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows; want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.UserID != w.user || r.Points != w.points || r.Position != w.pos || r.Streak != w.streak || r.Answers != w.n || r.Ranked != w.ranked {
			t.Errorf("row %d = %+v; want %+v", i, r, w)
		}
	}
}

func TestPoints(t *testing.T) {
	for _, tc := range []struct{ score, level, want int }{{100, 1, 10}, {100, 3, 30}, {55, 2, 11}, {0, 3, 0}, {100, 9, 30}} {
		if got := interview.Points(tc.score, tc.level); got != tc.want {
			t.Errorf("Points(%d, %d) = %d; want %d", tc.score, tc.level, got, tc.want)
		}
	}
}
