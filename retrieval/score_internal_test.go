package retrieval

import (
	"context"
	"fmt"
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
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ix, idx, questions := synthIndex(t, 3, 3000, now, false)
	compareFilteredWithBleve(t, ix, idx, questions, now)
}

// TestScoreTermsInOrderOfTimeMatchesBleve is TestScoreTermsMatchesBleve
// on articles indexed in order of publication, as feeds bring them, where
// a search skips the runs of documents from outside its window.
func TestScoreTermsInOrderOfTimeMatchesBleve(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ix, idx, questions := synthIndex(t, 4, 3000, now, true)
	compareFilteredWithBleve(t, ix, idx, questions, now)
}

// TestScoreTermsFewHitsMatchesBleve checks that a search keeping only a
// few documents, which skips most blocks of documents as unable to reach
// them, keeps bleve's best.
func TestScoreTermsFewHitsMatchesBleve(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ix, idx, questions := synthIndex(t, 9, 3000, now, true)
	ts := &termScorer{hits: 3, minImpact: 200}
	common := commonTerms(t, idx, uint64(ts.minImpact))
	if len(common) < 4 {
		t.Fatalf("only %d terms with %d postings: the test would not use block bounds", len(common), ts.minImpact)
	}
	questions = append(questions, common[0], common[1]+" "+common[2], common[3]+" "+common[len(common)-1]+" "+questions[0])
	for _, f := range []filters{buildFilters(Query{}, now, time.Time{}, time.Time{}), buildFilters(Query{}, now.AddDate(0, -4, 0), time.Time{}, time.Time{})} {
		for _, text := range questions {
			terms, _, _, err := queryTerms(ctx, idx, text)
			if err != nil {
				t.Fatal(err)
			}
			got, ok, err := ts.scoreTerms(ctx, idx, terms, f)
			if err != nil || !ok {
				t.Fatalf("scoreTerms(%q) = ok %v, %v", text, ok, err)
			}
			all, ok, err := ix.scorer.scoreTerms(ctx, idx, terms, f)
			if err != nil || !ok {
				t.Fatalf("scoreTerms(%q) = ok %v, %v", text, ok, err)
			}
			want, err := bleveMatch(ctx, idx, terms, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(want) {
				t.Fatalf("%q: %d hits, bleve has %d", text, len(all), len(want))
			}
			for i := range min(len(got), len(want)) {
				if math.Abs(got[i].score-want[i].score) > 1e-9*want[i].score {
					t.Fatalf("%q: hit %d scores %.9f keeping 3, bleve's %.9f", text, i, got[i].score, want[i].score)
				}
			}
			if len(got) != min(3, len(want)) {
				t.Fatalf("%q: %d hits keeping 3, bleve has %d", text, len(got), len(want))
			}
		}
	}
}

// commonTerms returns the terms of the text field that at least n
// documents have.
func commonTerms(t *testing.T, idx bleve.Index, n uint64) []string {
	t.Helper()
	d, err := idx.FieldDict(fieldText)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return out
		}
		df, err := termDF(context.Background(), idx, fieldText, e.Term)
		if err != nil {
			t.Fatal(err)
		}
		if df >= n {
			out = append(out, e.Term)
		}
	}
}

// compareFilteredWithBleve compares ix's scores of questions with bleve's,
// under filters of each kind.
func compareFilteredWithBleve(t *testing.T, ix *Index, idx bleve.Index, questions []string, now time.Time) {
	t.Helper()
	ctx := context.Background()
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
		{"week", Query{}, mid, mid.AddDate(0, 0, -7), time.Time{}},
		{"outlets", Query{Sources: []string{"outlet03.example", "OUTLET07.example"}}, now, time.Time{}, time.Time{}},
		{"feeds and window", Query{FeedIDs: []int64{2, 5, 9}}, mid, mid.AddDate(0, -1, 0), time.Time{}},
	}
	for _, c := range cases {
		f := buildFilters(c.q, c.asOf, c.since, c.until)
		for _, text := range questions {
			err := compareWithBleve(ctx, ix, idx, text, f)
			if err != nil {
				// Bleve may still be merging segments in the background
				// after the compaction, and the two searches can then read
				// different statistics. Settle it and compare once more: a
				// scoring difference persists.
				if cerr := ix.Compact(ctx); cerr != nil {
					t.Fatal(cerr)
				}
				if idx, err = ix.current(); err != nil {
					t.Fatal(err)
				}
				err = compareWithBleve(ctx, ix, idx, text, f)
			}
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
	}
}

