package retrieval

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"github.com/newsbot/newsbot/data"
)

// batchArticles is how many articles CatchUp and Rebuild put in one bleve
// batch (a few thousand passages).
const batchArticles = 500

// Add indexes a batch of stored articles, replacing their old passages, in
// one bleve batch, and records the highest Rev indexed so that CatchUp
// knows where to resume. Articles without an ID are normalised first.
func (ix *Index) Add(ctx context.Context, arts []data.Article) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("retrieval: add: %w", err)
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return err
	}
	return ix.addBatch(ctx, idx, arts)
}

// addBatch indexes arts. The caller holds writeMu.
//
// Bleve analyses a batch's documents in parallel but builds its segment on
// one core, so the articles are split into writeParts batches built at the
// same time. The highest Rev is recorded by one more, small batch once
// they have all been applied: a crash before it leaves the rev where it
// was, and CatchUp then indexes these articles again, which replaces what
// the parts wrote.
func (ix *Index) addBatch(ctx context.Context, idx bleve.Index, arts []data.Article) error {
	if len(arts) == 0 {
		return nil
	}
	rev, err := indexedRev(idx)
	if err != nil {
		return err
	}
	// An article given twice is indexed as its last version.
	last := make(map[string]int, len(arts))
	norm := make([]data.Article, len(arts))
	maxRev := rev
	for i := range arts {
		a := arts[i]
		if a.ID == "" {
			a.Normalize()
		}
		norm[i] = a
		last[a.ID] = i
		maxRev = max(maxRev, a.Rev)
	}
	todo := make([]*data.Article, 0, len(last))
	for i := range norm {
		if last[norm[i].ID] == i {
			todo = append(todo, &norm[i])
		}
	}
	// Dealing the articles in turn evens out the parts' sizes.
	parts := make([][]*data.Article, min(writeParts, len(todo)))
	for i, a := range todo {
		parts[i%len(parts)] = append(parts[i%len(parts)], a)
	}
	var g errgroup.Group
	for _, part := range parts {
		g.Go(func() error { return writeArticles(ctx, idx, part) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Scorch persists whole snapshots and calls a batch's callback once one
	// that holds it is on disk: this batch, applied after the parts, is on
	// disk only with them.
	b := idx.NewBatch()
	if maxRev != rev {
		if err := ix.recordRev(ctx, b, maxRev); err != nil {
			return err
		}
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	ix.persisted = persisted
	ix.sinceCompact += len(todo)
	for _, a := range todo {
		ix.meta.put(a.ID, metaOf(a))
	}
	return nil
}

// recordRev adds to b the highest store revision indexed, with the store's
// identity and its token for that revision, so that Open can tell whether
// the index still belongs to the store.
func (ix *Index) recordRev(ctx context.Context, b *bleve.Batch, rev int64) error {
	id, err := ix.history.StoreID(ctx)
	if err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	token, err := ix.history.RevToken(ctx, rev)
	if err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	b.SetInternal([]byte(keyRev), []byte(strconv.FormatInt(rev, 10)))
	b.SetInternal([]byte(keyStoreID), []byte(id))
	b.SetInternal([]byte(keyRevToken), []byte(token))
	return nil
}

// writeParts is how many batches addBatch builds at the same time: two
// keeps two cores busy, and more would only make more segments to merge.
const writeParts = 2

// writeArticles indexes arts, articles with distinct IDs, in one batch:
// their title documents, their passages, and the deletion of the passages
// that an article indexed before may have had beyond its new ones.
func writeArticles(ctx context.Context, idx bleve.Index, arts []*data.Article) error {
	ai, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	defer r.Close()
	b := idx.NewBatch()
	for _, a := range arts {
		had, err := hasDoc(ctx, r, docID(a.ID, titleOrd))
		if err != nil {
			return err
		}
		ps := Passages(*a)
		if err := b.Index(docID(a.ID, titleOrd), titleDoc(a)); err != nil {
			return fmt.Errorf("retrieval: index article %s: %w", a.ID, err)
		}
		for _, p := range ps {
			if err := b.Index(docID(a.ID, p.Ord), passageDoc(a, p)); err != nil {
				return fmt.Errorf("retrieval: index article %s: %w", a.ID, err)
			}
		}
		// Deleting a document that is not there is harmless, and no
		// article has more than maxPassages.
		if had {
			for ord := len(ps); ord < maxPassages; ord++ {
				b.Delete(docID(a.ID, ord))
			}
		}
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	return nil
}

// idField is the field in which bleve indexes every document's ID.
const idField = "_id"

// hasDoc reports whether the index r reads has a document with the ID id.
func hasDoc(ctx context.Context, r index.IndexReader, id string) (bool, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(id), idField, false, false, false)
	if err != nil {
		return false, fmt.Errorf("retrieval: look up %s: %w", id, err)
	}
	defer tfr.Close()
	return tfr.Count() > 0, nil
}

// CatchUp indexes every article of src with a Rev greater than the highest
// one the index has recorded, in batches, and returns how many it indexed.
// Progress gets done = articles indexed so far and total = an upper bound
// (the number of revs to catch up), then done, done at the end.
func (ix *Index) CatchUp(ctx context.Context, src ArticleSource) (int, error) {
	done, err := ix.locked(func(idx bleve.Index) (int, error) { return ix.catchUp(ctx, idx, src) })
	if err != nil {
		return done, err
	}
	return done, ix.Tidy(ctx)
}

// locked runs fn on the index with writeMu held.
func (ix *Index) locked(fn func(idx bleve.Index) (int, error)) (int, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return 0, err
	}
	return fn(idx)
}

// catchUp is CatchUp with writeMu held.
func (ix *Index) catchUp(ctx context.Context, idx bleve.Index, src ArticleSource) (int, error) {
	from, err := indexedRev(idx)
	if err != nil {
		return 0, err
	}
	top, err := src.MaxRev(ctx)
	if err != nil {
		return 0, fmt.Errorf("retrieval: catch up: %w", err)
	}
	total := int(max(top-from, 0))
	done := 0
	progress := func() {
		if ix.opts.Progress != nil {
			ix.opts.Progress(done, max(total, done))
		}
	}
	progress()
	batch := make([]data.Article, 0, batchArticles)
	flush := func() error {
		if err := ix.addBatch(ctx, idx, batch); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		progress()
		return nil
	}
	err = src.ArticlesAfter(ctx, from, func(a data.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = append(batch, a)
		if len(batch) == batchArticles {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return done, fmt.Errorf("retrieval: catch up: %w", err)
	}
	if ix.opts.Progress != nil {
		ix.opts.Progress(done, done)
	}
	return done, nil
}

// Rebuild empties the index and indexes everything from src. Searches
// running meanwhile see the new index fill up.
func (ix *Index) Rebuild(ctx context.Context, src ArticleSource) (int, error) {
	done, err := ix.locked(func(bleve.Index) (int, error) {
		idx, err := ix.reset()
		if err != nil {
			return 0, err
		}
		return ix.catchUp(ctx, idx, src)
	})
	if err != nil {
		return done, err
	}
	return done, ix.Tidy(ctx)
}

// reset replaces the index with an empty one. The caller holds writeMu.
func (ix *Index) reset() (bleve.Index, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil, fmt.Errorf("retrieval: rebuild: the index is closed")
	}
	// What is still unwritten is about to be deleted anyway.
	ix.persisted = nil
	ix.sinceCompact = 0
	if err := ix.idx.Close(); err != nil {
		return nil, fmt.Errorf("retrieval: rebuild: %w", err)
	}
	ix.idx = nil
	ix.meta.reset()
	if err := os.RemoveAll(ix.path()); err != nil {
		return nil, fmt.Errorf("retrieval: rebuild: %w", err)
	}
	idx, err := create(ix.path())
	if err != nil {
		return nil, err
	}
	ix.idx = idx
	return idx, nil
}
