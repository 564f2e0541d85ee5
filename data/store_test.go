package data_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// openTestStore opens a store in a fresh temporary directory and closes it when
// the test ends.
func openTestStore(tb testing.TB) (*data.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "news.db")
	return openTestStoreAt(tb, path), path
}

func openTestStoreAt(tb testing.TB, path string) *data.Store {
	tb.Helper()
	s, err := data.OpenStore(context.Background(), path)
	if err != nil {
		tb.Fatalf("OpenStore(%s): %v", path, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func storePutAll(tb testing.TB, s *data.Store, arts ...data.Article) []data.Outcome {
	tb.Helper()
	outs, errs, err := s.PutArticles(context.Background(), arts)
	if err != nil {
		tb.Fatalf("PutArticles: %v", err)
	}
	for i, e := range errs {
		if e != nil {
			tb.Fatalf("PutArticles item %d: %v", i, e)
		}
	}
	return outs
}

var storeT0 = time.Date(2026, 11, 20, 9, 30, 15, 123456789, time.UTC)

// storeArticle returns a distinct full-text article for n.
func storeArticle(n int) data.Article {
	return data.Article{
		URL:       fmt.Sprintf("https://news.example/story/%d", n),
		Title:     fmt.Sprintf("Story number %d", n),
		Text:      fmt.Sprintf("Body of story %d. It has two sentences.", n),
		Published: storeT0.Add(time.Duration(n) * time.Minute),
		Authors:   []string{"Ann Writer"},
		FetchedAt: storeT0.Add(time.Hour),
	}
}

func storeSchemaVersion(tb testing.TB, s *data.Store) int {
	tb.Helper()
	var v int
	if err := s.DB().QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		tb.Fatalf("user_version: %v", err)
	}
	return v
}

func TestOpenStorePersistsAcrossReopen(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := t.Context()
		path := be.target(t)
		if be.pgURL == "" {
			// A SQLite store's directories are made as needed.
			path = filepath.Join(t.TempDir(), "nested", "dir", "news.db")
		}
		s, err := data.Open(ctx, path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		in := data.Article{
			URL:         "https://Example.com/a?utm_source=x&b=2",
			Title:       "  A   title ",
			Text:        "Some text.",
			Published:   time.Date(2026, 1, 2, 3, 4, 5, 987654321, time.FixedZone("X", 3600)),
			Source:      "The Example",
			Authors:     []string{"A. Person", " ", "B. Person"},
			FeedID:      7,
			ExcerptOnly: true,
		}
		arts := []data.Article{in, {Title: "No URL, no dates", Text: "x"}}
		storePutAll(t, s, arts...)
		f, err := s.AddFeed(ctx, data.Feed{URL: "https://feeds.example/rss", Title: "Feed"})
		if err != nil {
			t.Fatalf("AddFeed: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}

		s = be.reopen(t, path)
		got, err := s.Article(ctx, arts[0].ID)
		if err != nil {
			t.Fatalf("Article: %v", err)
		}
		want := data.Article{
			ID:          arts[0].ID,
			URL:         "https://example.com/a?b=2",
			Title:       "A title",
			Text:        "Some text.",
			Published:   time.Date(2026, 1, 2, 2, 4, 5, 987654321, time.UTC),
			Source:      "The Example",
			Authors:     []string{"A. Person", "B. Person"},
			FeedID:      7,
			ExcerptOnly: true,
			Rev:         1,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("reopened article:\n got %#v\nwant %#v", got, want)
		}
		got2, err := s.Article(ctx, arts[1].ID)
		if err != nil {
			t.Fatalf("Article without URL: %v", err)
		}
		if !got2.Published.IsZero() || !got2.FetchedAt.IsZero() || got2.Authors != nil || got2.Rev != 2 {
			t.Errorf("zero times/authors did not round-trip: %#v", got2)
		}
		gf, err := s.Feed(ctx, f.ID)
		if err != nil {
			t.Fatalf("Feed: %v", err)
		}
		if !reflect.DeepEqual(gf, f) {
			t.Errorf("reopened feed:\n got %#v\nwant %#v", gf, f)
		}
		if rev, err := s.MaxRev(ctx); err != nil || rev != 2 {
			t.Errorf("MaxRev = %d, %v; want 2", rev, err)
		}
	})
}

func TestMigrationsRecordVersionAndAreIdempotent(t *testing.T) {
	s, path := openTestStore(t)
	v := storeSchemaVersion(t, s)
	if v < 2 {
		t.Fatalf("user_version = %d, want at least 2 (articles+feeds, guilds)", v)
	}
	var mode string
	if err := s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.DB().QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	storePutAll(t, s, storeArticle(1))
	s.Close()

	// Reopening runs no step twice (CREATE TABLE would fail) and keeps data.
	s = openTestStoreAt(t, path)
	if got := storeSchemaVersion(t, s); got != v {
		t.Errorf("user_version after reopen = %d, want %d", got, v)
	}
	if c, err := s.Counts(t.Context()); err != nil || c.Articles != 1 {
		t.Errorf("Counts after reopen = %+v, %v; want 1 article", c, err)
	}

	// A database left at version 1 by an older newsbot gets the later
	// steps applied.
	s = downgradeAndReopen(t, s, path, v,
		"DROP TABLE digest_schedules", "DROP TABLE digest_slots",
		"DROP TABLE guild_feeds", "DROP TABLE token_usage",
		"DROP TABLE bot_threads", "DROP TABLE bot_sources", "DROP TABLE article_aliases", "PRAGMA user_version = 1")
	if n, err := s.AddTokenUsage(t.Context(), "g1", "2026-11-20", 5); err != nil || n != 5 {
		t.Errorf("AddTokenUsage after upgrade = %d, %v; want 5", n, err)
	}
	if c, err := s.Counts(t.Context()); err != nil || c.Articles != 1 {
		t.Errorf("Counts after upgrade = %+v, %v; want 1 article", c, err)
	}
}

func TestOpenStoreRefusesNewerSchema(t *testing.T) {
	s, path := openTestStore(t)
	if _, err := s.DB().Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := data.OpenStore(t.Context(), path)
	if err == nil {
		s2.Close()
		t.Fatal("OpenStore of a version-999 database succeeded")
	}
	if !errors.Is(err, data.ErrSchemaTooNew) {
		t.Errorf("error %v is not ErrSchemaTooNew", err)
	}
}

func TestPutArticlesIdempotent(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		batch := func() []data.Article {
			var arts []data.Article
			for i := range 5 {
				arts = append(arts, storeArticle(i))
			}
			return arts
		}
		first := batch()
		outs := storePutAll(t, s, first...)
		for i, o := range outs {
			if o != data.Added {
				t.Errorf("first pass item %d: %v, want added", i, o)
			}
			if first[i].Rev != int64(i+1) || first[i].ID == "" {
				t.Errorf("first pass item %d: Rev %d ID %q, want Rev %d and an ID", i, first[i].Rev, first[i].ID, i+1)
			}
		}
		second := batch()
		outs = storePutAll(t, s, second...)
		for i, o := range outs {
			if o != data.Unchanged {
				t.Errorf("second pass item %d: %v, want unchanged", i, o)
			}
			if second[i].Rev != first[i].Rev {
				t.Errorf("second pass item %d: Rev %d, want unchanged %d", i, second[i].Rev, first[i].Rev)
			}
		}
		if rev, _ := s.MaxRev(t.Context()); rev != 5 {
			t.Errorf("MaxRev = %d after an unchanged batch, want 5", rev)
		}
	})
}

func TestPutArticlesOutcomes(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		base := storeArticle(1)
		excerpt := base
		excerpt.Text, excerpt.ExcerptOnly = "Body of story 1.", true
		tests := []struct {
			name   string
			stored data.Article
			put    func(a data.Article) data.Article
			want   data.Outcome
			// wantText is the text stored afterwards.
			wantText string
		}{
			{"same after normalisation", base, func(a data.Article) data.Article {
				a.URL += "?utm_campaign=z#frag"
				a.Title = "  Story   number 1 "
				a.Text += "\n\n"
				a.Published = a.Published.In(time.FixedZone("Y", -5*3600))
				a.FetchedAt = a.FetchedAt.Add(time.Hour)
				return a
			}, data.Unchanged, base.Text},
			{"changed text", base, func(a data.Article) data.Article {
				a.Text = "A corrected body."
				return a
			}, data.Updated, "A corrected body."},
			{"changed title", base, func(a data.Article) data.Article {
				a.Title = "Story number 1, updated"
				return a
			}, data.Updated, base.Text},
			{"changed published", base, func(a data.Article) data.Article {
				a.Published = a.Published.Add(time.Nanosecond)
				return a
			}, data.Updated, base.Text},
			{"changed authors", base, func(a data.Article) data.Article {
				a.Authors = []string{"Ann Writer", "Bo Editor"}
				return a
			}, data.Updated, base.Text},
			{"changed source", base, func(a data.Article) data.Article {
				a.Source = "Other Outlet"
				return a
			}, data.Updated, base.Text},
			{"excerpt does not overwrite full text", base, func(data.Article) data.Article {
				return excerpt
			}, data.Unchanged, base.Text},
			{"full text replaces excerpt", excerpt, func(data.Article) data.Article {
				return base
			}, data.Updated, base.Text},
			{"newer excerpt replaces excerpt", excerpt, func(a data.Article) data.Article {
				a.Text = "A newer excerpt."
				return a
			}, data.Updated, "A newer excerpt."},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, _ := be.open(t)
				storePutAll(t, s, storeArticle(99)) // so revisions do not start at the article
				stored := []data.Article{tt.stored}
				storePutAll(t, s, stored...)
				next := []data.Article{tt.put(tt.stored)}
				outs := storePutAll(t, s, next...)
				if outs[0] != tt.want {
					t.Errorf("outcome %v, want %v", outs[0], tt.want)
				}
				got, err := s.Article(t.Context(), stored[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Text != tt.wantText {
					t.Errorf("stored text %q, want %q", got.Text, tt.wantText)
				}
				wantRev := stored[0].Rev
				if tt.want == data.Updated {
					wantRev = stored[0].Rev + 1
				}
				if got.Rev != wantRev || next[0].Rev != wantRev {
					t.Errorf("stored Rev %d, returned Rev %d, want %d", got.Rev, next[0].Rev, wantRev)
				}
				if rev, _ := s.MaxRev(t.Context()); rev != wantRev {
					t.Errorf("MaxRev %d, want %d", rev, wantRev)
				}
			})
		}
	})
}

