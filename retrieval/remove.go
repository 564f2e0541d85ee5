package retrieval

import (
	"context"
	"fmt"
)

// Remove deletes the articles with the given IDs from the index: their
// title documents and passages, in one batch. IDs the index does not hold
// are skipped. The store is the caller's: Remove follows a deletion there,
// since catching up only ever adds what the store holds.
func (ix *Index) Remove(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("retrieval: remove: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return err
	}
	b := idx.NewBatch()
	for _, id := range ids {
		b.Delete(docID(id, titleOrd))
		// No article has more than maxPassages, and deleting a document
		// that is not there is harmless.
		for ord := range maxPassages {
			b.Delete(docID(id, ord))
		}
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: remove: %w", err)
	}
	ix.persisted = persisted
	for _, id := range ids {
		ix.meta.remove(id)
	}
	return nil
}
