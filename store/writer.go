package store

import (
	"context"
	"slices"
	"sync"
)

// writerGate hands the single writer connection to one user at a time (a write
// transaction, or a read that wants the writer): deliveries being recorded first,
// then everything else, each class in arrival order. database/sql gives a freed
// connection to a random waiter, so when a burst of slash commands started two
// hundred interviews at once, recording a delivery (which its acknowledgement
// waits for) queued behind the interviews' own reads and writes: 12 ms at the
// median and 130 ms at the 99th percentile, and 120 ms at the 99th percentile with
// gated writes alone over a database with history.
type writerGate struct {
	mu      sync.Mutex
	busy    bool
	urgent  []chan struct{}
	ordered []chan struct{}
	queued  func(urgent bool) // called once a waiter is queued; nil in use, a signal for tests
}

// acquire waits for the writer; urgent callers go before the others.
func (g *writerGate) acquire(ctx context.Context, urgent bool) error {
	g.mu.Lock()
	if !g.busy {
		g.busy = true
		g.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	if urgent {
		g.urgent = append(g.urgent, turn)
	} else {
		g.ordered = append(g.ordered, turn)
	}
	hook := g.queued
	g.mu.Unlock()
	if hook != nil {
		hook(urgent)
	}
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		queued := slices.Contains(g.urgent, turn) || slices.Contains(g.ordered, turn)
		g.urgent = slices.DeleteFunc(g.urgent, func(c chan struct{}) bool { return c == turn })
		g.ordered = slices.DeleteFunc(g.ordered, func(c chan struct{}) bool { return c == turn })
		g.mu.Unlock()
		if !queued {
			g.release() // handed the writer as the context ended: pass it on
		}
		return ctx.Err()
	}
}

// release hands the writer to the next waiter, if any.
func (g *writerGate) release() {
	g.mu.Lock()
	var next chan struct{}
	switch {
	case len(g.urgent) > 0:
		next, g.urgent = g.urgent[0], g.urgent[1:]
	case len(g.ordered) > 0:
		next, g.ordered = g.ordered[0], g.ordered[1:]
	default:
		g.busy = false
	}
	g.mu.Unlock()
	if next != nil {
		close(next)
	}
}
