package interview

import (
	"context"
	"time"
)

// Timetable is when a schedule fires; a parsed cron spec is one.
type Timetable interface {
	Next(after time.Time) time.Time
}

// SlotStore keeps the claims that make each scheduled slot post once, across
// restarts and replicas: a unique (team, channel, slot) row.
type SlotStore interface {
	// ClaimSlot inserts the claim; false when the slot was already claimed.
	ClaimSlot(ctx context.Context, p *ChannelPost) (bool, error)
	// TakeOverStale re-assigns a claim made before `before` that was never posted.
	TakeOverStale(ctx context.Context, id int64, by string, before, now time.Time) (bool, error)
	PostBySlot(ctx context.Context, team, channel, slot string) (*ChannelPost, error)
	MarkPosted(ctx context.Context, id int64, ts string) error
	MarkRevealed(ctx context.Context, id int64) (bool, error)
}

// Slots is the scheduling core shared by every kind of scheduled post (the question
// of the day, its weekly summary, and later a person's daily drill). A slot's
// identity comes from the timetable, not from when a trigger ran: the latest
// scheduled time, written in the schedule's own zone. A trigger firing twice, the
// repeated 01:30 of an autumn night, a restart or a second replica all find the slot
// claimed.
type Slots struct {
	Store    SlotStore
	Instance string        // this process, recorded with its claims
	Grace    time.Duration // a slot missed while down is still posted within it
	Stale    time.Duration // a claim never posted for this long may be taken over
	Now      func() time.Time
}

func (s *Slots) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SlotAt returns the latest scheduled time at or before now and its identity. every
// is set for a fixed-interval schedule ("@every 1h"), whose slots are multiples of
// the interval. ok is false when the timetable has no time in the last eight days.
func SlotAt(tt Timetable, every time.Duration, loc *time.Location, now time.Time) (at time.Time, id string, ok bool) {
	if every > 0 {
		at = now.Truncate(every)
		return at, at.UTC().Format("2006-01-02T15:04:05Z"), true
	}
	if loc == nil {
		loc = time.UTC
	}
	var last time.Time
	t := tt.Next(now.Add(-8 * 24 * time.Hour))
	for i := 0; i < 50000 && !t.IsZero() && !t.After(now); i++ {
		last = t
		t = tt.Next(t)
	}
	if last.IsZero() {
		return time.Time{}, "", false
	}
	return last, last.In(loc).Format("2006-01-02T15:04"), true
}

// Due returns the slot to post now, if there is one within the grace period.
func (s *Slots) Due(tt Timetable, every time.Duration, loc *time.Location) (id string, ok bool) {
	now := s.now()
	at, id, ok := SlotAt(tt, every, loc, now)
	if !ok || now.Sub(at) > s.Grace {
		return "", false // nothing due, or missed for too long: skipped
	}
	return id, true
}

// Claim claims p's slot for this process, or takes over a claim whose holder never
// posted and is gone. It returns the claim to post and whether this process holds
// it; a live claimant retries its own post without a second claim.
func (s *Slots) Claim(ctx context.Context, p *ChannelPost) (*ChannelPost, bool, error) {
	p.ClaimedBy, p.ClaimedAt = s.Instance, s.now().UTC()
	claimed, err := s.Store.ClaimSlot(ctx, p)
	if err != nil || claimed {
		return p, claimed, err
	}
	prev, err := s.Store.PostBySlot(ctx, p.TeamID, p.ChannelID, p.Slot)
	if err != nil || prev.PostedAt != nil {
		return nil, false, err
	}
	now := s.now().UTC()
	took, err := s.Store.TakeOverStale(ctx, prev.ID, s.Instance, now.Add(-s.Stale), now)
	if err != nil || !took {
		return nil, false, err
	}
	return prev, true, nil
}
