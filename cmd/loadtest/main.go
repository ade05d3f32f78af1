// Command loadtest measures `mockinterview serve` under the load of a team starting
// interviews at once, beside the limit of the same machine: a bare handler that only
// verifies, stores and replies.
//
// It starts a fake Slack Web API (internal/fakeslack) on 127.0.0.1, drives N simulated
// candidates over signed HTTP (a slash command, then an answer to each question once
// it has been posted in their DM, after a short think time), first against the bare
// handler and then against the real binary, and reports acknowledgement and turn
// latency, answers per second, CPU per answer, peak RSS, errors and answers recorded.
// It also fans the question of the day out to many channels against a fake that
// enforces Slack's per-channel pace, and can seed a large database first to measure
// start-up and memory with history. Everything stays on 127.0.0.1 and every loop is
// bounded by count and by -timeout.
//
//	go run ./cmd/loadtest                       # 200 candidates, fan-out to 1,000 channels
//	go run ./cmd/loadtest -seed-turns 100000    # the same over a 100,000-turn database
//	go run ./cmd/loadtest -n 5 -fanout 20 -json # a smoke run, as JSON
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	if err := m.ParseFlags(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(2)
	}
	res, err := m.Run(ctx)
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if res != nil {
		if werr := m.Write(os.Stdout, res); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
	if res != nil && !res.OK() {
		os.Exit(1)
	}
}
