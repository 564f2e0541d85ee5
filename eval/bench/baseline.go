package bench

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/newsbot/newsbot/data"
)

// Baseline is what the bench measured of plain bleve on the same corpus
// and queries: whole articles in one BM25-scored field, bleve's defaults
// otherwise.
type Baseline struct {
	Articles int
	// Build is the time from the first batch to the index closed, all on
	// disk; PerSec is articles per second of it.
	Build  time.Duration
	PerSec float64
	// PeakRSSBytes is the peak resident set while serving the queries from
	// the index opened again; IndexBytes its size on disk.
	PeakRSSBytes, IndexBytes int64
	Latency                  []Latency
}

// Fields of the plain bleve index.
const (
	baseBody   = "body"
	basePub    = "pub"
	baseSource = "source"
	baseFeed   = "feed"
)

// baselineMapping indexes an article's title and text as one field with
// bleve's English analyzer, scored by BM25, and its publication time,
// outlet and feed to filter by. Nothing is stored: as newsbot's index,
// this one gives article IDs, and the text comes from the store.
func baselineMapping() mapping.IndexMapping {
	field := func(f *mapping.FieldMapping) *mapping.FieldMapping {
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, false
		return f
	}
	body := field(mapping.NewTextFieldMapping())
	body.Analyzer = en.AnalyzerName
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(baseBody, body)
	doc.AddFieldMappingsAt(basePub, field(mapping.NewDateTimeFieldMapping()))
	doc.AddFieldMappingsAt(baseSource, field(mapping.NewKeywordFieldMapping()))
	doc.AddFieldMappingsAt(baseFeed, field(mapping.NewNumericFieldMapping()))
	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	im.ScoringModel = index.BM25Scoring
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im
}

// baseline builds a plain bleve index of c in dir, then serves qs from it
// opened again, with the peak resident set measured from there.
func baseline(ctx context.Context, dir string, c corpus, qs []Query, progress io.Writer) (*Baseline, error) {
	path := filepath.Join(dir, "baseline.bleve")
	idx, err := bleve.New(path, baselineMapping())
	if err != nil {
		return nil, fmt.Errorf("bench: baseline: %w", err)
	}
	rep := &Baseline{}
	start := time.Now()
	err = c.walk(ctx, func(arts []data.Article) error {
		b := idx.NewBatch()
		for i := range arts {
			if err := b.Index(arts[i].ID, baselineDoc(&arts[i])); err != nil {
				return err
			}
		}
		rep.Articles += len(arts)
		if rep.Articles%(20*batchSize) < len(arts) {
			fmt.Fprintf(progress, "bench: plain bleve indexed %d articles, %.0f/s\n", rep.Articles, float64(rep.Articles)/time.Since(start).Seconds())
		}
		return idx.Batch(b)
	})
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("bench: baseline: %w", err)
	}
	rep.Build = time.Since(start)
	rep.PerSec = float64(rep.Articles) / rep.Build.Seconds()
	settle()
	if idx, err = bleve.Open(path); err != nil {
		return nil, fmt.Errorf("bench: baseline: %w", err)
	}
	defer idx.Close()
	ts, err := timeQueries(qs, func(q Query) ([]string, error) { return baselineSearch(ctx, idx, q) })
	if err != nil {
		return nil, fmt.Errorf("bench: baseline: %w", err)
	}
	rep.Latency = latencies(qs, ts)
	rep.PeakRSSBytes = procStatus("VmHWM")
	rep.IndexBytes = dirSize(path)
	return rep, nil
}

// baselineDoc is the plain bleve document of a.
func baselineDoc(a *data.Article) map[string]any {
	doc := map[string]any{
		baseBody:   a.Title + "\n\n" + a.Text,
		baseSource: strings.ToLower(a.Source),
		baseFeed:   float64(a.FeedID),
	}
	if !a.Published.IsZero() {
		doc[basePub] = a.Published
	}
	return doc
}

// baselineSearch asks q of the plain bleve index: its words as a match
// query, the articles published up to its as-of time and in its scope as
// a filter, the ten best.
func baselineSearch(ctx context.Context, idx bleve.Index, q Query) ([]string, error) {
	match := bleve.NewMatchQuery(q.Q)
	match.SetField(baseBody)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(match)
	var filters []query.Query
	if !q.AsOf.IsZero() {
		inclusive := true
		pub := bleve.NewDateRangeInclusiveQuery(time.Time{}, q.AsOf, nil, &inclusive)
		pub.SetField(basePub)
		filters = append(filters, pub)
	}
	if scope := baselineScope(q); scope != nil {
		filters = append(filters, scope)
	}
	if len(filters) > 0 {
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	res, err := idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 10, 0, false))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// baselineScope is the filter of q's outlets and feeds, nil when it has
// none.
func baselineScope(q Query) query.Query {
	var either []query.Query
	for _, s := range q.Sources {
		t := bleve.NewTermQuery(strings.ToLower(s))
		t.SetField(baseSource)
		either = append(either, t)
	}
	for _, id := range q.FeedIDs {
		v, inclusive := float64(id), true
		r := bleve.NewNumericRangeInclusiveQuery(&v, &v, &inclusive, &inclusive)
		r.SetField(baseFeed)
		either = append(either, r)
	}
	if len(either) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(either...)
}
