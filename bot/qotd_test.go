package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/bot"
	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/scoring"
	"github.com/mockinterview/mockinterview/store"
)

func TestParseSubscription(t *testing.T) {
	ok := []struct {
		args     string
		spec, tz string
	}{
		{"", "CRON_TZ=Europe/London 0 9 * * 1-5", "Europe/London"},
		{"09:30", "CRON_TZ=Europe/London 30 9 * * 1-5", "Europe/London"},
		{"09:30 daily", "CRON_TZ=Europe/London 30 9 * * *", "Europe/London"},
		{"7:05 America/New_York weekdays", "CRON_TZ=America/New_York 5 7 * * 1-5", "America/New_York"},
		{"18:00 UTC mon,wed,fri", "CRON_TZ=UTC 0 18 * * MON,WED,FRI", "UTC"},
		{"00:00 weekends", "CRON_TZ=Europe/London 0 0 * * 0,6", "Europe/London"},
		{"30 9 * * 1-5", "CRON_TZ=Europe/London 30 9 * * 1-5", "Europe/London"},
		{"CRON_TZ=Asia/Tokyo 0 10 * * *", "CRON_TZ=Asia/Tokyo 0 10 * * *", "Asia/Tokyo"},
		{"@daily", "CRON_TZ=Europe/London @daily", "Europe/London"},
		{"@every 2h", "@every 2h", "Europe/London"},
	}
	for _, tc := range ok {
		spec, tz, err := bot.ParseSubscription(strings.Fields(tc.args), "Europe/London", time.Hour)
		if err != nil || spec != tc.spec || tz != tc.tz {
			t.Errorf("%q: got %q %q %v; want %q %q", tc.args, spec, tz, err, tc.spec, tc.tz)
		}
	}
	bad := map[string]string{
		"25:00":                     "not a schedule",
		"09:00 Mars/Olympus":        "Unknown time zone",
		"09:00 Europe/Berlin x":     "did not understand the days",
		"61 * * * *":                "Invalid schedule",
		"@every 5m":                 "at least 1h",
		"@hourly-ish":               "Invalid schedule",
		"CRON_TZ=Nowhere 0 9 * * *": "Unknown time zone",
		"tomorrow":                  "not a schedule",
		"* * * * *":                 "at most once every 1h",
		"0,30 9 * * *":              "at most once every 1h",
		"0 9 30 2 *":                "never posts",
		"TZ=UTC":                    "needs a schedule after it",
	}
	for args, want := range bad {
		_, _, err := bot.ParseSubscription(strings.Fields(args), "Europe/London", time.Hour)
		if err == nil || !strings.Contains(interview.ErrorMessage(err), want) {
			t.Errorf("%q: err %v; want %q", args, err, want)
		}
	}
}

// clock is a settable time for schedulers.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func (h *harness) scheduler(c *clock) *bot.Scheduler {
	s := h.bot.WithQOTD(&interview.QOTD{Bank: h.bank, Scorer: scoring.NewKeywordScorer(h.bank), Store: h.db}, h.db)
	s.Slots.Now = c.Now
	return s
}

func qotdPosts(calls []fakeslack.Call, channel string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range calls {
		if c.Method == "chat.postMessage" && c.Channel == channel && c.Thread == "" && strings.HasPrefix(c.Text, "Question of the day") {
			out = append(out, c)
		}
	}
	return out
}

func schedule(spec string) *interview.Schedule {
	return &interview.Schedule{TeamID: "T1", ChannelID: "C1", Spec: spec, Timezone: "Europe/London"}
}

func TestSlotPostsOnceWhenTheJobFiresTwice(t *testing.T) {
	h := newHarness(t)
	c := &clock{time.Date(2026, 11, 26, 9, 0, 1, 0, time.UTC)}
	s := h.scheduler(c)
	sch := schedule("CRON_TZ=Europe/London 0 9 * * *")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := s.Fire(ctx, sch, interview.PostQuestion); err != nil {
			t.Fatal(err)
		}
	}
	c.t = c.t.Add(30 * time.Second)
	s.Fire(ctx, sch, interview.PostQuestion)
	if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != 1 {
		t.Fatalf("%d posts for one slot; want 1", n)
	}
	c.t = c.t.Add(24 * time.Hour) // the next day's slot
	s.Fire(ctx, sch, interview.PostQuestion)
	if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != 2 {
		t.Fatalf("%d posts after the next day's slot; want 2", n)
	}
}