// compareWithBleve scores the question text with ix's scorer and with
// bleve under the filters f, and says how they differ, if they do.
func compareWithBleve(ctx context.Context, ix *Index, idx bleve.Index, text string, f filters) error {
	terms, _, _, err := queryTerms(ctx, idx, text)
	if err != nil {
		return err
	}
	got, ok, err := ix.scorer.scoreTerms(ctx, idx, terms, f)
	if err != nil || !ok {
		return fmt.Errorf("scoreTerms(%q) = ok %v, %v", text, ok, err)
	}
	want, err := bleveMatch(ctx, idx, terms, f)
	if err != nil {
		return err
	}
	if len(got) != len(want) {
		return fmt.Errorf("%q: %d hits, bleve has %d", text, len(got), len(want))
	}
	if len(want) == 0 {
		return nil
	}
	// Bleve's scores of every match without filters: a filter changes
	// which documents match, not their scores.
	ref, err := allScores(idx, terms)
	if err != nil {
		return err
	}
	in := make(map[string]bool, len(want))
	for _, h := range want {
		in[h.id] = true
	}
	// The last score may be shared by hits either search cut off.
	last := want[len(want)-1].score
	for i, h := range got {
		if !in[h.id] && math.Abs(h.score-last) > 1e-9*last {
			return fmt.Errorf("%q: hit %d %s (%.6f) is not among bleve's", text, i, h.id, h.score)
		}
		if w := ref[h.id]; math.Abs(h.score-w) > 1e-9*w {
			return fmt.Errorf("%q: %s scores %.9f, bleve %.9f", text, h.id, h.score, w)
		}
	}
	return nil
}

// allScores is bleve's score of every document that has any of terms.
func allScores(idx bleve.Index, terms []string) (map[string]float64, error) {
	req := bleve.NewSearchRequestOptions(termQuery(terms, fieldText, 1), 1<<20, 0, false)
	sr, err := idx.Search(req)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(sr.Hits))
	for _, h := range sr.Hits {
		out[h.ID] = h.Score
	}
	return out, nil
}

// TestTopKMatchesSort checks the heap selection against a full sort, with
// many tied scores.
func TestTopKMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 200, 201, 5000} {
		docs := make([]ranked, n)
		top := &topK{k: 200}
		for i := range docs {
			docs[i] = ranked{num: uint64(i), score: float64(rng.IntN(50)) / 7}
		}
		rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		for _, d := range docs {
			top.offer(d)
		}
		want := slices.Clone(docs)
		slices.SortFunc(want, func(a, b ranked) int {
			if worse(a, b) {
				return 1
			}
			if worse(b, a) {
				return -1
			}
			return 0
		})
		want = want[:min(len(want), 200)]
		if got := top.sorted(); !slices.Equal(got, want) {
			t.Errorf("top 200 of %d differs from the sorted first 200", n)
		}
	}
}

// filterCase is a search's filters, for comparing with bleve.
type filterCase struct {
	name         string
	q            Query
	asOf         time.Time
	since, until time.Time
}

// filterCases returns an index of synthetic articles, some of them
// removed since their segment was made, and searches' filters of every
// kind over it.
func filterCases(t *testing.T) (*Index, bleve.Index, []filterCase) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ix, _, _ := synthIndex(t, 7, 1200, now, false)
	gen := synth.New(8, nil, now, Sentences)
	var arts []data.Article
	for range 40 {
		arts = append(arts, gen.Article())
	}
	// Delete some articles without compacting, so that segments keep
	// deleted documents.
	var ids []string
	for _, a := range arts[:10] {
		ids = append(ids, a.ID)
	}
	st := ix.texts.(*data.Store)
	storeAndIndex(t, ix, st, arts)
	if err := ix.Remove(ctx, ids); err != nil {
		t.Fatal(err)
	}
	idx, err := ix.current()
	if err != nil {
		t.Fatal(err)
	}
	mid := now.AddDate(0, -6, 0)
	return ix, idx, []filterCase{
		{"no filter", Query{}, now, time.Time{}, time.Time{}},
		{"as of a past day", Query{}, mid, time.Time{}, time.Time{}},
		{"window", Query{}, now, now.AddDate(0, -2, -3), now.AddDate(0, 0, -10)},
		{"outlets", Query{Sources: []string{"outlet03.example", "OUTLET07.example"}}, mid, time.Time{}, time.Time{}},
		{"feeds and window", Query{FeedIDs: []int64{2, 5, 9}}, mid, mid.AddDate(0, -1, 0), time.Time{}},
		{"feeds", Query{FeedIDs: []int64{1, 3, 5, 7}}, now, time.Time{}, time.Time{}},
		{"feeds and outlets", Query{FeedIDs: []int64{0, 1, 2, 3, 4, 5, 6}, Sources: []string{"outlet03.example", "outlet05.example"}}, now, time.Time{}, time.Time{}},
		{"no feeds", Query{Scoped: true}, now, time.Time{}, time.Time{}},
	}
}

