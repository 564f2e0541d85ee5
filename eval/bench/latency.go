package bench

import (
	"math"
	"slices"
	"time"
)

// Latency is the warm search latency of the queries of one shape, or of
// all of them (Shape "all").
type Latency struct {
	Shape               string
	Count               int
	Mean, P50, P99, Max time.Duration
	// Targeted is how many of the queries name the article they were made
	// from (Query.Want), Found how many of those found it in their top ten.
	Targeted, Found int
}

// timing is what one timed query gave.
type timing struct {
	took  time.Duration
	found bool
}

// answer runs one query and returns the IDs of the articles found, best
// first.
type answer func(q Query) ([]string, error)

// timeQueries runs every query of qs once to warm up (the first searches
// fault the index's files into memory) and then once more, timed.
func timeQueries(qs []Query, run answer) ([]timing, error) {
	for _, q := range qs {
		if _, err := run(q); err != nil {
			return nil, err
		}
	}
	out := make([]timing, len(qs))
	for i, q := range qs {
		start := time.Now()
		ids, err := run(q)
		out[i].took = time.Since(start)
		if err != nil {
			return nil, err
		}
		out[i].found = q.Want != "" && slices.Contains(ids[:min(len(ids), 10)], q.Want)
	}
	return out, nil
}

// latencies sums up ts, the timings of qs, by shape (in the order of
// Shapes, then of first appearance) and then for all of them.
func latencies(qs []Query, ts []timing) []Latency {
	var order []string
	for _, s := range Shapes() {
		if slices.ContainsFunc(qs, func(q Query) bool { return q.Shape == s }) {
			order = append(order, s)
		}
	}
	for _, q := range qs {
		if !slices.Contains(order, q.Shape) {
			order = append(order, q.Shape)
		}
	}
	var out []Latency
	for _, s := range order {
		out = append(out, summarize(s, qs, ts, func(q Query) bool { return q.Shape == s }))
	}
	return append(out, summarize("all", qs, ts, func(Query) bool { return true }))
}

// summarize is the Latency of the queries of qs that keep selects.
func summarize(shape string, qs []Query, ts []timing, keep func(Query) bool) Latency {
	l := Latency{Shape: shape}
	var took []time.Duration
	var sum time.Duration
	for i, q := range qs {
		if !keep(q) {
			continue
		}
		took = append(took, ts[i].took)
		sum += ts[i].took
		if q.Want != "" {
			l.Targeted++
		}
		if ts[i].found {
			l.Found++
		}
	}
	if len(took) == 0 {
		return l
	}
	slices.Sort(took)
	l.Count = len(took)
	l.Mean = sum / time.Duration(len(took))
	l.P50, l.P99, l.Max = rank(took, 0.50), rank(took, 0.99), took[len(took)-1]
	return l
}

// rank is the p-th quantile of sorted by nearest rank.
func rank(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(float64(len(sorted))*p)) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
