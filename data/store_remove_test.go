package data_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

func TestDeleteArticlesRemovesOnlyThose(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _ := be.open(t)
		arts := []data.Article{storeArticle(1), storeArticle(2), storeArticle(3)}
		storePutAll(t, s, arts...)
		n, err := s.DeleteArticles(ctx, []string{arts[0].ID, arts[2].ID, "u-not-stored"})
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("deleted %d, want 2", n)
		}
		for i, want := range []bool{false, true, false} {
			_, err := s.Article(ctx, arts[i].ID)
			if got := err == nil; got != want {
				t.Errorf("article %d still stored = %v, want %v (err %v)", i, got, want, err)
			}
		}
	})
}

func TestSetArticlesFeedBumpsRevision(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _ := be.open(t)
		arts := []data.Article{storeArticle(1), storeArticle(2)}
		storePutAll(t, s, arts...)
		before, _ := s.MaxRev(ctx)
		n, err := s.SetArticlesFeed(ctx, []string{arts[0].ID, "u-not-stored"}, data.SampleFeedID)
		if err != nil || n != 1 {
			t.Fatalf("SetArticlesFeed = %d, %v; want 1, nil", n, err)
		}
		got, err := s.Article(ctx, arts[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FeedID != data.SampleFeedID || got.Rev <= before {
			t.Errorf("article has feed %d rev %d; want feed %d and a rev above %d", got.FeedID, got.Rev, data.SampleFeedID, before)
		}
		// A second call changes nothing.
		if n, err := s.SetArticlesFeed(ctx, []string{arts[0].ID}, data.SampleFeedID); err != nil || n != 0 {
			t.Errorf("second SetArticlesFeed = %d, %v; want 0, nil", n, err)
		}
	})
}

func TestArticleIDsBefore(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _ := be.open(t)
		old, mid, recent := storeArticle(1), storeArticle(2), storeArticle(3)
		old.Published = storeT0.AddDate(-2, 0, 0)
		mid.Published = storeT0.AddDate(0, -2, 0)
		undated := storeArticle(4)
		undated.Published = time.Time{}
		undated.FetchedAt = storeT0.AddDate(-1, 0, 0) // dated by when it was fetched
		for _, a := range []*data.Article{&old, &mid, &recent, &undated} {
			a.Normalize()
		}
		storePutAll(t, s, old, mid, recent, undated)
		ids, err := s.ArticleIDsBefore(ctx, storeT0.AddDate(0, -1, 0), 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{old.ID, undated.ID, mid.ID}
		if len(ids) != len(want) {
			t.Fatalf("IDs = %v, want %v", ids, want)
		}
		for i := range want {
			if ids[i] != want[i] {
				t.Errorf("IDs[%d] = %s, want %s", i, ids[i], want[i])
			}
		}
		if ids, _ := s.ArticleIDsBefore(ctx, storeT0.AddDate(0, -1, 0), 1); len(ids) != 1 || ids[0] != old.ID {
			t.Errorf("limit 1: %v, want [%s]", ids, old.ID)
		}
	})
}

// TestBackupWhileWriting copies the store while another goroutine keeps
// writing: the copy opens as a store and holds every article committed
// before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	for i := range 200 {
		storePutAll(t, s, storeArticle(i))
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 1000; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := s.PutArticles(ctx, []data.Article{storeArticle(i)}); err != nil {
				t.Errorf("write during backup: %v", err)
				return
			}
		}
	})
	path := filepath.Join(t.TempDir(), "backup.db")
	err := s.Backup(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	b := openTestStoreAt(t, path)
	c, err := b.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles < 200 {
		t.Errorf("backup holds %d articles, want at least 200", c.Articles)
	}
	last := storeArticle(199)
	last.Normalize()
	if _, err := b.Article(ctx, last.ID); err != nil {
		t.Errorf("backup lacks an article stored before it: %v", err)
	}
	if err := s.Backup(ctx, path); !errors.Is(err, data.ErrExists) {
		t.Errorf("backup over an existing file: %v, want ErrExists", err)
	}
}
