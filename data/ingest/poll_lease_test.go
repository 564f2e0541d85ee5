package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
)

var _ ingest.FeedLeaser = (*data.Store)(nil)

// sharedStore opens the SQLite store at a fresh path twice, as two
// processes would, and adds feeds feeds of srv due at now.
func sharedStore(t *testing.T, srvURL string, feeds int, now time.Time) (*data.Store, *data.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.db")
	var stores []*data.Store
	for range 2 {
		s, err := data.OpenStore(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores = append(stores, s)
	}
	for i := range feeds {
		if _, err := stores[0].AddFeed(t.Context(), data.Feed{URL: fmt.Sprintf("%s/feed/%d", srvURL, i), NextPoll: now}); err != nil {
			t.Fatal(err)
		}
	}
	return stores[0], stores[1]
}

func TestLeasedPollersFetchEachFeedOnce(t *testing.T) {
	var (
		mu   sync.Mutex
		hits = map[string]int{}
	)
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(readFetchFixture(t, "feed.rss"))
	})
	clock := &fakeClock{t: fetchTestNow}
	const feeds = 24
	a, b := sharedStore(t, srv.URL, feeds, clock.Now())

	var wg sync.WaitGroup
	polled := make([]int, 2)
	for i, st := range []*data.Store{a, b} {
		p := newPoller(st, clock, nil)
		p.Leases, p.Owner, p.Workers = st, fmt.Sprintf("process-%d", i), 3
		wg.Go(func() {
			rep, err := p.PollOnce(t.Context())
			if err != nil || len(rep.Errors) > 0 {
				t.Errorf("%s: PollOnce: %v %v", p.Owner, err, rep.Errors)
			}
			polled[i] = rep.Polled
		})
	}
	wg.Wait()
	if len(hits) != feeds {
		t.Errorf("%d feeds fetched, want %d", len(hits), feeds)
	}
	for path, n := range hits {
		if n != 1 {
			t.Errorf("%s fetched %d times, want once", path, n)
		}
	}
	if polled[0]+polled[1] != feeds {
		t.Errorf("pollers polled %v, want %d between them", polled, feeds)
	}
	// Every lease was released: once due again, any process may claim.
	clock.Set(clock.Now().Add(2 * data.DefaultFeedInterval))
	again, err := a.ClaimDueFeeds(t.Context(), clock.Now(), "process-2", time.Minute, 0)
	if err != nil || len(again) != feeds {
		t.Errorf("claimed %d feeds once due again (%v), want %d", len(again), err, feeds)
	}
}

func TestLeaseOfADeadPollerExpires(t *testing.T) {
	hits := 0
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Write(readFetchFixture(t, "feed.rss"))
	})
	clock := &fakeClock{t: fetchTestNow}
	st, _ := sharedStore(t, srv.URL, 1, clock.Now())
	// A process claims the feed and dies before polling it.
	if got, err := st.ClaimDueFeeds(t.Context(), clock.Now(), "dead", ingest.DefaultLease, 0); err != nil || len(got) != 1 {
		t.Fatalf("dead process claimed %d feeds, %v", len(got), err)
	}
	p := newPoller(st, clock, nil)
	p.Leases, p.Owner = st, "alive"
	poll := func() int {
		t.Helper()
		rep, err := p.PollOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return rep.Polled
	}
	if n := poll(); n != 0 || hits != 0 {
		t.Fatalf("polled %d feeds (%d fetches) under another's lease", n, hits)
	}
	clock.Set(clock.Now().Add(ingest.DefaultLease))
	if n := poll(); n != 1 || hits != 1 {
		t.Fatalf("polled %d feeds (%d fetches) once the lease expired, want 1", n, hits)
	}
}

func TestPollerLeasesNeedAnOwner(t *testing.T) {
	clock := &fakeClock{t: fetchTestNow}
	st, _ := sharedStore(t, "http://127.0.0.1:1", 0, clock.Now())
	p := newPoller(st, clock, nil)
	p.Leases = st
	if _, err := p.PollOnce(context.Background()); err == nil {
		t.Error("PollOnce with Leases and no Owner succeeded")
	}
}

func TestRetryOfAFeedAnotherProcessPollsIsBusy(t *testing.T) {
	hits := 0
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Write(readFetchFixture(t, "feed.rss"))
	})
	clock := &fakeClock{t: fetchTestNow}
	st, other := sharedStore(t, srv.URL, 1, clock.Now())
	held, err := other.ClaimDueFeeds(t.Context(), clock.Now(), "other", ingest.DefaultLease, 0)
	if err != nil || len(held) != 1 {
		t.Fatalf("the other process claimed %d feeds, %v", len(held), err)
	}
	p := newPoller(st, clock, nil)
	p.Leases, p.Owner = st, "here"
	if _, err := p.Retry(t.Context(), held[0].ID); !errors.Is(err, ingest.ErrBusy) || hits != 0 {
		t.Fatalf("Retry of a feed another process holds: %v after %d fetches; want ErrBusy and none", err, hits)
	}
	if err := other.ReleaseFeed(t.Context(), held[0].ID, "other"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Retry(t.Context(), held[0].ID); err != nil || hits != 1 {
		t.Fatalf("Retry once released: %v after %d fetches; want one", err, hits)
	}
	// Retry let its lease go: the feed is free for whoever it is due to.
	if ok, err := other.ClaimFeed(t.Context(), held[0].ID, clock.Now(), "other", time.Minute); err != nil || !ok {
		t.Errorf("the feed is still held after Retry: %v, %v", ok, err)
	}
}
