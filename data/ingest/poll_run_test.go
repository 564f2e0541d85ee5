package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
)

func TestRunPollsUntilCanceled(t *testing.T) {
	var calls atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := &fakeFeedStore{
		DueFeedsFunc: func(context.Context, time.Time) ([]data.Feed, error) {
			if calls.Add(1) == 3 {
				cancel()
			}
			return nil, nil
		},
	}
	p := newPoller(store, &fakeClock{t: fetchTestNow}, nil)
	if err := p.Run(ctx, time.Millisecond); err != nil {
		t.Fatalf("Run = %v, want nil after cancel", err)
	}
	if got := calls.Load(); got != 3 {
		t.Errorf("DueFeeds called %d times, want 3 (Run must stop once canceled)", got)
	}
}

func TestRunShutdownMidFetchLeavesFeedUntouched(t *testing.T) {
	entered := make(chan struct{})
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
	})
	var updates atomic.Int32
	store := &fakeFeedStore{
		DueFeedsFunc: func(context.Context, time.Time) ([]data.Feed, error) {
			return []data.Feed{{ID: 1, URL: srv.URL, Interval: time.Hour}}, nil
		},
		UpdateFeedFunc: func(context.Context, data.Feed) error { updates.Add(1); return nil },
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := newPoller(store, &fakeClock{t: fetchTestNow}, nil)
	done := make(chan error)
	go func() { done <- p.Run(ctx, time.Hour) }()
	<-entered
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if n := updates.Load(); n != 0 {
		t.Errorf("a fetch cut short by shutdown was recorded %d times as a failure", n)
	}
}

func ExamplePoller() {
	p := &ingest.Poller{
		Store:   &fakeFeedStore{DueFeedsFunc: func(context.Context, time.Time) ([]data.Feed, error) { return nil, nil }},
		Fetcher: fetch.New(fetch.Options{}),
		Handle: func(ctx context.Context, f data.Feed, res fetch.Result) error {
			// Parse res.Body and store the articles here.
			return nil
		},
	}
	rep, err := p.PollOnce(context.Background())
	fmt.Println(rep.Polled, err)
	// Output: 0 <nil>
}
