package ingest

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/newsbot/newsbot/data"
)

// sampleFiles is the embedded sample corpus: short articles written for
// this project about a few invented running stories, in every input format
// newsbot reads. It is read-only.
//
//go:embed sample
var sampleFiles embed.FS

// SampleCorpus returns the embedded sample corpus as a file system whose
// root holds the article files.
func SampleCorpus() fs.FS {
	sub, err := fs.Sub(sampleFiles, "sample")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "sample" is valid.
		panic(err)
	}
	return sub
}

// SampleIDs returns the store IDs of the articles of the embedded sample
// corpus. They identify sample articles in any store, including those
// seeded before sample articles were marked with data.SampleFeedID.
func SampleIDs() ([]string, error) {
	arts, err := SampleArticles()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(arts))
	for i := range arts {
		arts[i].Normalize()
		ids[i] = arts[i].ID
	}
	return ids, nil
}

// Remover is what removing articles needs of the search index
// (*retrieval.Index): Remove drops articles by ID.
type Remover interface {
	Remove(ctx context.Context, ids []string) error
}

// MarkSample moves the sample articles of a store seeded before they were
// marked into data.SampleFeedID, out of every server's scope, and returns
// how many it moved. The index learns of it when it catches up.
func MarkSample(ctx context.Context, st *data.Store) (int, error) {
	ids, err := SampleIDs()
	if err != nil {
		return 0, err
	}
	n, err := st.SetArticlesFeed(ctx, ids, data.SampleFeedID)
	if err != nil {
		return 0, fmt.Errorf("ingest: mark sample: %w", err)
	}
	return n, nil
}

// RemoveSample deletes the articles of the embedded sample corpus from the
// store and then from ix, leaving every other article, and returns how many
// the store held.
func RemoveSample(ctx context.Context, st *data.Store, ix Remover) (int, error) {
	ids, err := SampleIDs()
	if err != nil {
		return 0, err
	}
	n, err := st.DeleteArticles(ctx, ids)
	if err != nil {
		return 0, fmt.Errorf("ingest: remove sample: %w", err)
	}
	if err := ix.Remove(ctx, ids); err != nil {
		return n, fmt.Errorf("ingest: remove sample from the index (run newsbot reindex): %w", err)
	}
	return n, nil
}

// CountSample returns how many articles of the embedded sample corpus the
// store holds.
func CountSample(ctx context.Context, st *data.Store) (int, error) {
	ids, err := SampleIDs()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := st.Article(ctx, id)
		switch {
		case err == nil:
			n++
		case !errors.Is(err, data.ErrNotFound):
			return 0, fmt.Errorf("ingest: count sample: %w", err)
		}
	}
	return n, nil
}
