package ingest_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
)

// recordingNotifier records what the poller tells it, as "disabled 1" and
// "recovered 1".
type recordingNotifier struct {
	mu     sync.Mutex
	events []string
}

var _ ingest.Notifier = (*recordingNotifier)(nil)

func (n *recordingNotifier) FeedDisabled(_ context.Context, f data.Feed) {
	n.add("disabled", f)
}

func (n *recordingNotifier) FeedRecovered(_ context.Context, f data.Feed) {
	n.add("recovered", f)
}

func (n *recordingNotifier) add(what string, f data.Feed) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events = append(n.events, what+" "+f.URL)
}

func (n *recordingNotifier) got() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.events...)
}

// failingThenWorking serves 503 to the first fails requests and the RSS
// fixture after that.
func failingThenWorking(t *testing.T, fails int32) (url string, hits *atomic.Int32) {
	t.Helper()
	body := readFetchFixture(t, "feed.rss")
	hits = new(atomic.Int32)
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= fails {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	})
	return srv.URL, hits
}

// TestDisabledFeedRecovers follows a feed that fails 7 times and then
// works: it is disabled after 3 failures, probed 6h later, then after 12h
// and daily, and enabled again by the probe that works. The servers'
// notifier hears of each change once.
func TestDisabledFeedRecovers(t *testing.T) {
	url, hits := failingThenWorking(t, 7)
	clock := &fakeClock{t: fetchTestNow}
	feeds := newMemFeeds(data.Feed{ID: 1, URL: url, Interval: time.Hour})
	p := newPoller(feeds.store(), clock, nil)
	p.MaxFailures = 3
	note := &recordingNotifier{}
	p.Notify = note

	waits := pollUntil(t, p, clock, feeds, 1, 3)
	f := feeds.get(1)
	if !f.Disabled || f.Failures != 3 {
		t.Fatalf("after 3 failures: %+v", f)
	}
	if got := note.got(); !reflect.DeepEqual(got, []string{"disabled " + url}) {
		t.Errorf("after disabling, told %q", got)
	}
	waits = append(waits, pollUntil(t, p, clock, feeds, 1, 6)...)
	f = feeds.get(1)
	if f.Disabled || f.Failures != 0 || f.LastError != "" || !f.LastSuccess.Equal(f.LastPolled) {
		t.Errorf("after the probe that worked: %+v", f)
	}
	h := time.Hour
	want := []time.Duration{h, 2 * h, 6 * h, 12 * h, 24 * h, 24 * h, 24 * h, h, h}
	if !reflect.DeepEqual(waits, want) {
		t.Errorf("waits = %v, want %v", waits, want)
	}
	if got := note.got(); !reflect.DeepEqual(got, []string{"disabled " + url, "recovered " + url}) {
		t.Errorf("told %q, want one disabled and one recovered", got)
	}
	if hits.Load() != 9 {
		t.Errorf("%d fetches, want 9", hits.Load())
	}
}

func TestProbeInterval(t *testing.T) {
	h := time.Hour
	for _, tt := range []struct {
		name  string
		probe time.Duration
		want  []time.Duration // waits after the disabling failure and two failed probes
	}{
		{"default", 0, []time.Duration{ingest.DefaultProbeInterval, 12 * h, 24 * h}},
		{"two hours", 2 * h, []time.Duration{2 * h, 4 * h, 8 * h}},
		{"longer than a day", 48 * h, []time.Duration{48 * h, 48 * h, 48 * h}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
			clock := &fakeClock{t: fetchTestNow}
			feeds := newMemFeeds(data.Feed{ID: 1, URL: srv.URL, Interval: time.Minute})
			p := newPoller(feeds.store(), clock, nil)
			p.MaxFailures = 1
			p.ProbeInterval = tt.probe
			if got := pollUntil(t, p, clock, feeds, 1, 3); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("waits = %v, want %v", got, tt.want)
			}
			if f := feeds.get(1); !f.Disabled || f.LastError != "disabled after 3 failures: the server answered 404 Not Found" {
				t.Errorf("feed = %+v", f)
			}
		})
	}
}

func TestRetry(t *testing.T) {
	url, hits := failingThenWorking(t, 1)
	clock := &fakeClock{t: fetchTestNow}
	disabled := data.Feed{ID: 1, URL: url, Interval: time.Hour, Disabled: true, Failures: 8,
		LastError: "disabled after 8 failures: x", NextPoll: fetchTestNow.Add(20 * time.Hour)}
	feeds := newMemFeeds(disabled)
	p := newPoller(feeds.store(), clock, nil)
	note := &recordingNotifier{}
	p.Notify = note

	// The first retry fails: the feed stays disabled, and its next probe
	// is counted from now.
	f, err := p.Retry(context.Background(), 1)
	var fe *fetch.Error
	if !errors.As(err, &fe) || fe.Reason != "the server answered 503 Service Unavailable" {
		t.Fatalf("failed retry: err = %v", err)
	}
	if !f.Disabled || f.Failures != 9 || f.NextPoll.Sub(fetchTestNow) != 12*time.Hour || feeds.get(1) != f {
		t.Errorf("after a failed retry: %+v", f)
	}
	// The second works.
	clock.Set(fetchTestNow.Add(time.Minute))
	f, err = p.Retry(context.Background(), 1)
	if err != nil || f.Disabled || f.Failures != 0 || f.NextPoll.Sub(clock.Now()) != time.Hour {
		t.Errorf("retry that works: %+v, %v", f, err)
	}
	if got := note.got(); !reflect.DeepEqual(got, []string{"recovered " + url}) {
		t.Errorf("told %q", got)
	}
	if hits.Load() != 2 {
		t.Errorf("%d fetches, want 2", hits.Load())
	}
	if _, err := p.Retry(context.Background(), 99); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("retry of an unknown feed: %v", err)
	}
}

// TestRetryWhilePolling checks that a feed is never polled twice at once:
// a retry during its poll is refused with ErrBusy.
func TestRetryWhilePolling(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var first sync.Once
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		first.Do(func() { close(entered) })
		<-release
	})
	clock := &fakeClock{t: fetchTestNow}
	feeds := newMemFeeds(data.Feed{ID: 1, URL: srv.URL, Interval: time.Hour})
	p := newPoller(feeds.store(), clock, nil)
	done := make(chan error, 1)
	go func() {
		_, err := p.PollOnce(context.Background())
		done <- err
	}()
	<-entered
	_, err := p.Retry(context.Background(), 1)
	close(release)
	if !errors.Is(err, ingest.ErrBusy) {
		t.Errorf("retry during a poll: %v, want ErrBusy", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := p.Retry(context.Background(), 1); err != nil {
		t.Errorf("retry after the poll: %v", err)
	}
}
