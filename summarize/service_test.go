package summarize_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

var svcNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// fakeSearcher answers every query with search and records the queries.
type fakeSearcher struct {
	search  func(ctx context.Context, q retrieval.Query) (retrieval.Results, error)
	mu      sync.Mutex
	queries []retrieval.Query
}

var _ summarize.Searcher = (*fakeSearcher)(nil)

func (f *fakeSearcher) Search(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	return f.search(ctx, q)
}

func (f *fakeSearcher) lastQuery(tb testing.TB) retrieval.Query {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		tb.Fatal("no search was made")
	}
	return f.queries[len(f.queries)-1]
}

// fakeStore is an ArticleStore of function fields.
type fakeStore struct {
	article func(ctx context.Context, id string) (data.Article, error)
	byURL   func(ctx context.Context, rawURL string) (data.Article, error)
	recent  func(ctx context.Context, since, until time.Time, limit int) ([]data.Article, error)
	outlets func(ctx context.Context) ([]data.Outlet, error)
}

var _ summarize.ArticleStore = (*fakeStore)(nil)

func (f *fakeStore) Article(ctx context.Context, id string) (data.Article, error) {
	return f.article(ctx, id)
}

func (f *fakeStore) ArticleByURL(ctx context.Context, rawURL string) (data.Article, error) {
	return f.byURL(ctx, rawURL)
}

func (f *fakeStore) RecentArticles(ctx context.Context, since, until time.Time, limit int) ([]data.Article, error) {
	return f.recent(ctx, since, until, limit)
}

func (f *fakeStore) Outlets(ctx context.Context, contains string, feedIDs []int64, limit int) ([]data.Outlet, error) {
	return f.outlets(ctx)
}

var errNotFound = errors.New("not found")

// corpus is a small news corpus: a bridge story from three outlets, an
// election story from two, and a storm warning.
func corpus() []data.Article {
	arts := []data.Article{
		{URL: "https://ledger.example/bridge", Title: "Harbor Bridge reopens after six weeks of repairs", Source: "Ledger", FeedID: 1,
			Published: svcNow.Add(-18 * time.Hour),
			Text:      "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs.\nThe city said the repair work cost $4.2 million.\nEngineers had found cracks in a steel support beam in January."},
		{URL: "https://courier.example/bridge", Title: "Harbor Bridge reopens to traffic after repairs", Source: "Courier", FeedID: 2,
			Published: svcNow.Add(-16 * time.Hour),
			Text:      "The Harbor Bridge reopened to traffic on Friday after repairs to a cracked support beam.\nCommuters said their trips were 20 minutes shorter on the first evening."},
		{URL: "https://wire.example/bridge", Title: "Commuters return as Harbor Bridge reopens after repairs", Source: "Wire", FeedID: 1,
			Published: svcNow.Add(-15 * time.Hour),
			Text:      "Commuters returned to the Harbor Bridge on Friday as it reopened after repairs.\nBus operators restored three routes across the river."},
		{URL: "https://ledger.example/election", Title: "Ortiz wins mayoral election in Harborville", Source: "Ledger", FeedID: 1,
			Published: svcNow.Add(-10 * time.Hour),
			Text:      "Maria Ortiz won the mayoral election in Harborville with 54 percent of the vote.\nTurnout was 61 percent, the highest in two decades."},
		{URL: "https://courier.example/election", Title: "Harborville elects Ortiz mayor in mayoral election", Source: "Courier", FeedID: 2,
			Published: svcNow.Add(-9 * time.Hour),
			Text:      "Harborville voters elected Maria Ortiz as mayor in Saturday's mayoral election.\nOrtiz promised to cut bridge tolls for residents."},
		{URL: "https://weather.example/storm", Title: "Storm warning issued for the coast", Source: "Weather Desk", FeedID: 9,
			Published: svcNow.Add(-5 * time.Hour),
			Text:      "Forecasters issued a storm warning for the coast with gusts up to 90 km/h expected on Sunday."},
	}
	for i := range arts {
		arts[i].Normalize()
	}
	return arts
}

// hitOf is a search result for a, its lines as passages.
func hitOf(a data.Article, score float64) retrieval.Result {
	r := retrieval.Result{
		ArticleID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, FeedID: a.FeedID, Published: a.Published, Score: score,
	}
	for i, line := range strings.Split(a.Text, "\n") {
		r.Passages = append(r.Passages, retrieval.Passage{ArticleID: a.ID, Ord: i, Text: line, Score: score})
	}
	return r
}

// searchReturning is a Searcher that always finds arts.
func searchReturning(arts ...data.Article) *fakeSearcher {
	return &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
		res := retrieval.Results{Searched: 42}
		for i, a := range arts {
			res.Hits = append(res.Hits, hitOf(a, float64(10-i)))
		}
		return res, nil
	}}
}

// storeOf is an ArticleStore over arts.
func storeOf(arts []data.Article) *fakeStore {
	return &fakeStore{
		article: func(ctx context.Context, id string) (data.Article, error) {
			for _, a := range arts {
				if a.ID == id {
					return a, nil
				}
			}
			return data.Article{}, errNotFound
		},
		byURL: func(ctx context.Context, rawURL string) (data.Article, error) {
			for _, a := range arts {
				if a.URL == data.CanonicalURL(rawURL) {
					return a, nil
				}
			}
			return data.Article{}, errNotFound
		},
		recent: func(ctx context.Context, since, until time.Time, limit int) ([]data.Article, error) {
			var out []data.Article
			for _, a := range arts {
				if !a.Published.Before(since) && a.Published.Before(until) {
					out = append(out, a)
				}
			}
			return out, nil
		},
		outlets: func(ctx context.Context) ([]data.Outlet, error) {
			var out []data.Outlet
			for _, a := range arts {
				if !slices.ContainsFunc(out, func(o data.Outlet) bool { return o.Name == a.Source }) {
					out = append(out, data.Outlet{Name: a.Source, Domain: data.HostSource(a.URL), Articles: 1})
				}
			}
			return out, nil
		},
	}
}

// newService builds a Service with a fixed clock.
func newService(tb testing.TB, s summarize.Searcher, st summarize.ArticleStore, l *summarize.LLM, load summarize.PageLoader) *summarize.Service {
	tb.Helper()
	svc, err := summarize.New(summarize.Config{
		Search: s, Store: st, LLM: l, LoadPage: load, Now: func() time.Time { return svcNow },
	})
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return svc
}

func TestNewNeedsSearcher(t *testing.T) {
	if _, err := summarize.New(summarize.Config{}); err == nil {
		t.Error("New without a Searcher succeeded")
	}
}

func TestServiceSearchPassesThrough(t *testing.T) {
	arts := corpus()
	fs := searchReturning(arts[0])
	svc := newService(t, fs, nil, nil, nil)
	q := retrieval.Query{Text: "bridge", K: 3, FeedIDs: []int64{1}, Scoped: true}
	res, err := svc.Search(context.Background(), q)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ArticleID != arts[0].ID {
		t.Fatalf("Search = %+v, %v", res, err)
	}
	if got := fs.lastQuery(t); got.Text != "bridge" || got.K != 3 || !got.Scoped {
		t.Errorf("query passed on as %+v", got)
	}

	failing := &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
		return retrieval.Results{}, errors.New("index closed")
	}}
	_, err = newService(t, failing, nil, nil, nil).Search(context.Background(), q)
	if err == nil || !strings.HasPrefix(err.Error(), "summarize: search: ") {
		t.Errorf("err = %v, want a wrapped search error", err)
	}
}
