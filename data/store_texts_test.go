package data_test

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestArticleTexts(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		// More articles than one query takes, so that the chunks are joined.
		const n = 1203
		arts := make([]data.Article, n)
		ids := make([]string, 0, n+1)
		for i := range arts {
			arts[i] = storeArticle(i)
			arts[i].Normalize()
			ids = append(ids, arts[i].ID)
		}
		storePutAll(t, s, arts...)
		ids = append(ids, "not-stored")
		got, err := s.ArticleTexts(t.Context(), ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("got %d texts, want %d", len(got), n)
		}
		for _, a := range arts {
			if got[a.ID] != a.Text {
				t.Fatalf("text of %s = %q, want %q", a.ID, got[a.ID], a.Text)
			}
		}
		if _, ok := got["not-stored"]; ok {
			t.Error("an unknown ID has a text")
		}
		if got, err := s.ArticleTexts(t.Context(), nil); err != nil || len(got) != 0 {
			t.Errorf("ArticleTexts(nil) = %v, %v; want empty", got, err)
		}
	})
}
