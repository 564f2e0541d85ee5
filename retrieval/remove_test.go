package retrieval_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// TestRemove indexes a few articles, one long enough for many passages,
// removes two and checks that searches find only the rest and that the
// state counts them.
func TestRemove(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	pub := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	long := strings.Repeat("The glacier observatory reported record melt this spring. ", 200)
	arts := []data.Article{
		{URL: "https://a.example/1", Title: "Glacier observatory melt record", Text: long, Published: pub},
		{URL: "https://a.example/2", Title: "Glacier observatory opens", Text: "The glacier observatory opened its doors.", Published: pub},
		{URL: "https://a.example/3", Title: "Glacier observatory budget", Text: "The glacier observatory budget grew.", Published: pub},
	}
	s.add(t, arts...)
	if err := s.Remove(ctx, []string{arts[0].ID, arts[2].ID, "u-never-indexed"}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, retrieval.Query{Text: "glacier observatory", AsOf: pub.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ArticleID != arts[1].ID {
		var got []string
		for _, h := range res.Hits {
			got = append(got, fmt.Sprintf("%s %q", h.ArticleID, h.Title))
		}
		t.Errorf("hits after Remove: %v; want only %s", got, arts[1].ID)
	}
	st := mustState(t, s.Index)
	if st.Articles != 1 {
		t.Errorf("index counts %d articles after Remove, want 1", st.Articles)
	}
	if err := s.Remove(ctx, nil); err != nil {
		t.Errorf("Remove(nil) = %v", err)
	}
}
