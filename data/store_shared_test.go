package data_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/data"
)

// These tests share one store between two Store handles, as two processes
// share one PostgreSQL database (or one SQLite file).

func TestRevisionsNeverSkippedWithTwoWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		ctx := t.Context()
		const batches, size = 40, 3
		var writers sync.WaitGroup
		for w, st := range []*data.Store{s, other} {
			writers.Go(func() {
				for b := range batches {
					var arts []data.Article
					for i := range size {
						arts = append(arts, storeArticle((w*batches+b)*size+i))
					}
					if _, _, err := st.PutArticles(ctx, arts); err != nil {
						t.Errorf("writer %d: PutArticles: %v", w, err)
						return
					}
				}
			})
		}
		done := make(chan struct{})
		go func() { writers.Wait(); close(done) }()

		// Every write adds an article, so the revisions are 1, 2, 3, …: a
		// reader catching up as an index does must see each one, in order.
		// One committed out of order would show as a gap, and an index
		// that read past the gap would never see the late one.
		var last int64
		catchUp := func() {
			err := other.ArticlesAfter(ctx, last, func(a data.Article) error {
				if a.Rev != last+1 {
					return fmt.Errorf("read rev %d after %d: rev %d was skipped", a.Rev, last, last+1)
				}
				last = a.Rev
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		reads := 0
		for running := true; running; reads++ {
			select {
			case <-done:
				running = false
			default:
			}
			catchUp()
		}
		if want := int64(2 * batches * size); last != want {
			t.Errorf("reader caught up to rev %d, want %d", last, want)
		}
		if rev, err := s.MaxRev(ctx); err != nil || rev != last {
			t.Errorf("MaxRev = %d, %v; want %d", rev, err, last)
		}
		t.Logf("%d catch-ups while writing", reads)
	})
}

// TestOpenConcurrentlyMigratesOnce is PostgreSQL's: processes sharing a
// SQLite file share a data directory, whose index lets one process in.
func TestOpenConcurrentlyMigratesOnce(t *testing.T) {
	target := postgresBackend(t).target(t)
	const openers = 4
	ids := make([]string, openers)
	var wg sync.WaitGroup
	for i := range openers {
		wg.Go(func() {
			s, err := data.Open(t.Context(), target)
			if err != nil {
				t.Errorf("Open %d: %v", i, err)
				return
			}
			defer s.Close()
			if ids[i], err = s.StoreID(t.Context()); err != nil {
				t.Errorf("StoreID %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	for i := range ids {
		if ids[i] == "" || ids[i] != ids[0] {
			t.Fatalf("store IDs %q: want one identity made once", ids)
		}
	}
}

func TestTokenUsageAddsUpAcrossHandles(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		const adds = 50
		var wg sync.WaitGroup
		for _, st := range []*data.Store{s, other, s, other} {
			wg.Go(func() {
				for range adds {
					if _, err := st.AddTokenUsage(t.Context(), "g1", "2026-11-20", 3); err != nil {
						t.Errorf("AddTokenUsage: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		if got, err := s.TokenUsage(t.Context(), "g1", "2026-11-20"); err != nil || got != 4*adds*3 {
			t.Errorf("TokenUsage = %d, %v; want %d", got, err, 4*adds*3)
		}
	})
}

func TestBotThreadsPrunedAcrossHandles(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		const keep, saves = 5, 30
		var wg sync.WaitGroup
		for w, st := range []*data.Store{s, other} {
			wg.Go(func() {
				for i := range saves {
					id := fmt.Sprintf("t%d-%d", w, i)
					if err := st.SaveBotThread(t.Context(), id, []byte(`[]`), keep); err != nil {
						t.Errorf("SaveBotThread %s: %v", id, err)
						return
					}
				}
			})
		}
		wg.Wait()
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM bot_threads`).Scan(&n); err != nil || n != keep {
			t.Errorf("%d threads kept (%v), want %d", n, err, keep)
		}
		// The saves were stamped one after another, never two alike, and
		// the newest is kept.
		var stamps int
		if err := s.DB().QueryRow(`SELECT COUNT(DISTINCT updated_at) FROM bot_threads`).Scan(&stamps); err != nil || stamps != keep {
			t.Errorf("%d distinct stamps among %d threads (%v)", stamps, keep, err)
		}
		if err := other.SaveBotThread(t.Context(), "last", []byte(`[]`), keep); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BotThread(t.Context(), "last"); err != nil {
			t.Errorf("BotThread(last), just saved: %v", err)
		}
	})
}