// TestLatestMatchesBleve checks that the newest articles found from the
// segments' days are those bleve's sort by time finds.
func TestLatestMatchesBleve(t *testing.T) {
	ctx := context.Background()
	ix, idx, cases := filterCases(t)
	for _, c := range cases {
		f := buildFilters(c.q, c.asOf, c.since, c.until)
		for _, k := range []int{1, 10, 300} {
			got, err := ix.latest(ctx, idx, f, k)
			if err != nil {
				t.Fatal(err)
			}
			want, err := newest(ctx, idx, f, 3*k)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s, k=%d: %d newest from the segments, %d from bleve", c.name, k, len(got), len(want))
			}
			for i := range got {
				if got[i].id != want[i].id || got[i].score != want[i].score {
					t.Fatalf("%s, k=%d: newest %d is %s from the segments, %s from bleve", c.name, k, i, got[i].id, want[i].id)
				}
			}
			if c.name != "no feeds" && len(want) == 0 {
				t.Errorf("%s: the case selects no article", c.name)
			}
		}
	}
}

// TestCountArticlesMatchesBleve checks that counting a window's articles
// from the segments' days gives what bleve's query does, also with
// articles removed and replaced since the segments were made.
func TestCountArticlesMatchesBleve(t *testing.T) {
	ctx := context.Background()
	ix, idx, cases := filterCases(t)
	lead := bleve.NewTermQuery(flagYes)
	lead.SetField(fieldLead)
	for _, c := range cases {
		f := buildFilters(c.q, c.asOf, c.since, c.until)
		want, err := count(ctx, idx, f.apply(lead))
		if err != nil {
			t.Fatal(err)
		}
		got, _, ok, err := ix.scorer.segs.leadCounts(ctx, idx, &f)
		if err != nil || !ok {
			t.Fatalf("%s: leadCounts = ok %v, %v", c.name, ok, err)
		}
		if got != want {
			t.Errorf("%s: %d articles from the segments' days, bleve counts %d", c.name, got, want)
		}
		if c.name != "no feeds" && want == 0 {
			t.Errorf("%s: the case selects no article", c.name)
		}
	}
}

// synthIndex indexes n synthetic articles, dated over the year before now,
// in order of publication when inOrder is true, and returns the index and twenty questions about them. The index is
// compacted, so that bleve has nothing left to merge: searches see the
// same segments, on which bleve's average field length depends.
func synthIndex(t *testing.T, seed int64, n int, now time.Time, inOrder bool) (*Index, bleve.Index, []string) {
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
	if inOrder {
		slices.SortStableFunc(arts, func(a, b data.Article) int { return a.Published.Compare(b.Published) })
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

// TestImpactsStayBounded checks that a segment keeps the bounds of at most
// maxImpactTerms terms, the newest among them.
func TestImpactsStayBounded(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	_, idx, _ := synthIndex(t, 12, 400, now, false)
	snap, done := readerSnapshot(t, idx)
	defer done()
	ss := snap.Segments()[0]
	dict, err := ss.Segment().Dictionary(fieldText)
	if err != nil {
		t.Fatal(err)
	}
	terms := commonTerms(t, idx, 1)
	if len(terms) <= maxImpactTerms {
		t.Fatalf("only %d terms: the test needs more than %d", len(terms), maxImpactTerms)
	}
	var im impacts
	for _, term := range terms {
		pl, err := dict.PostingsList([]byte(term), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.bound(term, pl, 10, ss.Count(), 1); err != nil {
			t.Fatal(err)
		}
	}
	if len(im.m) != maxImpactTerms {
		t.Errorf("%d terms' bounds kept, want %d", len(im.m), maxImpactTerms)
	}
	if _, ok := im.m[impactKey{terms[len(terms)-1], 10}]; !ok {
		t.Error("the last term's bound was not kept")
	}
}
