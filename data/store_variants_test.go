package data_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestPutArticlesKeepsOneArticlePerURLVariant(t *testing.T) {
	tests := []struct {
		name, stored, put string
		newText           bool
		want              data.Outcome
		// wantURL is the URL the article is shown with afterwards.
		wantURL string
	}{
		{"same text under a variant", "https://www.news.example/a/index.html", "https://news.example/a/",
			false, data.Unchanged, "https://www.news.example/a/index.html"},
		{"new text under a variant", "https://www.news.example/a/index.html", "https://news.example/a/",
			true, data.Updated, "https://www.news.example/a/index.html"},
		{"page replaces its AMP edition", "https://news.example/a/amp/", "https://news.example/a",
			false, data.Updated, "https://news.example/a"},
		{"page replaces its mobile edition", "https://m.news.example/a", "https://www.news.example/a?utm_source=x",
			true, data.Updated, "https://www.news.example/a"},
		{"AMP edition does not replace the page", "https://news.example/a", "https://amp.news.example/a?amp=1",
			true, data.Updated, "https://news.example/a"},
		{"http and https", "http://news.example/a", "https://news.example/a",
			false, data.Unchanged, "http://news.example/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTestStore(t)
			first := storeArticle(1)
			first.URL = tt.stored
			stored := []data.Article{first}
			storePutAll(t, s, stored...)

			next := storeArticle(1)
			next.URL = tt.put
			if tt.newText {
				next.Text = "A corrected body."
			}
			batch := []data.Article{next}
			outs := storePutAll(t, s, batch...)
			if outs[0] != tt.want {
				t.Errorf("outcome %v, want %v", outs[0], tt.want)
			}
			if batch[0].ID != stored[0].ID || batch[0].URL != tt.wantURL {
				t.Errorf("put article is %s at %q, want %s at %q", batch[0].ID, batch[0].URL, stored[0].ID, tt.wantURL)
			}
			if c, err := s.Counts(t.Context()); err != nil || c.Articles != 1 {
				t.Errorf("Counts = %+v, %v; want 1 article", c, err)
			}
			for _, u := range []string{tt.stored, tt.put} {
				got, err := s.ArticleByURL(t.Context(), u)
				if err != nil || got.ID != stored[0].ID || got.URL != tt.wantURL {
					t.Errorf("ArticleByURL(%q) = %s at %q, %v; want %s at %q", u, got.ID, got.URL, err, stored[0].ID, tt.wantURL)
				}
			}
		})
	}
}

func TestIngestURLVariantUpdatesTheArticle(t *testing.T) {
	in, store, ix := newIngester(t)
	dir := t.TempDir()
	ingest := func(name, body string) data.IngestReport {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := in.Ingest(t.Context(), []string{p})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := ingest("first.jsonl",
		`{"url": "https://www.cnn.com/2022/06/12/x/index.html", "title": "Bridge reopens", "text": "The bridge reopened on Sunday."}`+"\n")
	if rep.Added != 1 {
		t.Fatalf("first ingest %+v, want 1 added", rep)
	}
	rep = ingest("second.json",
		`[{"url": "https://cnn.com/2022/06/12/x/?utm_source=rss", "title": "Bridge reopens", "text": "The bridge reopened on Sunday after six weeks."},
		  {"url": "https://m.cnn.com/2022/06/12/x/amp", "title": "Bridge reopens", "text": "The bridge reopened on Sunday after six weeks."}]`)
	if rep.Added != 0 || rep.Updated != 1 || rep.Unchanged != 1 {
		t.Errorf("second ingest %+v, want 1 updated then 1 unchanged, none added", rep)
	}
	c, err := store.Counts(t.Context())
	if err != nil || c.Articles != 1 {
		t.Fatalf("Counts = %+v, %v; want 1 article", c, err)
	}
	a, err := store.ArticleByURL(t.Context(), "https://www.cnn.com/2022/06/12/x/")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "The bridge reopened on Sunday after six weeks." || a.URL != "https://www.cnn.com/2022/06/12/x/index.html" {
		t.Errorf("stored %q at %q, want the new text at the first URL", a.Text, a.URL)
	}
	// The index was given the update as stored: same ID, same URL.
	last := ix.added[len(ix.added)-1]
	if len(ix.added) != 2 || last.ID != a.ID || last.URL != a.URL {
		t.Errorf("indexed %d articles, the last %s at %q; want 2, the last %s at %q", len(ix.added), last.ID, last.URL, a.ID, a.URL)
	}
}