func TestPutArticlesRejectsEmptyItems(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		arts := []data.Article{storeArticle(1), {URL: "https://news.example/empty", Text: "  "}, storeArticle(2)}
		outs, errs, err := s.PutArticles(t.Context(), arts)
		if err != nil {
			t.Fatalf("PutArticles: %v", err)
		}
		if !errors.Is(errs[1], data.ErrEmptyArticle) {
			t.Errorf("errs[1] = %v, want ErrEmptyArticle", errs[1])
		}
		if errs[0] != nil || errs[2] != nil || outs[0] != data.Added || outs[2] != data.Added {
			t.Errorf("good items: outs %v errs %v, want added without error", outs, errs)
		}
		if arts[2].Rev != 2 || arts[1].Rev != 0 {
			t.Errorf("revs %d, %d; want the rejected item to take no revision", arts[1].Rev, arts[2].Rev)
		}
		if _, err := s.ArticleByURL(t.Context(), "https://news.example/empty"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("rejected article was stored: %v", err)
		}
	})
}

func TestPutArticlesDuplicateInBatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		a, b := storeArticle(1), storeArticle(1)
		b.Text = "Second version."
		batch := []data.Article{a, storeArticle(1), b}
		outs := storePutAll(t, s, batch...)
		if want := []data.Outcome{data.Added, data.Unchanged, data.Updated}; !reflect.DeepEqual(outs, want) {
			t.Errorf("outcomes %v, want %v", outs, want)
		}
		got, err := s.Article(t.Context(), batch[0].ID)
		if err != nil || got.Text != "Second version." || got.Rev != 2 {
			t.Errorf("Article = %q rev %d, %v; want the second version at rev 2", got.Text, got.Rev, err)
		}
	})
}

