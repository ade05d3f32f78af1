package store

import (
	"context"
	"testing"

	"github.com/mockinterview/mockinterview/inbox"

	"github.com/mockinterview/mockinterview/interview"
)

// TestWriterGateOrder: while the writer is held, waiting deliveries (urgent) get it
// before other writes, and each class in arrival order; a waiter whose context ends
// leaves the queue.
func TestWriterGateOrder(t *testing.T) {
	var g writerGate
	ctx := context.Background()
	if err := g.acquire(ctx, false); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 8)
	inLine := make(chan bool)
	g.mu.Lock()
	g.queued = func(urgent bool) { inLine <- urgent }
	g.mu.Unlock()
	queued := func(name string, urgent bool, ctx context.Context) {
		go func() {
			if err := g.acquire(ctx, urgent); err != nil {
				order <- name + ": " + err.Error()
				return
			}
			order <- name
			g.release()
		}()
		<-inLine // it is queued: the arrival order is the test's
	}
	cancelled, cancel := context.WithCancel(ctx)
	queued("write 1", false, ctx)
	queued("write 2", false, ctx)
	queued("gone", true, cancelled)
	queued("delivery 1", true, ctx)
	queued("delivery 2", true, ctx)
	cancel()
	if got := <-order; got != "gone: context canceled" {
		t.Fatalf("a cancelled waiter: %q; want it to leave with the context's error", got)
	}
	g.release()
	var got []string
	for range 4 {
		got = append(got, <-order)
	}
	want := []string{"delivery 1", "delivery 2", "write 1", "write 2"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v; want %v", got, want)
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busy || len(g.urgent)+len(g.ordered) != 0 {
		t.Fatalf("gate still busy (%v) or queued after everyone released", g.busy)
	}
}

// TestDeliveriesAreRecordedFirst: with the writer busy, recording a delivery (which
// its acknowledgement waits for) queues ahead of other writes and of reads on the
// writer, which queue in arrival order (TestWriterGateOrder checks the order).
func TestDeliveriesAreRecordedFirst(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if err := db.gate.acquire(ctx, false); err != nil { // a long write in progress
		t.Fatal(err)
	}
	inLine := make(chan bool)
	db.gate.mu.Lock()
	db.gate.queued = func(urgent bool) { inLine <- urgent }
	db.gate.mu.Unlock()
	errs := make(chan error, 4)
	for _, tc := range []struct {
		name   string
		urgent bool
		fn     func() error
	}{
		{"a sent message", false, func() error { return db.RecordSent(ctx, "k1", "C1", "1.1") }},
		{"a read on the writer", false, func() error { _, err := db.ActiveSession(ctx, 1); return ignoreNotFound(err) }},
		{"a delivery", true, func() error {
			_, err := db.AcceptInbound(ctx, &inbox.Delivery{Key: "event:Ev1", Kind: "message", TeamID: "T1", UserID: "U1", Payload: []byte("{}")})
			return err
		}},
		{"a turn", false, func() error { return db.RecordSent(ctx, "k2", "C1", "1.2") }},
	} {
		go func() { errs <- tc.fn() }()
		if urgent := <-inLine; urgent != tc.urgent {
			t.Errorf("%s queued as urgent %v; want %v", tc.name, urgent, tc.urgent)
		}
	}
	db.gate.release()
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func ignoreNotFound(err error) error {
	if interview.ErrorCode(err) == interview.ENOTFOUND {
		return nil
	}
	return err
}
