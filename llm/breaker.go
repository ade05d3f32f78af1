package llm

import (
	"log/slog"
	"sync"
	"time"
)

// breaker stops calls to a failing server: after threshold failed gradings in a row it
// opens for cooldown, during which every grading falls back at once. After that, calls
// go through again; the next failure opens it for another cooldown, a success closes it.
type breaker struct {
	mu        sync.Mutex
	now       func() time.Time
	threshold int
	cooldown  time.Duration
	log       *slog.Logger
	fails     int
	openUntil time.Time
}

func (b *breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.fails < b.threshold || !b.now().Before(b.openUntil)
}

func (b *breaker) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fails >= b.threshold {
		b.log.Info("llm circuit closed")
	}
	b.fails, b.openUntil = 0, time.Time{}
}

func (b *breaker) failure() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fails++
	if b.fails >= b.threshold {
		b.openUntil = b.now().Add(b.cooldown)
		b.log.Warn("llm circuit open: keyword scores only", "failures", b.fails, "until", b.openUntil)
	}
}