func TestArticleLookups(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		a := storeArticle(3)
		a.URL = "HTTPS://News.Example:443/story/3?fbclid=abc"
		a.Normalize()
		storePutAll(t, s, a)
		tests := []struct {
			raw     string
			wantErr error
		}{
			{"https://news.example/story/3", nil},
			{"https://NEWS.example/story/3?utm_source=tw#top", nil},
			{"https://news.example/story/4", data.ErrNotFound},
			{"not a url", data.ErrNotFound},
		}
		for _, tt := range tests {
			got, err := s.ArticleByURL(t.Context(), tt.raw)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ArticleByURL(%q) error %v, want %v", tt.raw, err, tt.wantErr)
				continue
			}
			if tt.wantErr == nil && got.ID != a.ID {
				t.Errorf("ArticleByURL(%q) = %s, want %s", tt.raw, got.ID, a.ID)
			}
		}
		if _, err := s.Article(t.Context(), "nope"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Article(nope) error %v, want ErrNotFound", err)
		}
	})
}

func TestArticlesAfter(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		const n = 600 // more than two of ArticlesAfter's pages
		var arts []data.Article
		for i := range n {
			arts = append(arts, storeArticle(i))
		}
		storePutAll(t, s, arts...)

		tests := []struct {
			after     int64
			wantFirst int64
			wantCount int
		}{
			{0, 1, n},
			{255, 256, n - 255},
			{256, 257, n - 256},
			{599, 600, 1},
			{600, 0, 0},
		}
		for _, tt := range tests {
			var revs []int64
			err := s.ArticlesAfter(t.Context(), tt.after, func(a data.Article) error {
				if a.Title == "" || a.Text == "" {
					t.Errorf("article %s came without content", a.ID)
				}
				revs = append(revs, a.Rev)
				return nil
			})
			if err != nil {
				t.Fatalf("ArticlesAfter(%d): %v", tt.after, err)
			}
			if len(revs) != tt.wantCount {
				t.Fatalf("ArticlesAfter(%d) visited %d, want %d", tt.after, len(revs), tt.wantCount)
			}
			for i, r := range revs {
				if r != tt.wantFirst+int64(i) {
					t.Fatalf("ArticlesAfter(%d): visit %d has rev %d, want %d", tt.after, i, r, tt.wantFirst+int64(i))
				}
			}
		}

		// fn's error stops the walk and comes back unchanged.
		stop := errors.New("stop")
		calls := 0
		err := s.ArticlesAfter(t.Context(), 0, func(data.Article) error {
			calls++
			if calls == 300 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 300 {
			t.Errorf("early stop: err %v after %d calls, want stop after 300", err, calls)
		}
	})
}

