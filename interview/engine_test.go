package interview_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// starterBank is a small bank with every feature: three stages, edges both ways, a
// cross-stage edge, level-3 questions and CV templates.
func starterBank(tb testing.TB) *questions.Bank {
	tb.Helper()
	stages, ps, err := questions.ReadPaths("../questions/testdata/starter")
	if err != nil || len(ps) > 0 {
		tb.Fatalf("read starter bank: %v %v", err, ps)
	}
	b, err := questions.New(stages)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func newEngine(tb testing.TB, plans interview.Plans) (*interview.Engine, *memStore) {
	st := newMemStore()
	e := interview.NewEngine(starterBank(tb), st, fakeScorer)
	e.Plans = plans
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	e.Now = func() time.Time { now = now.Add(time.Second); return now }
	return e, st
}

var testPlans = interview.Plans{
	{Name: "quick", Stages: []string{"python", "oop", "perf"}, PerStage: 1, Levels: []int{1, 2}, TopicQuestions: 3},
	{Name: "standard", Stages: []string{"python", "oop", "perf"}, PerStage: 2, Levels: []int{2, 1}, CVFollowups: 1, TopicQuestions: 4},
}

var alice = interview.User{Source: interview.SourceTerminal, ExternalID: "alice"}

func TestEngineFollowsEdgesByScore(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t, testPlans)
	s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "standard", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Level 2 first in the python stage: the only one is python.generators.
	if got, want := s.State.Pending.QuestionID, "python.generators"; got != want {
		t.Fatalf("first question %s; want %s", got, want)
	}
	// A model answer scores high: the ">=70" edge leads to the deep question.
	q := e.Bank.Question("python.generators")
	oc, err := e.Answer(ctx, s, q.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if *oc.Turn.Score < 70 {
		t.Fatalf("model answer scored %d; want >= 70", *oc.Turn.Score)
	}
	if got, want := oc.Next.QuestionID, "python.send"; got != want {
		t.Fatalf("after a good answer got %s; want the deeper %s", got, want)
	}
	// Next stage (oop): entered at level 2 (oop.mro). A weak answer takes the "<40" edge.
	oc, err = e.Answer(ctx, s, e.Bank.Question("python.send").Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := oc.Next.QuestionID, "oop.mro"; got != want {
		t.Fatalf("stage 2 starts at %s; want %s", got, want)
	}
	oc, err = e.Answer(ctx, s, "I don't know")
	if err != nil {
		t.Fatal(err)
	}
	if *oc.Turn.Score > 10 {
		t.Fatalf("\"I don't know\" scored %d; want <= 10", *oc.Turn.Score)
	}
	if got, want := oc.Next.QuestionID, "oop.class-vs-instance"; got != want {
		t.Fatalf("after a weak answer got %s; want the simpler %s", got, want)
	}
}

func TestEngineHintSkipAndReport(t *testing.T) {
	ctx := context.Background()
	e, st := newEngine(t, testPlans)
	s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "quick", Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	first := e.Bank.Question(s.State.Pending.QuestionID)
	h, err := e.Hint(ctx, s)
	if err != nil || h != first.Hints[0] {
		t.Fatalf("hint = %q, %v; want %q", h, err, first.Hints[0])
	}
	if _, err := e.Hint(ctx, s); interview.ErrorCode(err) != interview.EINVALID {
		t.Fatalf("second hint on a one-hint question: err %v; want EINVALID", err)
	}
	oc, err := e.Answer(ctx, s, first.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if oc.Turn.Hints != 1 || *oc.Turn.Score >= *oc.Turn.RawScore {
		t.Fatalf("hinted turn: hints %d score %d raw %d; want 1 hint and a lower score", oc.Turn.Hints, *oc.Turn.Score, *oc.Turn.RawScore)
	}
	oc, err = e.Skip(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !oc.Turn.Skipped || *oc.Turn.Score != 0 {
		t.Fatalf("skip: skipped %v score %d; want true, 0", oc.Turn.Skipped, *oc.Turn.Score)
	}
	oc, err = e.Answer(ctx, s, "no idea")
	if err != nil {
		t.Fatal(err)
	}
	if oc.Next != nil || oc.Report == nil {
		t.Fatalf("quick plan of 3 stages should end after 3 answers; next %+v", oc.Next)
	}
	rep := oc.Report
	if len(rep.Turns) != 3 || len(rep.Stages) != 3 {
		t.Fatalf("report has %d turns, %d stages; want 3, 3", len(rep.Turns), len(rep.Stages))
	}
	if rep.Strongest == "" || rep.Weakest == "" || len(rep.Weak) != 2 {
		t.Fatalf("report strongest %q weakest %q weak %d; want both named and 2 weak turns", rep.Strongest, rep.Weakest, len(rep.Weak))
	}
	if want := (*rep.Turns[0].Score + 0 + *rep.Turns[2].Score + 1) / 3; rep.Overall != want {
		t.Fatalf("overall %d; want %d", rep.Overall, want)
	}
	stored, _ := st.Session(ctx, s.ID)
	if stored.Status != interview.StatusFinished || stored.Score == nil || *stored.Score != rep.Overall {
		t.Fatalf("stored session %+v; want finished with the overall score", stored)
	}
	if _, err := e.Answer(ctx, s, "more"); interview.ErrorCode(err) != interview.EINVALID {
		t.Fatalf("answer after the end: %v; want EINVALID", err)
	}
}

func TestEngineNoQuestionTwiceAndPrefersUnseen(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t, testPlans)
	asked := map[string]bool{}
	for round := 0; round < 2; round++ {
		s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "standard", Topic: "perf", Seed: int64(10 + round)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for s.State.Pending != nil {
			id := s.State.Pending.QuestionID
			got = append(got, id)
			if _, err := e.Skip(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Fatalf("round %d asked %s twice: %v", round, id, got)
			}
			seen[id] = true
		}
		if round == 1 && asked[got[0]] && len(asked) < 3 {
			t.Fatalf("second session started with %s, seen before; want an unseen question", got[0])
		}
		for _, id := range got {
			asked[id] = true
		}
	}
}

func TestEngineSeedIsReproducible(t *testing.T) {
	ctx := context.Background()
	run := func() []string {
		e, _ := newEngine(t, testPlans)
		s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "quick", Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for s.State.Pending != nil {
			ids = append(ids, s.State.Pending.QuestionID)
			if _, err := e.Answer(ctx, s, "generators are lazy"); err != nil {
				t.Fatal(err)
			}
		}
		return ids
	}
	a, b := run(), run()
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("same seed, different questions: %v vs %v", a, b)
	}
}

func TestEngineAsksAboutCVProjects(t *testing.T) {
	ctx := context.Background()
	e, st := newEngine(t, testPlans)
	u, _ := st.EnsureUser(ctx, alice)
	p, err := interview.NewProject("HLS <!channel> transcoder", "Transcodes uploads with ffmpeg; Redis caches playlists.", nil)
	if err != nil {
		t.Fatal(err)
	}
	p.UserID = u.ID
	st.projects[u.ID] = []*interview.Project{p}
	s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "standard", Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var cv []*interview.Turn
	for s.State.Pending != nil {
		oc, err := e.Answer(ctx, s, "We used Redis as a cache-aside layer with a TTL.")
		if err != nil {
			t.Fatal(err)
		}
		if oc.Turn.Kind == interview.KindCV {
			cv = append(cv, oc.Turn)
		}
	}
	if len(cv) != 1 {
		t.Fatalf("asked %d CV follow-ups; want 1", len(cv))
	}
	if cv[0].Stage != "perf" || !strings.Contains(cv[0].Prompt, p.Name) || cv[0].Score != nil {
		t.Fatalf("CV follow-up %+v; want the perf stage's caching template about %q, unscored", cv[0], p.Name)
	}
}

func TestEngineRefusesStaleState(t *testing.T) {
	ctx := context.Background()
	e, st := newEngine(t, testPlans)
	s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "quick", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	stale, _ := st.Session(ctx, s.ID)
	if _, err := e.Answer(ctx, s, "first"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Answer(ctx, stale, "second, against the same question"); interview.ErrorCode(err) != interview.ECONFLICT {
		t.Fatalf("answer on a stale session: %v; want ECONFLICT", err)
	}
	if n := len(st.turns[s.ID]); n != 1 {
		t.Fatalf("%d turns recorded; want 1", n)
	}
}

func TestStartErrors(t *testing.T) {
	e, _ := newEngine(t, testPlans)
	for name, opt := range map[string]interview.StartOptions{
		"unknown plan":  {Plan: "marathon"},
		"unknown topic": {Plan: "quick", Topic: "cobol"},
	} {
		if _, err := e.Start(context.Background(), alice, opt); interview.ErrorCode(err) != interview.EINVALID {
			t.Errorf("%s: err %v; want EINVALID", name, err)
		}
	}
}

func TestDefaultPlansAreValid(t *testing.T) {
	ps := interview.DefaultPlans()
	for _, name := range []string{"quick", "standard", "full"} {
		p, err := ps.Get(name)
		if err != nil {
			t.Fatalf("plan %s: %v", name, err)
		}
		if len(p.Stages) == 0 || p.PerStage < 1 || len(p.Levels) == 0 || p.TopicQuestions < 1 {
			t.Errorf("plan %s is incomplete: %+v", name, p)
		}
	}
}

func TestLongAnswerIsCutWithANote(t *testing.T) {
	ctx := context.Background()
	e, st := newEngine(t, testPlans)
	s, err := e.Start(ctx, alice, interview.StartOptions{Plan: "quick", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	oc, err := e.Answer(ctx, s, strings.Repeat("é", interview.MaxAnswerRunes+500))
	if err != nil {
		t.Fatal(err)
	}
	if !oc.Cut || len([]rune(st.turns[s.ID][0].Answer)) != interview.MaxAnswerRunes {
		t.Fatalf("answer of %d runes stored; want it cut at %d", len([]rune(st.turns[s.ID][0].Answer)), interview.MaxAnswerRunes)
	}
	if !strings.Contains(strings.Join(oc.Turn.Feedback, " "), "was cut") {
		t.Fatalf("feedback %v has no note about the cut", oc.Turn.Feedback)
	}
	if _, err := e.Answer(ctx, s, "   "); interview.ErrorCode(err) != interview.EINVALID {
		t.Fatalf("an empty answer: %v; want EINVALID", err)
	}
}
