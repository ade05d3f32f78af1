package fakeslack_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mockinterview/mockinterview/internal/fakeslack"
)

func post(t *testing.T, api *slack.Client, channel string, opts ...slack.MsgOption) error {
	t.Helper()
	_, _, err := api.PostMessageContext(context.Background(), channel, opts...)
	return err
}

func TestWaitChannelWakesOnlyForItsChannel(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	api := slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL()))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	got := make(chan []fakeslack.Call, 1)
	go func() {
		calls, err := fs.WaitChannel(ctx, "D2", 0)
		if err != nil {
			t.Error(err)
		}
		got <- calls
	}()
	if err := post(t, api, "D1", slack.MsgOptionText("not yours", false)); err != nil {
		t.Fatal(err)
	}
	if err := post(t, api, "D2", slack.MsgOptionText("[1] first", false)); err != nil {
		t.Fatal(err)
	}
	calls := <-got
	if len(calls) != 1 || calls[0].Channel != "D2" || calls[0].Text != "[1] first" {
		t.Fatalf("WaitChannel(D2, 0) = %+v; want the one post to D2", calls)
	}
	if err := post(t, api, "D2", slack.MsgOptionText("[2] second", false)); err != nil {
		t.Fatal(err)
	}
	calls, err := fs.WaitChannel(ctx, "D2", 1)
	if err != nil || len(calls) != 1 || calls[0].Text != "[2] second" {
		t.Fatalf("WaitChannel(D2, 1) = %+v, %v; want the second post", calls, err)
	}
	if n := len(fs.ChannelCalls("D1", 0)); n != 1 {
		t.Fatalf("ChannelCalls(D1) = %d calls; want 1", n)
	}

	short, stop := context.WithTimeout(ctx, 20*time.Millisecond)
	defer stop()
	if _, err := fs.WaitChannel(short, "D3", 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitChannel on a quiet channel: %v; want the context's error", err)
	}
}

func TestFastKeepsOnlyTheText(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	api := slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL()))
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "in a block", false, false), nil, nil))
	if err := post(t, api, "C1", slack.MsgOptionText("the text", false), blocks); err != nil {
		t.Fatal(err)
	}
	fs.Fast(true)
	if err := post(t, api, "C1", slack.MsgOptionText("the text", false), blocks); err != nil {
		t.Fatal(err)
	}
	calls := fs.ChannelCalls("C1", 0)
	if calls[0].Text != "the text\nin a block" || calls[0].Params == nil {
		t.Errorf("normal mode: text %q, params %v; want the block text too, and the params", calls[0].Text, calls[0].Params)
	}
	if calls[1].Text != "the text" || calls[1].Params != nil {
		t.Errorf("fast mode: text %q, params %v; want only the text", calls[1].Text, calls[1].Params)
	}
}

func TestPaceDelayAndConcurrency(t *testing.T) {
	fs := fakeslack.New()
	defer fs.Close()
	fs.EnforcePace(time.Hour)
	fs.Delay(30 * time.Millisecond)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL()))
	var wg sync.WaitGroup
	for _, ch := range []string{"C1", "C2", "C3", "C4"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := post(t, api, ch, slack.MsgOptionText("one", false)); err != nil {
				t.Errorf("first post to %s: %v", ch, err)
			}
		}()
	}
	wg.Wait()
	var rl *slack.RateLimitedError
	if err := post(t, api, "C1", slack.MsgOptionText("two", false)); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("second post within the pace: %v; want 429 with Retry-After 1s", err)
	}
	if n := fs.MaxConcurrent(); n < 2 || n > 4 {
		t.Errorf("MaxConcurrent = %d; want the four delayed posts overlapping (2 to 4)", n)
	}
	if n := fs.Conns(); n < 2 {
		t.Errorf("Conns = %d; want a connection per overlapping post", n)
	}
	if n := len(fs.Calls("chat.postMessage:429")); n != 1 {
		t.Errorf("%d recorded 429s; want 1", n)
	}
}
