package retrieval

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
)

// TestScoreTermsMatchesBleve checks that scoring term at a time gives the
// documents and scores of bleve's own BM25 search, with and without each
// kind of filter, on a synthetic corpus.
func TestScoreTermsMatchesBleve(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ix, idx, questions := synthIndex(t, 3, 3000, now)
	mid := now.AddDate(0, -6, 0)
	cases := []struct {
		name         string
		q            Query
		asOf         time.Time
		since, until time.Time
	}{
		{"no filter", Query{}, now, time.Time{}, time.Time{}},
		{"as of a past day", Query{}, mid, time.Time{}, time.Time{}},
		{"window", Query{}, now, now.AddDate(0, -2, -3), now.AddDate(0, 0, -10)},
		{"outlets", Query{Sources: []string{"outlet03.example", "OUTLET07.example"}}, now, time.Time{}, time.Time{}},
		{"feeds and window", Query{FeedIDs: []int64{2, 5, 9}}, mid, mid.AddDate(0, -1, 0), time.Time{}},
	}
	for _, c := range cases {
		f := buildFilters(c.q, c.asOf, c.since, c.until)
		for _, text := range questions {
			terms, _, _, err := queryTerms(ctx, idx, text)
			if err != nil {
				t.Fatal(err)
			}
			got, ok, err := ix.scorer.scoreTerms(ctx, idx, terms, f)
			if err != nil || !ok {
				t.Fatalf("%s: scoreTerms(%q) = ok %v, %v", c.name, text, ok, err)
			}
			want, err := bleveMatch(ctx, idx, terms, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s %q: %d hits, bleve has %d", c.name, text, len(got), len(want))
			}
			if len(want) == 0 {
				continue
			}
			// Bleve's scores of every match without filters: a filter
			// changes which documents match, not their scores.
			ref := allScores(t, idx, terms)
			in := make(map[string]bool, len(want))
			for _, h := range want {
				in[h.id] = true
			}
			// The last score may be shared by hits either search cut off.
			last := want[len(want)-1].score
			for i, h := range got {
				if !in[h.id] && math.Abs(h.score-last) > 1e-9*last {
					t.Fatalf("%s %q: hit %d %s (%.6f) is not among bleve's", c.name, text, i, h.id, h.score)
				}
				if w := ref[h.id]; math.Abs(h.score-w) > 1e-9*w {
					t.Fatalf("%s %q: %s scores %.9f, bleve %.9f", c.name, text, h.id, h.score, w)
				}
			}
		}
	}
}

// allScores is bleve's score of every document that has any of terms.
func allScores(t *testing.T, idx bleve.Index, terms []string) map[string]float64 {
	t.Helper()
	req := bleve.NewSearchRequestOptions(termQuery(terms, fieldText, 1), 1<<20, 0, false)
	sr, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]float64, len(sr.Hits))
	for _, h := range sr.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// TestBestMatchesSort checks the heap selection against a full sort, with
// many tied scores.
func TestBestMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 200, 201, 5000} {
		docs := make([]scored, n)
		for i := range docs {
			docs[i] = scored{num: uint64(rng.IntN(1 << 20)), score: float64(rng.IntN(50)) / 7}
		}
		want := slices.Clone(docs)
		slices.SortFunc(want, better)
		want = want[:min(len(want), 200)]
		if got := best(slices.Clone(docs), 200); !slices.Equal(got, want) {
			t.Errorf("best of %d differs from the sorted first 200", n)
		}
	}
}

// TestSearchWithWideFilterFallsBackToBleve checks that a search whose
// filter is too wide to read into a set, left to bleve's conjunction,
// returns what the term-at-a-time path does.
func TestSearchWithWideFilterFallsBackToBleve(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ix, idx, questions := synthIndex(t, 5, 1500, now)
	// The last four months, in the feeds of about half the articles.
	q := Query{FeedIDs: []int64{0, 1, 2, 3, 4, 5}, Since: now.AddDate(0, -4, 0)}
	f := buildFilters(q, now, q.Since, time.Time{})
	wide := &termScorer{filterCap: 10}
	for _, text := range questions {
		terms, _, _, err := queryTerms(ctx, idx, text)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := wide.scoreTerms(ctx, idx, terms, f); err != nil || ok {
			t.Fatalf("scoreTerms with a cap of 10 = ok %v, %v; want it to give up", ok, err)
		}
		q.Text, q.AsOf = text, now
		want, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		ix.scorer.filterCap = 10
		got, err := ix.Search(ctx, q)
		ix.scorer.filterCap = 0
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Hits) == 0 {
			t.Fatalf("%q: no hits", text)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Fatalf("%q: %d hits through bleve, %d term at a time", text, len(got.Hits), len(want.Hits))
		}
		for i := range got.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if g.ArticleID != w.ArticleID || math.Abs(g.Score-w.Score) > 1e-9*w.Score {
				t.Fatalf("%q: hit %d is %s (%.6f) through bleve, %s (%.6f) term at a time", text, i, g.ArticleID, g.Score, w.ArticleID, w.Score)
			}
		}
	}
}

// synthIndex indexes n synthetic articles, dated over the year before now,
// and returns the index and twenty questions about them. The index is
// compacted, so that bleve has nothing left to merge: searches see the
// same segments, on which bleve's average field length depends.
func synthIndex(t *testing.T, seed int64, n int, now time.Time) (*Index, bleve.Index, []string) {
	t.Helper()
	ix, st := openTestIndex(t)
	gen := synth.New(seed, nil, now, Sentences)
	var arts []data.Article
	var questions []string
	for i := range n {
		a := gen.Article()
		arts = append(arts, a)
		if i%(n/20) == 0 {
			questions = append(questions, gen.Question(a))
		}
	}
	storeAndIndex(t, ix, st, arts)
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	idx, err := ix.current()
	if err != nil {
		t.Fatal(err)
	}
	return ix, idx, questions
}