func TestMissedSlotGracePeriod(t *testing.T) {
	for _, tc := range []struct {
		name  string
		at    time.Time
		posts int
	}{
		{"back within the grace period", time.Date(2026, 11, 26, 10, 45, 0, 0, time.UTC), 1},
		{"back after it", time.Date(2026, 11, 26, 11, 15, 0, 0, time.UTC), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if err := h.db.SaveSchedule(context.Background(), schedule("CRON_TZ=Europe/London 0 9 * * *")); err != nil {
				t.Fatal(err)
			}
			// The bot was down at 09:00 and restarts at tc.at.
			c := &clock{tc.at}
			for i := 0; i < 2; i++ { // and restarts once more: still one post
				s := h.scheduler(c)
				if err := s.Start(context.Background()); err != nil {
					t.Fatal(err)
				}
				s.Stop(context.Background())
			}
			if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != tc.posts {
				t.Fatalf("%d posts; want %d", n, tc.posts)
			}
		})
	}
}

func TestTwoSchedulersOnOneDatabasePostOnce(t *testing.T) {
	h := newHarness(t)
	other, err := store.Open(context.Background(), h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	engine := interview.NewEngine(h.bank, other, scoring.NewKeywordScorer(h.bank))
	b2 := bot.New(engine, stores(other), slack.New("xoxb-2", slack.OptionAPIURL(h.slack.APIURL())), nil)
	b2.Sender.Pace = 0
	c := &clock{time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	s1 := h.scheduler(c)
	s2 := b2.WithQOTD(&interview.QOTD{Bank: h.bank, Scorer: scoring.NewKeywordScorer(h.bank), Store: other}, other)
	s2.Slots.Now = c.Now
	s2.Slots.Instance = "second"
	sch := schedule("CRON_TZ=UTC 0 9 * * *")
	errs := make(chan error, 2)
	for _, s := range []*bot.Scheduler{s1, s2} {
		go func() { errs <- s.Fire(context.Background(), sch, interview.PostQuestion) }()
	}
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != 1 {
		t.Fatalf("two schedulers posted %d times; want 1", n)
	}
}

func TestDaylightSavingAutumnNightPostsOnce(t *testing.T) {
	h := newHarness(t)
	sch := schedule("CRON_TZ=America/New_York 30 1 * * *")
	// 2026-11-01: New York falls back at 02:00 EDT, so 01:30 happens twice:
	// 05:30 UTC (EDT) and 06:30 UTC (EST). A job may fire at both.
	for _, at := range []time.Time{
		time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC),
		time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC),
	} {
		s := h.scheduler(&clock{at})
		if err := s.Fire(context.Background(), sch, interview.PostQuestion); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != 1 {
		t.Fatalf("the repeated 01:30 posted %d times; want 1", n)
	}
	// The night before spring forward does not skip the day either.
	s := h.scheduler(&clock{time.Date(2026, 11, 2, 6, 30, 0, 0, time.UTC)})
	s.Fire(context.Background(), sch, interview.PostQuestion)
	if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != 2 {
		t.Fatalf("the next day posted %d; want 2 in all", n)
	}
}

func (h *harness) channelCommand(user, channel, text string) {
	h.t.Helper()
	form := fmt.Sprintf("team_id=T1&user_id=%s&channel_id=%s&command=%%2Fmock-interview&text=%s&trigger_id=trig-%d&response_url=%s",
		user, channel, strings.ReplaceAll(text, " ", "+"), h.events.Add(1), h.slack.ResponseURL(user+channel))
	status(h.t, h.postSigned("/slack/commands", "application/x-www-form-urlencoded", []byte(form), time.Now().Unix(), secret), http.StatusOK)
	h.idle()
}

func lastResponse(h *harness) string {
	c := h.slack.Calls("response_url")
	if len(c) == 0 {
		return ""
	}
	return c[len(c)-1].Text
}

func TestQOTDCommands(t *testing.T) {
	h := newHarness(t)
	s := h.scheduler(&clock{time.Now()})
	_ = s
	h.bot.Admins["UADMIN"] = true
	h.slack.Users["UWSADMIN"] = fakeslack.UserInfo{IsAdmin: true, TZ: "Asia/Kolkata"}

	h.channelCommand("UPLEB", "C1", "qotd subscribe 09:00")
	if !strings.Contains(lastResponse(h), "Only workspace admins") {
		t.Fatalf("non-admin: %q", lastResponse(h))
	}
	if _, err := h.db.Schedule(context.Background(), "T1", "C1"); err == nil {
		t.Fatal("a non-admin's subscribe was stored")
	}
	h.channelCommand("UWSADMIN", "C1", "qotd subscribe 09:30 weekdays")
	if got := lastResponse(h); !strings.Contains(got, "CRON_TZ=Asia/Kolkata 30 9 * * 1-5") {
		t.Fatalf("subscribe by a workspace admin (zone from users.info): %q", got)
	}
	h.channelCommand("UADMIN", "C1", "qotd subscribe 09:00 Mars/Base")
	if !strings.Contains(lastResponse(h), "Unknown time zone") {
		t.Fatalf("bad zone: %q", lastResponse(h))
	}
	h.channelCommand("UPLEB", "C1", "qotd")
	if !strings.Contains(lastResponse(h), "Asia/Kolkata") {
		t.Fatalf("qotd shows %q", lastResponse(h))
	}
	h.channelCommand("UADMIN", "C1", "qotd now")
	if n := len(qotdPosts(h.slack.Calls(""), "C1")); n != 1 {
		t.Fatalf("qotd now posted %d", n)
	}
	h.channelCommand("UADMIN", "C1", "qotd unsubscribe")
	if _, err := h.db.Schedule(context.Background(), "T1", "C1"); interview.ErrorCode(err) != interview.ENOTFOUND {
		t.Fatalf("schedule after unsubscribe: %v", err)
	}
	h.channelCommand("UADMIN", "C1", "qotd unsubscribe")
	if !strings.Contains(lastResponse(h), "no question-of-the-day schedule") {
		t.Fatalf("second unsubscribe: %q", lastResponse(h))
	}
}

// threadAnswer sends an answer in a question-of-the-day thread.
func (h *harness) threadAnswer(user, channel, thread, text string) {
	h.t.Helper()
	body := fakeslack.EventCallback("T1", fmt.Sprintf("EvT%d", h.events.Add(1)), fakeslack.ThreadReply(user, channel, thread, text, h.slack.Now()))
	status(h.t, h.postSigned("/slack/events", "application/json", body, time.Now().Unix(), secret), http.StatusOK)
	h.idle()
}

func TestThreadAnswersAndReveal(t *testing.T) {
	h := newHarness(t)
	h.bot.Admins["UADMIN"] = true
	h.scheduler(&clock{time.Now()})
	h.channelCommand("UADMIN", "C1", "qotd now")
	post := qotdPosts(h.slack.Calls(""), "C1")[0]
	p, err := h.db.PostByMessage(context.Background(), "T1", "C1", post.TS)
	if err != nil {
		t.Fatal(err)
	}
	q := h.bank.Question(p.QuestionID)

	h.threadAnswer("UA", "C1", post.TS, "a first try <!channel>")
	h.threadAnswer("UA", "C1", post.TS, q.Reference+" <!channel>") // replaces the first
	h.threadAnswer("UB", "C1", post.TS, "I don't know")
	eph := h.slack.Calls("chat.postEphemeral")
	if len(eph) != 3 || eph[1].User != "UA" || !strings.Contains(eph[1].Text, "Your answer scored") || eph[1].Thread != post.TS {
		t.Fatalf("ephemeral feedback: %+v", eph)
	}
	for _, e := range eph {
		if strings.Contains(e.Text, "Model answer") || strings.Contains(e.Text, "<!channel>") {
			t.Fatalf("feedback reveals the model answer or a live mention: %q", e.Text)
		}
	}
	answers, _ := h.db.ChannelAnswers(context.Background(), p.ID)
	if len(answers) != 2 || answers[0].UserID != "UA" || answers[0].Score < 70 {
		t.Fatalf("answers %+v; want UA's replaced answer first", answers)
	}

	h.channelCommand("UADMIN", "C1", "qotd now") // reveals the first question
	var reveal *fakeslack.Call
	for _, c := range h.slack.Calls("chat.postMessage") {
		if c.Thread == post.TS {
			reveal = &c
		}
	}
	if reveal == nil {
		t.Fatal("no reveal in the question's thread")
	}
	if !strings.Contains(reveal.Text, "Model answer") || !strings.Contains(reveal.Text, "<@UA>") || !strings.Contains(reveal.Text, "2 took part") {
		t.Fatalf("reveal %q", reveal.Text)
	}
	for _, c := range h.slack.Calls("") {
		if strings.Contains(c.Text, "<!channel>") {
			t.Fatalf("a post contains a live <!channel>: %q", c.Text)
		}
	}
	if !strings.Contains(reveal.Text, "&lt;!channel&gt;") {
		t.Fatalf("the quoted answer is not shown escaped: %q", reveal.Text)
	}
	// A late answer is scored and marked late.
	h.threadAnswer("UC", "C1", post.TS, q.Reference)
	eph = h.slack.Calls("chat.postEphemeral")
	if last := eph[len(eph)-1]; !strings.Contains(last.Text, "late") {
		t.Fatalf("late answer feedback %q", last.Text)
	}
	// The channel's second question differs from the first.
	if ps := qotdPosts(h.slack.Calls(""), "C1"); len(ps) != 2 || ps[0].Text == ps[1].Text {
		t.Fatalf("second question: %v", ps)
	}
}

func TestQuestionsRotateAndDoNotRepeat(t *testing.T) {
	h := newHarness(t)
	s := h.scheduler(&clock{time.Now()})
	ctx := context.Background()
	seen := map[string]bool{}
	stages := map[string]bool{}
	levels := map[int]bool{}
	for i := 0; i < 40; i++ {
		if err := s.PostNow(ctx, "T1", "C9", fmt.Sprintf("now:%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	asked, _ := h.db.AskedInChannel(ctx, "T1", "C9")
	for _, id := range asked {
		if seen[id] {
			t.Fatalf("question %s repeated in a channel before the bank ran out", id)
		}
		seen[id] = true
		q := h.bank.Question(id)
		stages[q.Stage], levels[q.Level] = true, true
	}
	if len(stages) < 11 || len(levels) != 3 || stages["projects"] {
		t.Fatalf("40 questions covered stages %v and levels %v; want the 11 curriculum stages and all levels", stages, levels)
	}
}

func TestLeaderboardCommand(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.scheduler(&clock{time.Now()})
	// Two people answer three questions of the day each; one of them long ago.
	for i := 0; i < 3; i++ {
		if err := h.bot.Schedules.PostNow(ctx, "T1", "C1", fmt.Sprintf("now:%d", i)); err != nil {
			t.Fatal(err)
		}
		post := qotdPosts(h.slack.Calls(""), "C1")[i]
		p, _ := h.db.PostByMessage(ctx, "T1", "C1", post.TS)
		ref := h.bank.Question(p.QuestionID).Reference
		h.threadAnswer("UANN", "C1", post.TS, ref)
		h.threadAnswer("UBOB", "C1", post.TS, ref)
	}
	db := mustReopen(t, h.path)
	mustExec(t, db, `UPDATE qotd_answers SET answered_at = '2026-01-01T00:00:00.000000000Z' WHERE user_id = 'UBOB'`)
	db.Close()

	h.channelCommand("UANN", "C1", "leaderboard")
	week := lastResponse(h)
	if !strings.Contains(week, "1. <@UANN>") || strings.Contains(week, "<@UBOB>") {
		t.Fatalf("weekly board: %q", week)
	}
	h.channelCommand("UANN", "C1", "leaderboard all")
	if all := lastResponse(h); !strings.Contains(all, "<@UBOB>") || !strings.Contains(all, "<@UANN>") {
		t.Fatalf("all-time board: %q", all)
	}
	h.channelCommand("UANN", "C1", "leaderboard optout")
	h.channelCommand("UBOB", "C1", "leaderboard all")
	if got := lastResponse(h); strings.Contains(got, "<@UANN>") {
		t.Fatalf("opted-out person still ranked: %q", got)
	}
	h.channelCommand("UNEW", "C1", "leaderboard all python")
	if got := lastResponse(h); !strings.Contains(got, "Core Python") {
		t.Fatalf("topic board: %q", got)
	}
	h.channelCommand("UNEW", "C1", "leaderboard all cobol")
	if got := lastResponse(h); !strings.Contains(got, "Unknown topic") {
		t.Fatalf("unknown topic: %q", got)
	}
}

func TestWeeklySummary(t *testing.T) {
	h := newHarness(t)
	c := &clock{time.Date(2026, 11, 30, 9, 0, 5, 0, time.UTC)} // a Monday
	s := h.scheduler(c)
	sch := schedule("CRON_TZ=UTC 0 9 * * *")
	sch.SummarySpec = "CRON_TZ=UTC 0 9 * * 1"
	for i := 0; i < 2; i++ {
		if err := s.Fire(context.Background(), sch, interview.PostSummary); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, c := range h.slack.Calls("chat.postMessage") {
		if c.Channel == "C1" && strings.Contains(c.Text, "Last week's leaderboard") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d weekly summaries; want 1", n)
	}
}
