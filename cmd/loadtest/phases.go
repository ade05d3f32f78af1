package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
	"github.com/mockinterview/mockinterview/questions"
)

// runBare drives the candidates against the bare handler.
func (m *Main) runBare(ctx context.Context, d *driver, bank *questions.Bank) (*Phase, error) {
	fs := fakeslack.New()
	defer fs.Close()
	fs.Fast(true)
	bh, err := startBare(filepath.Join(m.dir, "bare.db"), fs.APIURL(), d.secret, bank, d.planLength())
	if err != nil {
		return nil, err
	}
	defer bh.Close()
	p := d.run(ctx, "bare", bh.URL(), fs)
	p.SlackConns = fs.Conns()
	rec, err := bh.recorded(ctx)
	if err != nil {
		return p, err
	}
	p.check(rec)
	return p, nil
}

// runBot starts serve over the database and drives the candidates against it.
func (m *Main) runBot(ctx context.Context, d *driver, bin, dbPath string) (*Phase, *ServeStats, error) {
	fs := fakeslack.New()
	defer fs.Close()
	fs.Fast(true)
	before, err := maxSessionID(ctx, dbPath)
	if err != nil {
		return nil, nil, err
	}
	// Start-up is measured over several starts (each stopped with SIGTERM): one start
	// on a shared machine is too easily caught by a neighbour's burst.
	var startups []time.Duration
	for range max(m.Config.Startups-1, 0) {
		sp, err := startServe(ctx, bin, dbPath, fs.APIURL(), d.secret, m.dir)
		if err != nil {
			return nil, nil, err
		}
		startups = append(startups, sp.startup)
		if err := sp.stop(30 * time.Second); err != nil {
			return nil, nil, fmt.Errorf("stop serve after measuring its start-up: %w", err)
		}
	}
	sp, err := startServe(ctx, bin, dbPath, fs.APIURL(), d.secret, m.dir)
	if err != nil {
		return nil, nil, err
	}
	defer sp.kill()
	startups = append(startups, sp.startup)
	lat := latency(startups)
	stats := &ServeStats{StartupMS: lat.P50, StartupMaxMS: lat.Max, Startups: len(startups)}
	stats.RSSAtStartMB, _ = sp.rssMB()
	user0, sys0, err := sp.cpuSplit()
	if err != nil {
		return nil, nil, err
	}
	conns := fs.Conns() // the start-ups' own
	p := d.run(ctx, "bot", sp.URL(), fs)
	p.SlackConns = fs.Conns() - conns
	user1, sys1, err := sp.cpuSplit()
	if err != nil {
		return p, stats, err
	}
	stats.PeakRSSMB, _ = sp.peakRSSMB()
	used := user1 - user0 + sys1 - sys0
	stats.CPUSeconds = used.Seconds()
	if used > 0 {
		stats.SysShare = float64(sys1-sys0) / float64(used)
	}
	if p.AnswersSent > 0 {
		stats.CPUPerAnswerMS = ms(used) / float64(p.AnswersSent)
	}
	if err := sp.stop(30 * time.Second); err != nil {
		p.addError("serve did not stop cleanly: " + err.Error())
	}
	for _, line := range logErrors(sp.logPath) {
		stats.LogErrors++
		p.addError("serve log: " + line)
	}
	rec, err := recordedAnswers(ctx, dbPath, before)
	if err != nil {
		return p, stats, err
	}
	p.check(rec)
	return p, stats, nil
}