func TestArticlesAfterAllowsWritesDuringWalk(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		var arts []data.Article
		for i := range 300 {
			arts = append(arts, storeArticle(i))
		}
		storePutAll(t, s, arts...)
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		seen := map[string]int{}
		last := int64(0)
		err := s.ArticlesAfter(ctx, 0, func(a data.Article) error {
			if a.Rev <= last {
				t.Errorf("rev %d after %d", a.Rev, last)
			}
			last = a.Rev
			seen[a.ID]++
			if a.Rev == 1 {
				// Rewrite the first article from inside the walk: no deadlock,
				// and the walk visits it again at its new revision.
				upd := a
				upd.Text = "Rewritten during the walk."
				if _, _, err := s.PutArticles(ctx, []data.Article{upd}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ArticlesAfter: %v", err)
		}
		if seen[arts[0].ID] != 2 || len(seen) != 300 || last != 301 {
			t.Errorf("visited first article %d times, %d distinct, last rev %d; want 2, 300, 301",
				seen[arts[0].ID], len(seen), last)
		}
	})
}

func TestRecentArticles(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		arts := []data.Article{
			{URL: "https://a.example/1", Title: "day-1", Published: day.Add(-time.Hour)},
			{URL: "https://a.example/2", Title: "start", Published: day},
			{URL: "https://a.example/3", Title: "noon", Published: day.Add(12 * time.Hour)},
			{URL: "https://a.example/4", Title: "fetched-only", FetchedAt: day.Add(13 * time.Hour)},
			{URL: "https://a.example/5", Title: "end", Published: day.Add(24 * time.Hour)},
			{URL: "https://a.example/6", Title: "undated"},
			// Published wins over FetchedAt.
			{URL: "https://a.example/7", Title: "old-but-fetched-today", Published: day.Add(-48 * time.Hour),
				FetchedAt: day.Add(2 * time.Hour)},
		}
		storePutAll(t, s, arts...)
		tests := []struct {
			name         string
			since, until time.Time
			limit        int
			want         []string
		}{
			{"one day", day, day.Add(24 * time.Hour), 0, []string{"fetched-only", "noon", "start"}},
			{"limit", day, day.Add(24 * time.Hour), 2, []string{"fetched-only", "noon"}},
			{"other zone, same instants", day.In(time.FixedZone("E", 7200)), day.Add(24 * time.Hour), 0,
				[]string{"fetched-only", "noon", "start"}},
			{"open start", time.Time{}, day, 0, []string{"day-1", "old-but-fetched-today"}},
			{"open end", day.Add(12 * time.Hour), time.Time{}, 0, []string{"end", "fetched-only", "noon"}},
			{"empty window", day.Add(time.Minute), day.Add(time.Hour), 0, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.RecentArticles(t.Context(), tt.since, tt.until, tt.limit)
				if err != nil {
					t.Fatal(err)
				}
				var titles []string
				for _, a := range got {
					titles = append(titles, a.Title)
				}
				if !reflect.DeepEqual(titles, tt.want) {
					t.Errorf("got %q, want %q", titles, tt.want)
				}
			})
		}
	})
}

