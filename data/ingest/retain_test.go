package ingest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
)

var retainNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// agedArticles stores articles of the given ages (an undated one is dated
// by its fetch time) and returns them in that order.
func agedArticles(t *testing.T, in *ingest.Ingester, ages ...time.Duration) []data.Article {
	t.Helper()
	arts := make([]data.Article, len(ages))
	for i, age := range ages {
		arts[i] = data.Article{
			URL:   fmt.Sprintf("https://retain.example/%d", i),
			Title: fmt.Sprintf("Lighthouse keeper report %d", i),
			Text:  fmt.Sprintf("The lighthouse keeper filed report number %d about the lamp.", i),
		}
		if i%2 == 0 {
			arts[i].Published = retainNow.Add(-age)
		} else {
			arts[i].FetchedAt = retainNow.Add(-age)
		}
	}
	if _, err := in.StoreArticles(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	for i := range arts {
		arts[i].Normalize()
	}
	return arts
}

func TestRetainerPrune(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name      string
		keep      time.Duration
		wantLeft  []bool // per article of ages 400d, 380d, 100d, 2d
		wantCount int
	}{
		{"a year", 365 * day, []bool{false, false, true, true}, 2},
		{"a week", 7 * day, []bool{false, false, false, true}, 3},
		{"forever (negative)", -1, []bool{true, true, true, true}, 0},
		{"zero is the default, forever", 0, []bool{true, true, true, true}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st, ix, in := realStack(t)
			arts := agedArticles(t, in, 400*day, 380*day, 100*day, 2*day)
			r := &ingest.Retainer{Store: st, Index: ix, Keep: tt.keep, Now: func() time.Time { return retainNow }}
			n, err := r.Prune(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.wantCount {
				t.Errorf("pruned %d, want %d", n, tt.wantCount)
			}
			res, err := ix.Search(ctx, retrieval.Query{Text: "lighthouse keeper report", K: 10, AsOf: retainNow})
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]bool{}
			for _, h := range res.Hits {
				found[h.ArticleID] = true
			}
			for i, a := range arts {
				_, err := st.Article(ctx, a.ID)
				if stored := err == nil; stored != tt.wantLeft[i] {
					t.Errorf("article %d stored = %v, want %v", i, stored, tt.wantLeft[i])
				}
				if found[a.ID] != tt.wantLeft[i] {
					t.Errorf("article %d found in the index = %v, want %v", i, found[a.ID], tt.wantLeft[i])
				}
			}
		})
	}
}

// TestRetainerRunPrunesAtStart runs the loop with a long period: it prunes
// once at start, and stops with its context.
func TestRetainerRunPrunesAtStart(t *testing.T) {
	st, ix, in := realStack(t)
	agedArticles(t, in, 400*24*time.Hour, time.Hour)
	r := &ingest.Retainer{Store: st, Index: ix, Keep: 30 * 24 * time.Hour, Now: func() time.Time { return retainNow }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		r.Run(ctx, time.Hour)
		close(done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := st.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if c.Articles == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Run did not prune at start: %d articles left", c.Articles)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
