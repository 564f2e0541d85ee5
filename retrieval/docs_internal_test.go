package retrieval

import (
	"context"
	"testing"
	"time"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/newsbot/newsbot/data"
)

// TestSegmentsKnowTheirDocuments checks that what a segment's segInfo
// says of each of its documents, its ID and its article's publication
// time, is what bleve stores and what the article says, for times at the
// edges of a day, before 1970, with fractions of a second and for none,
// with articles replaced and removed, before and after compacting; and
// that the index stores no field but the IDs.
func TestSegmentsKnowTheirDocuments(t *testing.T) {
	ctx := context.Background()
	ix, st := openTestIndex(t)
	arts := synthArticles(7, 200)
	edges := []time.Time{
		{},
		time.Date(2025, 5, 31, 23, 59, 59, 999_000_000, time.UTC),
		time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 0, 1, 0, time.UTC),
		time.Date(2025, 3, 30, 1, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
	}
	for i, pub := range edges {
		arts[i].Published = pub
	}
	for i := range arts {
		arts[i].Normalize()
	}
	storeAndIndex(t, ix, st, arts)
	// Replaced with fewer passages, and removed.
	short := arts[10]
	short.Text = "One short sentence now."
	storeAndIndex(t, ix, st, []data.Article{short})
	if err := ix.Remove(ctx, []string{arts[11].ID}); err != nil {
		t.Fatal(err)
	}
	want := make(map[string]time.Time)
	for _, a := range arts {
		want[a.ID] = a.Published
	}
	check := func(when string) {
		t.Helper()
		idx, err := ix.current()
		if err != nil {
			t.Fatal(err)
		}
		snap, done := readerSnapshot(t, idx)
		defer done()
		infos, err := ix.scorer.segs.infos(ctx, snap)
		if err != nil {
			t.Fatal(err)
		}
		docs := 0
		for i, ss := range snap.Segments() {
			for n := range ss.Count() {
				if ss.Deleted() != nil && ss.Deleted().Contains(uint32(n)) {
					continue
				}
				docs++
				id, err := ss.DocID(n)
				if err != nil {
					t.Fatal(err)
				}
				h, ok := infos[i].hit(n, 1)
				if !ok || h.id != string(id) || !h.timed {
					t.Fatalf("%s: document %d of segment %d is %q, segInfo says %+v, %v", when, n, i, id, h, ok)
				}
				aid, _ := splitDocID(h.id)
				pub, known := want[aid]
				if !known {
					t.Fatalf("%s: document %q of no article", when, id)
				}
				if wantPub := pub.UTC().Truncate(time.Second); !h.pub.Equal(wantPub) || h.pub.IsZero() != pub.IsZero() {
					t.Errorf("%s: %q published %v, segInfo says %v", when, id, wantPub, h.pub)
				}
			}
		}
		if docs == 0 {
			t.Fatalf("%s: no document", when)
		}
		doc, err := idx.Document(docID(arts[20].ID, titleOrd))
		if err != nil || doc == nil {
			t.Fatalf("%s: title document: %v, %v", when, doc, err)
		}
		doc.VisitFields(func(f index.Field) {
			t.Errorf("%s: the title document stores %s = %q", when, f.Name(), f.Value())
		})
	}
	check("as indexed")
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	check("compacted")
}
