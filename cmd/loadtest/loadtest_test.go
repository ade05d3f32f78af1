package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestSmoke runs the whole load test at a small size: a seeded database, the bare
// handler, the real binary (built by the tool) and a fan-out. It asserts correctness
// only, never timings: no errors, every answer recorded once, every channel posted
// once.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	m := NewMain()
	if err := m.ParseFlags([]string{"-n", "5", "-fanout", "20", "-think", "10ms", "-seed-turns", "500", "-startups", "2", "-timeout", "2m"}); err != nil {
		t.Fatal(err)
	}
	m.Config.Dir = t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := m.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := writeTable(&table, res); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Phase{res.Bare, res.Bot} {
		if p == nil {
			t.Fatalf("a phase is missing:\n%s", table.String())
		}
		if p.Errors != 0 || p.Finished != 5 || p.AnswersSent == 0 || p.Recorded != p.AnswersSent || p.Missing+p.Extra+p.Mismatched != 0 {
			t.Errorf("%s: %d errors %v, %d/5 finished, %d answers sent, %d recorded (%d missing, %d extra, %d mismatched)",
				p.Name, p.Errors, p.ErrorSamples, p.Finished, p.AnswersSent, p.Recorded, p.Missing, p.Extra, p.Mismatched)
		}
	}
	if res.Bare != nil && res.Bot != nil && res.Bare.AnswersSent != res.Bot.AnswersSent {
		t.Errorf("bare took %d answers and the bot %d; want the same interview shape", res.Bare.AnswersSent, res.Bot.AnswersSent)
	}
	if f := res.Fanout; f == nil || f.Channels != 20 || f.PostedOnce != 20 || f.Missing+f.Duplicated != 0 || f.MarkedInDB != 20 {
		t.Errorf("fan-out: %+v; want each of 20 channels posted once", f)
	}
	if s := res.Seed; s == nil || s.Turns != 500 {
		t.Errorf("seed: %+v; want 500 turns", s)
	}
	if res.Serve == nil || res.Serve.StartupMS <= 0 || res.Serve.PeakRSSMB <= 0 || res.Serve.CPUSeconds < 0 {
		t.Errorf("serve stats: %+v; want start-up and peak RSS measured", res.Serve)
	}
	if !res.OK() || !strings.Contains(table.String(), "correctness: OK") {
		t.Errorf("result not OK:\n%s", table.String())
	}
	var js bytes.Buffer
	m.Config.JSON = true
	if err := m.Write(&js, res); err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Bot == nil || back.Bot.AnswersSent != res.Bot.AnswersSent {
		t.Fatalf("-json output does not read back: %v\n%s", err, js.String())
	}
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-n", "0"}, "-n 0"},
		{[]string{"-plan", "marathon"}, "-plan"},
		{[]string{"-weak", "2"}, "-weak"},
		{[]string{"-fanout", "-1"}, "-fanout"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		m := NewMain()
		m.Config.Logger = nil
		err := m.ParseFlags(tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v; want an error naming %s", tc.args, err, tc.want)
		}
	}
}
