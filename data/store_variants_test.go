package data_test

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestPutArticlesKeepsOneArticlePerURLVariant(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
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
				s, _ := be.open(t)
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
	})
}
