package interview

import (
	"sort"
	"time"
)

// ScoredAnswer is one scored answer that counts for leaderboards, from an interview
// or a question-of-the-day thread.
type ScoredAnswer struct {
	UserID string
	Score  int
	Level  int
	Stage  string
	At     time.Time
}

// LeaderboardRules set how answers become a ranking.
type LeaderboardRules struct {
	MinAnswers int            // fewer answers in the window: listed, not ranked
	Location   *time.Location // days for streaks
}

// Points is what one answer is worth: its score weighted by the question's level, so
// a perfect deep answer (level 3) earns 30 and a perfect warm-up 10.
func Points(score, level int) int {
	level = max(1, min(3, level))
	return (score*level + 5) / 10
}

// Leaderboard ranks people by points over the answers given, with their average,
// answer count and current streak of days answered (ending on the day of now or the
// day before).
func Leaderboard(answers []ScoredAnswer, rules LeaderboardRules, now time.Time) []LeaderRow {
	loc := rules.Location
	if loc == nil {
		loc = time.UTC
	}
	type acc struct {
		points, n, sum int
		days           map[string]bool
	}
	by := map[string]*acc{}
	for _, a := range answers {
		x := by[a.UserID]
		if x == nil {
			x = &acc{days: map[string]bool{}}
			by[a.UserID] = x
		}
		x.points += Points(a.Score, a.Level)
		x.n++
		x.sum += a.Score
		x.days[a.At.In(loc).Format("2006-01-02")] = true
	}
	var rows []LeaderRow
	for user, x := range by {
		rows = append(rows, LeaderRow{UserID: user, Points: x.points, Answers: x.n, Average: (x.sum + x.n/2) / x.n,
			Streak: streak(x.days, now.In(loc)), Ranked: x.n >= rules.MinAnswers})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Ranked != rows[j].Ranked {
			return rows[i].Ranked
		}
		if rows[i].Points != rows[j].Points {
			return rows[i].Points > rows[j].Points
		}
		if rows[i].Average != rows[j].Average {
			return rows[i].Average > rows[j].Average
		}
		return rows[i].UserID < rows[j].UserID
	})
	pos := 0
	for i := range rows {
		if rows[i].Ranked {
			pos++
			rows[i].Position = pos
		}
	}
	return rows
}

// streak counts consecutive days with an answer, ending today (or yesterday, when
// today has none yet).
func streak(days map[string]bool, today time.Time) int {
	d := today
	if !days[d.Format("2006-01-02")] {
		d = d.AddDate(0, 0, -1)
	}
	n := 0
	for days[d.Format("2006-01-02")] {
		n++
		d = d.AddDate(0, 0, -1)
	}
	return n
}

// LeaderRow is one person's line on a leaderboard.
type LeaderRow struct {
	UserID   string
	Points   int
	Answers  int
	Average  int
	Streak   int // consecutive days with an answer, up to the window's end
	Ranked   bool
	Position int
}