func TestHeadlines(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		titles := []string{
			"Rail bill passes second reading",
			"Kestrel recall widens",
			"RAIL strike called off",
			"Über-fast trains: ÉCOLE report",
			"Prices rise 5% in 100_days",
			"Untitled body only",
		}
		var arts []data.Article
		for i, ti := range titles {
			a := data.Article{URL: fmt.Sprintf("https://h.example/%d", i), Title: ti, Text: "x",
				Published: day.Add(time.Duration(i) * time.Hour)}
			if i == len(titles)-1 {
				a.Title = ""
			}
			arts = append(arts, a)
		}
		storePutAll(t, s, arts...)
		tests := []struct {
			contains string
			limit    int
			want     []string
		}{
			{"rail", 0, []string{"RAIL strike called off", "Rail bill passes second reading"}},
			{"RAIL", 1, []string{"RAIL strike called off"}},
			{"  bill   passes ", 0, []string{"Rail bill passes second reading"}},
			{"über", 0, []string{"Über-fast trains: ÉCOLE report"}},
			{"école", 0, []string{"Über-fast trains: ÉCOLE report"}},
			{"5%", 0, []string{"Prices rise 5% in 100_days"}},
			{"%", 0, []string{"Prices rise 5% in 100_days"}},
			{"0_d", 0, []string{"Prices rise 5% in 100_days"}},
			{"a_l", 0, nil},
			{"zeppelin", 0, nil},
			{"", 3, []string{"Prices rise 5% in 100_days", "Über-fast trains: ÉCOLE report", "RAIL strike called off"}},
		}
		for _, tt := range tests {
			got, err := s.Headlines(t.Context(), tt.contains, nil, tt.limit)
			if err != nil {
				t.Fatalf("Headlines(%q): %v", tt.contains, err)
			}
			var gotTitles []string
			for _, a := range got {
				gotTitles = append(gotTitles, a.Title)
			}
			if !reflect.DeepEqual(gotTitles, tt.want) {
				t.Errorf("Headlines(%q, %d) = %q, want %q", tt.contains, tt.limit, gotTitles, tt.want)
			}
		}
	})
}

func TestCounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		ex := storeArticle(2)
		ex.ExcerptOnly = true
		storePutAll(t, s, storeArticle(1), ex, storeArticle(3))
		for i := range 3 {
			f, err := s.AddFeed(ctx, data.Feed{URL: fmt.Sprintf("https://f.example/%d.xml", i)})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				f.Disabled, f.LastError = true, "gone"
				if err := s.UpdateFeed(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := data.Counts{Articles: 3, ExcerptOnly: 1, Feeds: 3, DisabledFeeds: 1, MaxRev: 3}
		if got != want {
			t.Errorf("Counts = %+v, want %+v", got, want)
		}
	})
}

func TestOutcomeString(t *testing.T) {
	tests := map[data.Outcome]string{
		data.Unchanged: "unchanged", data.Added: "added", data.Updated: "updated", data.Outcome(9): "Outcome(9)",
	}
	for o, want := range tests {
		if got := o.String(); got != want {
			t.Errorf("Outcome(%d).String() = %q, want %q", int(o), got, want)
		}
	}
}

