package bench_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/bench"
	"github.com/newsbot/newsbot/eval/synth"
	"github.com/newsbot/newsbot/retrieval"
)

// newsSample makes n dated news articles.
func newsSample(t *testing.T, n int) []data.Article {
	t.Helper()
	gen := synth.NewNews(synth.NewsOptions{Seed: 11, Split: retrieval.Sentences})
	var arts []data.Article
	for len(arts) < n {
		if a := gen.Article(); !a.Published.IsZero() {
			arts = append(arts, a)
		}
	}
	return arts
}

// TestMixShapes checks the default query mix: the same for the same seed,
// every shape in turn, each query asked after its article was published,
// scope queries scoped to their article's outlet or feed, and common-word
// questions aimed at no article.
func TestMixShapes(t *testing.T) {
	sample := newsSample(t, 200)
	byID := map[string]data.Article{}
	for _, a := range sample {
		byID[a.ID] = a
	}
	qs := bench.Mix(sample, 140, 5)
	if again := bench.Mix(sample, 140, 5); !reflect.DeepEqual(qs, again) {
		t.Fatal("Mix gave another mix for the same arguments")
	}
	if other := bench.Mix(sample, 140, 6); reflect.DeepEqual(qs, other) {
		t.Error("Mix gave the same mix for another seed")
	}
	shapes := bench.Shapes()
	for i, q := range qs {
		if q.Shape != shapes[i%len(shapes)] || strings.TrimSpace(q.Q) == "" {
			t.Fatalf("query %d = %+v, want a %s query", i, q, shapes[i%len(shapes)])
		}
		if q.Shape == bench.ShapeCommon {
			if q.Want != "" {
				t.Errorf("common-word question %q aims at an article", q.Q)
			}
			continue
		}
		a, ok := byID[q.Want]
		if !ok {
			t.Fatalf("%s query %q aims at no article of the sample", q.Shape, q.Q)
		}
		if q.AsOf.Before(a.Published) {
			t.Errorf("%s query %q asked at %v, before its article (%v)", q.Shape, q.Q, q.AsOf, a.Published)
		}
		switch q.Shape {
		case bench.ShapeScope:
			if !reflect.DeepEqual(q.Sources, []string{a.Source}) && !reflect.DeepEqual(q.FeedIDs, []int64{a.FeedID}) {
				t.Errorf("scope query %+v is not scoped to its article's outlet %s or feed %d", q, a.Source, a.FeedID)
			}
		case bench.ShapeThisWeek:
			if !strings.HasPrefix(q.Q, "What happened with ") || !strings.HasSuffix(q.Q, " this week?") {
				t.Errorf("this-week query %q", q.Q)
			}
		case bench.ShapeTwoWord:
			if len(strings.Fields(q.Q)) != 2 {
				t.Errorf("two-word query %q", q.Q)
			}
		}
	}
}

// TestQueryFileRoundTrip writes a mix and reads it back unchanged.
func TestQueryFileRoundTrip(t *testing.T) {
	qs := bench.Mix(newsSample(t, 50), 21, 1)
	var b bytes.Buffer
	if err := bench.WriteQueries(&b, qs); err != nil {
		t.Fatal(err)
	}
	got, err := bench.ReadQueries(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, qs) {
		t.Errorf("read back %+v\nwant %+v", got, qs)
	}
	if _, err := bench.ReadQueries(strings.NewReader(`{"q":"","shape":"x"}` + "\n")); err == nil {
		t.Error("a query without text: want an error")
	}
	got, err = bench.ReadQueries(strings.NewReader(`{"q":"fuel prices","as_of":"2025-03-04T10:00:00Z","sources":["a.example"]}` + "\n"))
	if err != nil || len(got) != 1 || got[0].Shape != "query" || got[0].AsOf.Day() != 4 || got[0].Sources[0] != "a.example" {
		t.Errorf("ReadQueries = %+v, %v", got, err)
	}
}
