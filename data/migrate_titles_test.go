package data_test

import (
	"path/filepath"
	"testing"

	"github.com/newsbot/newsbot/data"
)

// Issue 12: articles stored untitled before Normalize read titles from
// slugs get theirs when the store is opened, at a new revision so that
// the index catches up.
func TestMigrationTitlesStoredUntitledArticles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	s := openTestStoreAt(t, path)
	v := storeSchemaVersion(t, s)
	arts := []data.Article{
		{URL: "https://www.cnn.com/2022/07/13/media/netflix-ads-microsoft/index.html", Text: "Netflix picked Microsoft to sell its ads."},
		{URL: "https://news.example/?p=123", Text: "An article whose address has no slug."},
		{URL: "https://news.example/2022/07/13/harbor-ferry-returns", Title: "Ferry is back", Text: "The ferry is back."},
	}
	storePutAll(t, s, arts...)
	// As an older newsbot stored them: without the slug's title.
	s = downgradeAndReopen(t, s, path, v,
		`UPDATE articles SET title = '', title_lower = '' WHERE url LIKE '%netflix%'`, "PRAGMA user_version = 4")
	ctx := t.Context()
	want := []struct {
		title   string
		changed bool
	}{{"Netflix ads microsoft", true}, {"", false}, {"Ferry is back", false}}
	for i, a := range arts {
		got, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != want[i].title || (got.Rev != a.Rev) != want[i].changed {
			t.Errorf("%s: title %q at rev %d (was %d); want %q, a new rev %v", a.URL, got.Title, got.Rev, a.Rev, want[i].title, want[i].changed)
		}
	}
	if hs, err := s.Headlines(ctx, "netflix ads", nil, 5); err != nil || len(hs) != 1 {
		t.Errorf("Headlines(netflix ads) = %d, %v; want the titled article", len(hs), err)
	}
}