func TestConcurrentWritersAndReaders(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		const writers, batches, size = 4, 10, 10
		errc := make(chan error, writers+1)
		for w := range writers {
			go func() {
				for b := range batches {
					var arts []data.Article
					for i := range size {
						arts = append(arts, storeArticle(((w*batches)+b)*size+i))
					}
					if _, _, err := s.PutArticles(ctx, arts); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		go func() {
			for range 20 {
				if _, err := s.RecentArticles(ctx, time.Time{}, time.Time{}, 10); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
		for range writers + 1 {
			if err := <-errc; err != nil {
				t.Fatalf("concurrent use: %v", err)
			}
		}
		revs := map[int64]bool{}
		err := s.ArticlesAfter(ctx, 0, func(a data.Article) error {
			revs[a.Rev] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		total := writers * batches * size
		if len(revs) != total {
			t.Errorf("%d distinct revisions, want %d", len(revs), total)
		}
		if c, _ := s.Counts(ctx); c.Articles != total || c.MaxRev != int64(total) {
			t.Errorf("Counts = %+v, want %d articles at rev %d", c, total, total)
		}
	})
}

func TestPutArticlesEmptyBatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		outs, errs, err := s.PutArticles(t.Context(), nil)
		if err != nil || len(outs) != 0 || len(errs) != 0 {
			t.Errorf("PutArticles(nil) = %v, %v, %v; want empty results", outs, errs, err)
		}
		if rev, _ := s.MaxRev(t.Context()); rev != 0 {
			t.Errorf("MaxRev = %d after an empty batch, want 0", rev)
		}
	})
}

// BenchmarkPutArticles measures ingesting new 100-article batches of about
// 1 KB of text each, on each backend.
func BenchmarkPutArticles(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchPutArticles(b, backend{name: "sqlite"}) })
	b.Run("postgres", func(b *testing.B) { benchPutArticles(b, postgresBackend(b)) })
}

func benchPutArticles(b *testing.B, be backend) {
	s, _ := be.open(b)
	ctx := context.Background()
	n := 0
	for b.Loop() {
		arts := make([]data.Article, 100)
		for i := range arts {
			arts[i] = storeArticle(n)
			arts[i].Text = strings.Repeat(arts[i].Text+" ", 25)
			n++
		}
		if _, _, err := s.PutArticles(ctx, arts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// downgradeAndReopen runs stmts on s, which undo later migration steps and
// set an older user_version, then reopens the store at path and checks that
// it is back at version v.
func downgradeAndReopen(t *testing.T, s *data.Store, path string, v int, stmts ...string) *data.Store {
	t.Helper()
	for _, q := range stmts {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s = openTestStoreAt(t, path)
	if got := storeSchemaVersion(t, s); got != v {
		t.Errorf("user_version after upgrade = %d, want %d", got, v)
	}
	return s
}

// TestPutArticlesStoresBrokenText: text with invalid UTF-8 or NUL bytes
// (a mis-declared charset, a damaged file) is stored on both backends,
// PostgreSQL's text refusing both, as the same readable text.
func TestPutArticlesStoresBrokenText(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		a := data.Article{URL: "https://broken.example/1", Title: "Caf\xe9 \x00opens", Text: "Menu:\x00 cr\xc3\xa8me br\xfbl\xc3\xa9e", Source: "Le\x00 Monde", Authors: []string{"Zo\xeb"}}
		if outs := storePutAll(t, s, a); outs[0] != data.Added {
			t.Fatalf("outcome %v, want added", outs[0])
		}
		got, err := s.ArticleByURL(t.Context(), a.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Caf\uFFFD opens" || got.Text != "Menu: crème br\uFFFDlée" || got.Source != "Le Monde" || got.Authors[0] != "Zo\uFFFD" {
			t.Errorf("stored %q / %q / %q / %q", got.Title, got.Text, got.Source, got.Authors)
		}
		// Normalized text is stored as it is: putting it again changes nothing.
		if outs := storePutAll(t, s, a); outs[0] != data.Unchanged {
			t.Errorf("second put: %v, want unchanged", outs[0])
		}
		f, err := s.AddFeed(t.Context(), data.Feed{URL: "https://broken.example/rss", Title: "Caf\xe9"})
		if err != nil {
			t.Fatal(err)
		}
		f.LastError = "HTTP 500: \x00\xff"
		if err := s.UpdateFeed(t.Context(), f); err != nil {
			t.Fatalf("UpdateFeed with a broken last error: %v", err)
		}
		if got, err := s.Feed(t.Context(), f.ID); err != nil || got.Title != "Caf\uFFFD" || got.LastError != "HTTP 500: \uFFFD" {
			t.Errorf("feed %q / %q, %v", got.Title, got.LastError, err)
		}
	})
}
