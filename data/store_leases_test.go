package data_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

func feedIDs(feeds []data.Feed) []int64 {
	ids := make([]int64, len(feeds))
	for i, f := range feeds {
		ids[i] = f.ID
	}
	return ids
}

func TestClaimDueFeedsLeasesUntilReleasedOrExpired(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		now := storeT0
		var due []int64
		for i, next := range []time.Time{now.Add(-time.Minute), now.Add(-time.Hour), now} {
			f, err := s.AddFeed(ctx, data.Feed{URL: fmt.Sprintf("https://due.example/%d", i), NextPoll: next})
			if err != nil {
				t.Fatal(err)
			}
			due = append(due, f.ID)
		}
		if _, err := s.AddFeed(ctx, data.Feed{URL: "https://later.example/", NextPoll: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		const lease = 10 * time.Minute
		claim := func(at time.Time, owner string, limit int) []int64 {
			t.Helper()
			feeds, err := s.ClaimDueFeeds(ctx, at, owner, lease, limit)
			if err != nil {
				t.Fatalf("ClaimDueFeeds(%s): %v", owner, err)
			}
			return feedIDs(feeds)
		}
		mostOverdueFirst := []int64{due[1], due[0], due[2]}
		if got := claim(now, "a", 0); !slices.Equal(got, mostOverdueFirst) {
			t.Fatalf("a claimed %v, want the due feeds most overdue first %v", got, mostOverdueFirst)
		}
		if got := claim(now.Add(lease-time.Second), "b", 0); len(got) != 0 {
			t.Errorf("b claimed %v while a's leases run", got)
		}
		// a died: its leases expire and b takes the feeds over.
		later := now.Add(lease)
		if got := claim(later, "b", 2); !slices.Equal(got, mostOverdueFirst[:2]) {
			t.Errorf("b claimed %v after a's leases expired, want %v (limit 2)", got, mostOverdueFirst[:2])
		}
		// a's late release must not free what b holds now.
		for _, id := range due {
			if err := s.ReleaseFeed(ctx, id, "a"); err != nil {
				t.Fatal(err)
			}
		}
		if got := claim(later, "c", 0); !slices.Equal(got, mostOverdueFirst[2:]) {
			t.Errorf("c claimed %v, want only the feed b did not take %v", got, mostOverdueFirst[2:])
		}
		if err := s.ReleaseFeed(ctx, due[1], "b"); err != nil {
			t.Fatal(err)
		}
		if got := claim(later, "c", 0); !slices.Equal(got, []int64{due[1]}) {
			t.Errorf("c claimed %v after b released %d", got, due[1])
		}
		if _, err := s.ClaimDueFeeds(ctx, now, "", lease, 0); err == nil {
			t.Error("ClaimDueFeeds with no owner succeeded")
		}
		if _, err := s.ClaimDueFeeds(ctx, now, "a", 0, 0); err == nil {
			t.Error("ClaimDueFeeds with no lease succeeded")
		}
	})
}

func TestClaimDueFeedsNeverGivesOneFeedTwice(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		ctx := t.Context()
		const feeds = 60
		for i := range feeds {
			if _, err := s.AddFeed(ctx, data.Feed{URL: fmt.Sprintf("https://race.example/%d", i), NextPoll: storeT0}); err != nil {
				t.Fatal(err)
			}
		}
		var (
			mu     sync.Mutex
			holder = map[int64]string{}
			wg     sync.WaitGroup
		)
		for w, st := range []*data.Store{s, other, s, other} {
			owner := fmt.Sprintf("process-%d", w)
			wg.Go(func() {
				for {
					got, err := st.ClaimDueFeeds(ctx, storeT0, owner, time.Hour, 2)
					if err != nil {
						t.Errorf("%s: ClaimDueFeeds: %v", owner, err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, f := range got {
						if prev, ok := holder[f.ID]; ok {
							t.Errorf("feed %d claimed by %s and %s", f.ID, prev, owner)
						}
						holder[f.ID] = owner
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(holder) != feeds {
			t.Errorf("%d feeds claimed, want all %d", len(holder), feeds)
		}
	})
}

// BenchmarkClaimDueFeeds measures claiming and releasing one due feed of
// 1,000, the poller's round trip per feed, on each backend.
func BenchmarkClaimDueFeeds(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchClaimDueFeeds(b, backend{name: "sqlite"}) })
	b.Run("postgres", func(b *testing.B) { benchClaimDueFeeds(b, postgresBackend(b)) })
}

func benchClaimDueFeeds(b *testing.B, be backend) {
	s, _ := be.open(b)
	ctx := b.Context()
	for i := range 1000 {
		if _, err := s.AddFeed(ctx, data.Feed{URL: fmt.Sprintf("https://bench.example/%d", i), NextPoll: storeT0}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		got, err := s.ClaimDueFeeds(ctx, storeT0, "bench", time.Minute, 1)
		if err != nil || len(got) != 1 {
			b.Fatalf("claimed %d, %v", len(got), err)
		}
		if err := s.ReleaseFeed(ctx, got[0].ID, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestClaimFeedLeasesOneFeedDueOrNot(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		ctx := t.Context()
		f, err := s.AddFeed(ctx, data.Feed{URL: "https://retry.example/rss", NextPoll: storeT0.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		const lease = time.Minute
		claim := func(st *data.Store, at time.Time, owner string) bool {
			t.Helper()
			ok, err := st.ClaimFeed(ctx, f.ID, at, owner, lease)
			if err != nil {
				t.Fatalf("ClaimFeed(%s): %v", owner, err)
			}
			return ok
		}
		if !claim(s, storeT0, "a") {
			t.Fatal("a could not claim a free feed that is not due")
		}
		if claim(other, storeT0.Add(lease-time.Second), "b") {
			t.Error("b claimed the feed while a's lease runs")
		}
		if !claim(s, storeT0, "a") {
			t.Error("a could not renew its own lease")
		}
		if !claim(other, storeT0.Add(lease), "b") {
			t.Error("b could not claim the feed once a's lease expired")
		}
		if _, err := s.ClaimFeed(ctx, f.ID+100, storeT0, "a", lease); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("ClaimFeed of an unknown feed: %v, want ErrNotFound", err)
		}
	})
}
