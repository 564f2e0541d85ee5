package summarize

import (
	"slices"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// Freshness of evidence.
const (
	// staleAge is how much older than the end of its question's window an
	// article must be for fresh coverage to beat it: a month, the horizon
	// beyond which retrieval reads a named day as a recalled event rather
	// than a day's news, and by which its recency prior is near its floor.
	staleAge = 30 * 24 * time.Hour
	// latestSpan is how far back from the newest article on a subject the
	// coverage that a question about the latest on it is answered from
	// reaches: the day of that article and the two before it, the time
	// over which outlets report one development.
	latestSpan = 72 * time.Hour
	// oldNewsAge is how much older than the end of its question's window
	// the source of an answer may be. News is asked about as it happens;
	// evidence older than a season is history that some other, newer
	// event may have overtaken, and the honest answer is that the news of
	// the question's time does not cover it.
	oldNewsAge = 90 * 24 * time.Hour
)

// oldNews reports whether src, the source an answer comes from, is older
// than oldNewsAge at the end of the window that res searched (asOf when
// the question named none). An undated source is not held against it.
func oldNews(src Source, res retrieval.Results, asOf time.Time) bool {
	return !src.Published.IsZero() && windowEnd(res, asOf).Sub(src.Published) > oldNewsAge
}

// freshFirst orders the hits of question, found as res, for use as
// sources. A question about the latest on a subject ("the latest on the
// bridge", "Kestrel news") is answered from the newest coverage only: the
// hits that are about it and published within latestSpan of the newest of
// them, newest first. For other questions the search's order stands, but
// when the hits hold an article about the question from within staleAge
// of the window's end, articles older than that go after all the fresh
// ones: fresh coverage of a story beats old news that also matches, and
// old news still serves when nothing fresh does. Relevance is measured as
// Ask measures it, hit by hit.
func (s *Service) freshFirst(question string, res retrieval.Results, asOf time.Time) []retrieval.Result {
	end := windowEnd(res, asOf)
	about := make([]bool, len(res.Hits))
	for i, h := range res.Hits {
		about[i] = relevance(question, []retrieval.Result{h}) >= s.minRel
	}
	if asksLatest(question) {
		if hits := newestCoverage(res.Hits, about); len(hits) > 0 {
			return hits
		}
		return res.Hits
	}
	fresh := func(h retrieval.Result) bool {
		// An undated article's age is unknown: it is not held against it.
		return h.Published.IsZero() || end.Sub(h.Published) <= staleAge
	}
	anyFresh := false
	for i, h := range res.Hits {
		anyFresh = anyFresh || about[i] && fresh(h)
	}
	if !anyFresh {
		return res.Hits
	}
	out := make([]retrieval.Result, 0, len(res.Hits))
	var stale []retrieval.Result
	for _, h := range res.Hits {
		if fresh(h) {
			out = append(out, h)
		} else {
			stale = append(stale, h)
		}
	}
	return append(out, stale...)
}

// newestCoverage is the dated hits that about marks, within latestSpan of
// the newest of them, newest first; nil when none is dated.
func newestCoverage(hits []retrieval.Result, about []bool) []retrieval.Result {
	var newest time.Time
	for i, h := range hits {
		if about[i] && h.Published.After(newest) {
			newest = h.Published
		}
	}
	if newest.IsZero() {
		return nil
	}
	var out []retrieval.Result
	for i, h := range hits {
		if about[i] && !h.Published.IsZero() && newest.Sub(h.Published) <= latestSpan {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b retrieval.Result) int { return b.Published.Compare(a.Published) })
	return out
}

// windowEnd is the end of the window that res searched: asOf, or the end
// of the window the question named when that is earlier.
func windowEnd(res retrieval.Results, asOf time.Time) time.Time {
	if !res.Until.IsZero() && res.Until.Before(asOf) {
		return res.Until
	}
	return asOf
}
