package main

import (
	"context"
	"os"
	"time"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/store"
)

// SeedResult describes the history stored before serve starts.
type SeedResult struct {
	Turns    int     `json:"turns"`
	Sessions int     `json:"sessions"`
	Users    int     `json:"users"`
	SizeMB   float64 `json:"size_mb"`
	Seconds  float64 `json:"seconds"`
}

// seedDatabase stores finished quick interviews through store.Seed for users U00000
// onwards, so the candidates of the run have history: their seen questions and past
// sessions are real queries.
func seedDatabase(ctx context.Context, path string, turns, users int, bank *questions.Bank) (*SeedResult, error) {
	began := time.Now()
	seeded, err := store.Seed(ctx, path, teamID, turns, users, bank.Questions())
	if err != nil {
		return nil, err
	}
	res := &SeedResult{Users: users, Turns: seeded.Turns(), Sessions: seeded.Sessions()}
	// Write it to disk now, so that the kernel's write-back of hundreds of megabytes
	// does not fall into the start-up being measured next.
	if f, err := os.Open(path); err == nil {
		f.Sync()
		if fi, err := f.Stat(); err == nil {
			res.SizeMB = float64(fi.Size()) / (1 << 20)
		}
		f.Close()
	}
	res.Seconds = time.Since(began).Seconds()
	return res, nil
}
