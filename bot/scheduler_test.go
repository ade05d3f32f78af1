package bot_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
)

// TestCatchUpFansOutBoundedAndOnce fires many channels' slots from two schedulers at
// once against a Slack that answers slowly: every channel gets its question once,
// channels are posted concurrently, and never more at once than Concurrency per
// scheduler.
func TestCatchUpFansOutBoundedAndOnce(t *testing.T) {
	h := newHarness(t)
	h.slack.Delay(20 * time.Millisecond)
	h.slack.EnforcePace(time.Second)
	ctx := context.Background()
	const channels, limit = 24, 3
	for i := range channels {
		sch := &interview.Schedule{TeamID: "T1", ChannelID: fmt.Sprintf("C%02d", i), Spec: "CRON_TZ=UTC 0 9 * * *", Timezone: "UTC", CreatedBy: "UADMIN"}
		if err := h.db.SaveSchedule(ctx, sch); err != nil {
			t.Fatal(err)
		}
	}
	schedules, err := h.db.Schedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{time.Date(2026, 11, 26, 9, 0, 20, 0, time.UTC)}
	var wg sync.WaitGroup
	for i := range 2 {
		s := h.scheduler(c)
		s.Concurrency, s.Slots.Instance = limit, fmt.Sprintf("replica-%d", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.CatchUp(ctx, schedules)
		}()
	}
	wg.Wait()
	for _, sch := range schedules {
		if n := len(qotdPosts(h.slack.Calls(""), sch.ChannelID)); n != 1 {
			t.Errorf("%s got %d questions of the day; want 1", sch.ChannelID, n)
		}
	}
	if n := len(h.slack.Calls("chat.postMessage:429")); n != 0 {
		t.Errorf("%d posts were rate-limited; want none (one post per channel)", n)
	}
	if got := h.slack.MaxConcurrent(); got <= 2 || got > 2*limit {
		t.Errorf("%d posts in flight at most; want more than 2 (two schedulers posting one channel at a time) and at most %d per scheduler", got, limit)
	}
}
