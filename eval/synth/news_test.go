package synth_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
	"github.com/newsbot/newsbot/retrieval"
)

func news(seed int64, n int) []data.Article {
	gen := synth.NewNews(synth.NewsOptions{Seed: seed, Split: retrieval.Sentences})
	arts := make([]data.Article, n)
	for i := range arts {
		arts[i] = gen.Article()
	}
	return arts
}

// TestNewsCorpus checks a news corpus: the same for the same seed, eight
// outlets of two feeds each, dates across the one year, distinct IDs, and
// titles taken from the article's own words.
func TestNewsCorpus(t *testing.T) {
	arts := news(4, 2000)
	if !reflect.DeepEqual(arts, news(4, 2000)) {
		t.Fatal("the same seed gave another corpus")
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	outlets, feeds, months, ids := map[string]bool{}, map[int64]bool{}, map[time.Month]bool{}, map[string]bool{}
	undated := 0
	for _, a := range arts {
		outlets[a.Source] = true
		feeds[a.FeedID] = true
		ids[a.ID] = true
		if a.Published.IsZero() {
			undated++
		} else if a.Published.Before(start) || !a.Published.Before(start.AddDate(1, 0, 0)) {
			t.Errorf("%s published %v, outside 2025", a.URL, a.Published)
		} else {
			months[a.Published.Month()] = true
		}
		if first := strings.Fields(a.Title); len(first) == 0 || !strings.Contains(strings.ToLower(a.Text), strings.ToLower(first[len(first)-1])) {
			t.Errorf("title %q is not made of its article's words", a.Title)
		}
	}
	if len(outlets) != 8 || len(feeds) != 16 || len(months) != 12 || len(ids) != len(arts) {
		t.Errorf("%d outlets, %d feeds, %d months, %d IDs of %d articles", len(outlets), len(feeds), len(months), len(ids), len(arts))
	}
	if undated == 0 || undated > len(arts)/20 {
		t.Errorf("%d of %d articles undated, want about 2%%", undated, len(arts))
	}
	if feeds[0] {
		t.Error("an article from no feed")
	}
}

// TestCorpusFileRoundTrip writes articles to a corpus file and reads them
// back as they were; a bad line is reported alone.
func TestCorpusFileRoundTrip(t *testing.T) {
	arts := news(2, 100)
	var b bytes.Buffer
	for _, a := range arts {
		if err := synth.WriteArticle(&b, a); err != nil {
			t.Fatal(err)
		}
	}
	b.WriteString("{not json\n")
	b.WriteString(`{"url":"https://x.example/a","title":"A day","text":"Text of a day.","published":"2022-07-01"}`)
	var got []data.Article
	var errs int
	for a, err := range synth.ReadArticles(&b) {
		if err != nil {
			errs++
			continue
		}
		got = append(got, a)
	}
	if errs != 1 || len(got) != len(arts)+1 {
		t.Fatalf("read %d articles and %d errors, want %d and 1", len(got), errs, len(arts)+1)
	}
	for i, a := range arts {
		g := got[i]
		if g.ID != a.ID || g.Title != a.Title || g.Text != a.Text || !g.Published.Equal(a.Published) ||
			g.Source != a.Source || g.FeedID != a.FeedID || !reflect.DeepEqual(g.Authors, a.Authors) {
			t.Fatalf("article %d read back as %+v\nwant %+v", i, g, a)
		}
	}
	if day := got[len(arts)].Published; !day.Equal(time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a day as published read as %v", day)
	}
}

// TestNewsCorpusInOrder checks that a corpus of known size comes in order
// of publication across the year, each article at most a day and a half
// before its place.
func TestNewsCorpusInOrder(t *testing.T) {
	const n = 3000
	gen := synth.NewNews(synth.NewsOptions{Seed: 5, Split: retrieval.Sentences, Articles: n})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	year := start.AddDate(1, 0, 0).Sub(start)
	var latest time.Time
	months := map[time.Month]bool{}
	for i := range n {
		a := gen.Article()
		if a.Published.IsZero() {
			continue
		}
		place := start.Add(time.Duration(float64(year) * float64(i) / n))
		if a.Published.After(place) || a.Published.Before(place.Add(-36*time.Hour)) && a.Published.After(start) {
			t.Fatalf("article %d published %v, want within a day and a half before %v", i, a.Published, place)
		}
		if a.Published.Before(latest.Add(-36 * time.Hour)) {
			t.Fatalf("article %d published %v, long before one already seen (%v)", i, a.Published, latest)
		}
		if a.Published.After(latest) {
			latest = a.Published
		}
		months[a.Published.Month()] = true
	}
	if len(months) != 12 {
		t.Errorf("articles in %d months, want the whole year", len(months))
	}
}
