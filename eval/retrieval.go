package eval

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// RetrievalQuery is one question of a retrieval evaluation set.
type RetrievalQuery struct {
	ID    string
	Query string
	// AsOf is the day the question was asked; the search runs at the end
	// of that day.
	AsOf     time.Time
	GoldURLs []string
}

// LoadRetrievalQueries reads queries in JSONL, one object a line:
// {"id", "query", "as_of": "YYYY-MM-DD", "gold_urls": [...]}; other keys
// are ignored.
func LoadRetrievalQueries(r io.Reader) ([]RetrievalQuery, error) {
	type line struct {
		ID       string   `json:"id"`
		Query    string   `json:"query"`
		AsOf     string   `json:"as_of"`
		GoldURLs []string `json:"gold_urls"`
	}
	var out []RetrievalQuery
	err := readLines(r, "retrieval queries", func(n int, raw *line) error {
		t, err := asOfDay(raw.AsOf)
		if err != nil {
			return err
		}
		out = append(out, RetrievalQuery{ID: raw.ID, Query: raw.Query, GoldURLs: raw.GoldURLs, AsOf: t})
		return nil
	})
	return out, err
}

// RetrievalMetrics are the scores of a retrieval evaluation: the share of questions with a
// gold article in the first 1, 3 and 10 results, and the mean reciprocal
// rank of the first gold article within 10.
type RetrievalMetrics struct {
	N                           int
	Hits1, Hits3, Hits10, MRR10 float64
}

// EvaluateRetrieval runs every query on ix as of the end of its day and scores the ranked
// articles against its gold URLs, compared after lower-casing the host and
// dropping "www." or "edition.", the fragment and a trailing "/".
func EvaluateRetrieval(ctx context.Context, ix *retrieval.Index, qs []RetrievalQuery) (RetrievalMetrics, error) {
	var m RetrievalMetrics
	for _, q := range qs {
		asOf := q.AsOf
		if !asOf.IsZero() {
			asOf = asOf.Add(24*time.Hour - time.Nanosecond)
		}
		res, err := ix.Search(ctx, retrieval.Query{Text: q.Query, AsOf: asOf, K: 10})
		if err != nil {
			return RetrievalMetrics{}, fmt.Errorf("eval: retrieval %s: %w", q.ID, err)
		}
		rank := goldRank(res.Hits, q.GoldURLs)
		m.N++
		if rank == 0 {
			continue
		}
		if rank <= 1 {
			m.Hits1++
		}
		if rank <= 3 {
			m.Hits3++
		}
		if rank <= 10 {
			m.Hits10++
			m.MRR10 += 1 / float64(rank)
		}
	}
	if m.N > 0 {
		n := float64(m.N)
		m.Hits1, m.Hits3, m.Hits10, m.MRR10 = m.Hits1/n, m.Hits3/n, m.Hits10/n, m.MRR10/n
	}
	return m, nil
}

// goldRank is the 1-based rank of the first hit whose URL is a gold URL,
// 0 when none is.
func goldRank(hits []retrieval.Result, gold []string) int {
	want := make(map[string]bool, len(gold))
	for _, g := range gold {
		want[URLKey(g)] = true
	}
	for i, h := range hits {
		if want[URLKey(h.URL)] {
			return i + 1
		}
	}
	return 0
}

// URLKey is the form in which evaluation URLs are compared: host
// lower-cased without "www." or "edition.", path and query, no fragment,
// no trailing "/". Both sides are canonicalised first (see
// data.CanonicalURL), as the index stores canonical URLs.
func URLKey(raw string) string {
	if c := data.CanonicalURL(raw); c != "" {
		raw = c
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimSuffix(strings.TrimSpace(raw), "/")
	}
	host := strings.ToLower(u.Host)
	host = strings.TrimPrefix(host, "www.")
	host = strings.TrimPrefix(host, "edition.")
	s := host + u.EscapedPath()
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return strings.TrimSuffix(s, "/")
}
