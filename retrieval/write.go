package retrieval

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/blevesearch/bleve/v2"

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
	return ix.addBatch(idx, arts)
}

// addBatch indexes arts in one batch. The caller holds writeMu.
func (ix *Index) addBatch(idx bleve.Index, arts []data.Article) error {
	if len(arts) == 0 {
		return nil
	}
	rev, err := indexedRev(idx)
	if err != nil {
		return err
	}
	maxRev := rev
	b := idx.NewBatch()
	// counts holds the passage counts written by this batch, for articles
	// that appear twice in it.
	counts := make(map[string]int, len(arts))
	for i := range arts {
		a := arts[i]
		if a.ID == "" {
			a.Normalize()
		}
		old, seen := counts[a.ID]
		if !seen {
			if old, err = passageCount(idx, a.ID); err != nil {
				return err
			}
		}
		ps := Passages(a)
		if err := b.Index(docID(a.ID, titleOrd), titleDoc(&a)); err != nil {
			return fmt.Errorf("retrieval: index article %s: %w", a.ID, err)
		}
		for _, p := range ps {
			if err := b.Index(docID(a.ID, p.Ord), passageDoc(&a, p)); err != nil {
				return fmt.Errorf("retrieval: index article %s: %w", a.ID, err)
			}
		}
		for ord := len(ps); ord < old; ord++ {
			b.Delete(docID(a.ID, ord))
		}
		counts[a.ID] = len(ps)
		b.SetInternal([]byte(keyCountPrefix+a.ID), []byte(strconv.Itoa(len(ps))))
		maxRev = max(maxRev, a.Rev)
	}
	if maxRev != rev {
		b.SetInternal([]byte(keyRev), []byte(strconv.FormatInt(maxRev, 10)))
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: write batch: %w", err)
	}
	ix.persisted = persisted
	for i := range arts {
		a := &arts[i]
		id := a.ID
		if id == "" {
			c := *a
			c.Normalize()
			a, id = &c, c.ID
		}
		ix.meta.put(id, metaOf(a))
	}
	return nil
}

// passageCount is how many passages article id has in idx.
func passageCount(idx bleve.Index, id string) (int, error) {
	v, err := idx.GetInternal([]byte(keyCountPrefix + id))
	if err != nil {
		return 0, fmt.Errorf("retrieval: read passage count: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, fmt.Errorf("retrieval: read passage count: %w", err)
	}
	return n, nil
}

// CatchUp indexes every article of src with a Rev greater than the highest
// one the index has recorded, in batches, and returns how many it indexed.
// Progress gets done = articles indexed so far and total = an upper bound
// (the number of revs to catch up), then done, done at the end.
func (ix *Index) CatchUp(ctx context.Context, src ArticleSource) (int, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return 0, err
	}
	return ix.catchUp(ctx, idx, src)
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
		if err := ix.addBatch(idx, batch); err != nil {
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
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.reset()
	if err != nil {
		return 0, err
	}
	return ix.catchUp(ctx, idx, src)
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
