package ingest_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
)

// realStack opens a real store and bleve index in a temporary directory.
func realStack(t *testing.T) (*data.Store, *retrieval.Index, *ingest.Ingester) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := retrieval.Open(ctx, filepath.Join(dir, "index"), st, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return st, ix, &ingest.Ingester{Store: st, Index: ix}
}

// ownArticles are articles of the operator's that must survive.
func ownArticles() []data.Article {
	pub := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	return []data.Article{
		{URL: "https://real.example/bridge", Title: "Eastgate Bridge inspection report published", Text: "The city published the inspection report of the Eastgate Bridge.", Published: pub},
		{Title: "Council notes", Text: "The council met on Monday about the Eastgate Bridge.", Published: pub, FeedID: 7},
	}
}

// TestRemoveSampleLeavesTheRest seeds the sample, adds two articles of the
// operator's, and removes the sample: the store and the index keep exactly
// those two, and a second removal finds nothing.
func TestRemoveSampleLeavesTheRest(t *testing.T) {
	ctx := context.Background()
	st, ix, in := realStack(t)
	seeded, err := in.SeedSample(ctx)
	if err != nil {
		t.Fatal(err)
	}
	own := ownArticles()
	for i := range own {
		own[i].Normalize() // for their IDs; StoreArticles normalises copies
	}
	if _, err := in.StoreArticles(ctx, own); err != nil {
		t.Fatal(err)
	}
	if c, err := ingest.CountSample(ctx, st); err != nil || c != seeded {
		t.Errorf("CountSample = %d, %v; want %d", c, err, seeded)
	}
	n, err := ingest.RemoveSample(ctx, st, ix)
	if err != nil {
		t.Fatal(err)
	}
	if n != seeded {
		t.Errorf("removed %d, want the %d seeded", n, seeded)
	}
	if left, err := ingest.CountSample(ctx, st); err != nil || left != 0 {
		t.Errorf("CountSample after removal = %d, %v; want 0", left, err)
	}
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != len(own) {
		t.Errorf("store holds %d articles, want %d", c.Articles, len(own))
	}
	for _, a := range own {
		if _, err := st.Article(ctx, a.ID); err != nil {
			t.Errorf("own article %q gone: %v", a.Title, err)
		}
	}
	state, err := ix.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if state.Articles != len(own) {
		t.Errorf("index holds %d articles, want %d", state.Articles, len(own))
	}
	res, err := ix.Search(ctx, retrieval.Query{Text: "Eastgate Bridge closed", AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ArticleID != own[0].ID && h.ArticleID != own[1].ID {
			t.Errorf("search still finds %q (%s)", h.Title, h.Source)
		}
	}
	if n, err := ingest.RemoveSample(ctx, st, ix); err != nil || n != 0 {
		t.Errorf("second RemoveSample = %d, %v; want 0, nil", n, err)
	}
}

// TestMarkSampleMovesOldSeeds stores the sample as an older newsbot did
// (feed 0, in every server's scope): MarkSample moves exactly those
// articles to data.SampleFeedID, and the index follows after catching up.
func TestMarkSampleMovesOldSeeds(t *testing.T) {
	ctx := context.Background()
	st, ix, in := realStack(t)
	arts, err := ingest.SampleArticles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.StoreArticles(ctx, append(arts, ownArticles()...)); err != nil {
		t.Fatal(err)
	}
	n, err := ingest.MarkSample(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(arts) {
		t.Errorf("marked %d, want %d", n, len(arts))
	}
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatal(err)
	}
	// A server's scope: feed 0 and feed 7.
	res, err := ix.Search(ctx, retrieval.Query{Text: "Eastgate Bridge", FeedIDs: []int64{0, 7}, Scoped: true,
		AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 {
		t.Errorf("a server's search finds %d articles, want its own 2", len(res.Hits))
	}
	for _, h := range res.Hits {
		if h.FeedID == data.SampleFeedID {
			t.Errorf("a server's search finds the sample article %q", h.Title)
		}
	}
	if n, err := ingest.MarkSample(ctx, st); err != nil || n != 0 {
		t.Errorf("second MarkSample = %d, %v; want 0, nil", n, err)
	}
}
