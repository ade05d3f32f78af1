package bot_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestProgressCountsCVFollowUps: the "[n/total]" of a question counts the CV
// follow-ups of a plan that has them only for a candidate with CV projects.
func TestProgressCountsCVFollowUps(t *testing.T) {
	h := newHarness(t)
	status(t, h.command("UCV", "cv add Billing: A Django API for invoices with Celery workers, Redis caching and PostgreSQL"), http.StatusOK)
	h.idle()
	for _, tc := range []struct {
		user, plan string
		withCV     bool
	}{
		{"UCV", "standard", true},
		{"UNOCV", "standard", false},
		{"UQUICK", "quick", false},
	} {
		status(t, h.command(tc.user, "start "+tc.plan), http.StatusOK)
		h.idle()
		s, _ := h.session(tc.user)
		total := h.bot.Engine.Planned(s, tc.withCV)
		if tc.withCV && total == h.bot.Engine.Planned(s, false) {
			t.Fatalf("the %s plan has no CV follow-ups to count", tc.plan)
		}
		want := fmt.Sprintf("[1/%d]", total)
		if !contains(h.posts("D"+tc.user), want) {
			t.Errorf("%s (%s plan, CV %v): no question headed %s in %v", tc.user, tc.plan, tc.withCV, want, h.posts("D"+tc.user))
		}
	}
}
