package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Search parameters.
const (
	defaultK = 10
	// passageHits bounds the hits (passages and titles) a search ranks,
	// which bounds its cost on a large index.
	passageHits = 200
)

// Search finds the articles that best answer q.Text, as of q.AsOf (default
// now), one result per article (near-duplicates folded), best first.
// Articles published after AsOf are never returned; recent ones are
// preferred; time expressions in the text become a date filter.
func (ix *Index) Search(ctx context.Context, q Query) (Results, error) {
	// The read lock keeps Rebuild and Close from closing the index under
	// the search.
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	idx := ix.idx
	if idx == nil {
		return Results{}, errClosed
	}
	var err error
	asOf := q.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	k := q.K
	if k <= 0 {
		k = defaultK
	}
	w, rest := parseTimeExpr(q.Text, asOf)
	since, until := w.since, w.until
	explicit := !q.Since.IsZero() || !q.Until.IsZero()
	if explicit {
		since, until = q.Since, q.Until
	}
	if q.Scoped && len(q.FeedIDs) == 0 {
		return Results{Since: since, Until: until}, nil
	}
	terms, stats, asked, err := queryTerms(ctx, idx, rest)
	if err != nil {
		return Results{}, err
	}
	if !asked && !explicit && !w.dayEnd.IsZero() {
		// With no words to match, the question asks for the news of the
		// day it names ("What happened on March 3, 2020?").
		until = w.dayEnd
	}
	res := Results{Since: since, Until: until, Terms: stats}
	f := buildFilters(q, asOf, since, until)
	if res.Searched, err = countArticles(ctx, idx, &f, &ix.scorer.segs); err != nil {
		return Results{}, err
	}
	var hits []hit
	switch {
	case !asked:
		hits, err = ix.latest(ctx, idx, f, k)
	case len(terms) == 0:
		// No word of the question is in the index.
		return res, nil
	default:
		hits, err = matchPassages(ctx, idx, terms, f, &ix.scorer)
	}
	if err != nil {
		return Results{}, err
	}
	known, err := ix.withMeta(ctx, collapse(hits, ix.params), f)
	if err != nil {
		return Results{}, err
	}
	rank(known, asOf, len(terms) > 0, ix.params)
	shown, err := ix.show(ctx, known, k)
	if err != nil {
		return Results{}, err
	}
	res.Hits = toResults(idx, shown, terms, stats)
	return res, nil
}

// withMeta gives each of cands its article's publication time and returns
// those that f admits, in the same order. The index gives the time of
// most (see segInfo); the others get their metadata from the store, and
// those the store no longer has are left out.
func (ix *Index) withMeta(ctx context.Context, cands []*candidate, f filters) ([]*candidate, error) {
	var untimed []*candidate
	for _, c := range cands {
		if !c.timed {
			untimed = append(untimed, c)
		}
	}
	if err := ix.loadMeta(ctx, untimed); err != nil {
		return nil, err
	}
	known := cands[:0]
	for _, c := range cands {
		if (c.timed || c.loaded) && f.admits(c.meta.pub) {
			known = append(known, c)
		}
	}
	return known, nil
}

// loadMeta gives each of cands that lacks it its article's metadata from
// the store, keeping the publication time the index gave; those the store
// no longer has are marked gone.
func (ix *Index) loadMeta(ctx context.Context, cands []*candidate) error {
	var ids []string
	for _, c := range cands {
		if !c.loaded && !c.gone {
			ids = append(ids, c.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	metas, err := ix.meta.lookup(ctx, ix.texts, ids)
	if err != nil {
		return err
	}
	for _, c := range cands {
		if c.loaded || c.gone {
			continue
		}
		m, ok := metas[c.id]
		if !ok {
			c.gone = true
			continue
		}
		if c.timed {
			m.pub = c.meta.pub
		}
		c.meta, c.loaded = m, true
	}
	return nil
}

// show picks the k articles to show from ranked, near-duplicates folded
// and like stories spread apart (see diversify), and loads the text of up
// to maxEvidence passages of each (the lead passage for a match on the
// title alone). An article the store no longer has, which the index will
// drop when it next catches up, has nothing to show and is left out.
func (ix *Index) show(ctx context.Context, ranked []*candidate, k int) ([]*candidate, error) {
	splits := make(map[string]*split)
	load := func(cs []*candidate) error {
		if err := ix.loadMeta(ctx, cs); err != nil {
			return err
		}
		var ps []*Passage
		for _, c := range cs {
			if len(c.passages) > 0 && !c.gone {
				ps = append(ps, &c.passages[0])
			}
		}
		return ix.passageTexts(ctx, ps, splits)
	}
	gone := func(c *candidate) bool { return c.gone || len(c.passages) > 0 && splits[c.id] == nil }
	kept, err := foldDuplicates(ranked, 2*k, load, gone)
	if err != nil {
		return nil, err
	}
	kept = diversify(kept, k, ix.params.diversity)
	var evidence []*Passage
	for _, c := range kept {
		if len(c.passages) == 0 {
			c.passages = []Passage{{ArticleID: c.id, Ord: 0}}
		}
		c.passages = c.passages[:min(len(c.passages), maxEvidence)]
		for i := range c.passages {
			evidence = append(evidence, &c.passages[i])
		}
	}
	if err := ix.passageTexts(ctx, evidence, splits); err != nil {
		return nil, err
	}
	shown := kept[:0]
	for _, c := range kept {
		if splits[c.id] != nil {
			shown = append(shown, c)
		}
	}
	return shown, nil
}

// filters are the conditions of a search besides its terms.
type filters struct {
	// must select the documents in the date window, sources and feeds:
	// each is a set of terms one of which a document must have.
	must [][]fieldTerm
	// futureFrom is the first day term of what was published after the
	// search's moment, which is left out; "" when nothing was, or when a
	// date window in must already ends at that day.
	futureFrom string
	// since and upper are the exact bounds of the published time that
	// candidates are checked against, as the index filters by whole
	// days; since is zero when there is no lower bound. window is true
	// when the question names dates, which undated articles are not in.
	since, upper time.Time
	window       bool
	// feeds and sources are the scope's feeds and outlets (lower-cased),
	// when scoped to them: a document must be of one of each.
	feeds      map[int64]bool
	feedScoped bool
	sources    []string
	// firstDay and lastDay are the window's UTC days (see dayNumber), to
	// check documents against without reading the day terms.
	firstDay, lastDay int32
}

// inScope returns, for the segment info describes, a check of whether
// its document n is of the scope's feeds and outlets.
func (f *filters) inScope(info *segInfo) func(n uint64) bool {
	if !f.scoped() {
		return func(uint64) bool { return true }
	}
	var feedOK, srcOK []bool
	if f.feedScoped {
		feedOK = make([]bool, len(info.feeds))
		for i, id := range info.feeds {
			feedOK[i] = f.feeds[id]
		}
	}
	if len(f.sources) > 0 {
		srcOK = make([]bool, len(info.srcs))
		for _, key := range f.sources {
			if ord, ok := info.srcs[key]; ok {
				srcOK[ord] = true
			}
		}
	}
	return func(n uint64) bool {
		return ordIn(feedOK, info.feed(n)) && ordIn(srcOK, info.src(n))
	}
}

// ordIn reports whether ord is one of those ok says yes to, or true when
// ok is nil (no such condition).
func ordIn(ok []bool, ord int32) bool {
	return ok == nil || ord >= 0 && ok[ord]
}

// scoped reports whether f keeps only some feeds or outlets.
func (f *filters) scoped() bool { return f.feedScoped || len(f.sources) > 0 }

// admitsDay reports whether a document of day d (undatedDay when it has no
// date) is within the window's days.
func (f *filters) admitsDay(d int32) bool {
	if d == undatedDay {
		return !f.window
	}
	return d <= f.lastDay && d >= f.firstDay
}

// buildFilters returns the date window (never after asOf), and the source
// and feed scopes.
func buildFilters(q Query, asOf, since, until time.Time) filters {
	upper := asOf
	if !until.IsZero() && until.Before(upper) {
		upper = until
	}
	f := filters{since: since, upper: upper, firstDay: math.MinInt32, lastDay: dayNumber(upper)}
	if since.IsZero() && until.IsZero() {
		f.futureFrom = dayAfter(upper)
	} else {
		// The window's day terms end at upper's day, so the later days
		// need no exclusion of their own, which would cost as much as
		// all the days after upper have documents.
		f.window = true
		first := since
		if first.IsZero() {
			first = epoch
		}
		f.firstDay = dayNumber(first)
	}
	if len(q.Sources) > 0 {
		var or []fieldTerm
		for _, s := range q.Sources {
			key := strings.ToLower(strings.TrimSpace(s))
			or = append(or, fieldTerm{fieldSrcKey, key})
			f.sources = append(f.sources, key)
		}
		f.must = append(f.must, or)
	}
	if q.Scoped || len(q.FeedIDs) > 0 {
		var or []fieldTerm
		f.feedScoped, f.feeds = true, make(map[int64]bool, len(q.FeedIDs))
		for _, id := range q.FeedIDs {
			or = append(or, fieldTerm{fieldFeed, strconv.FormatInt(id, 10)})
			f.feeds[id] = true
		}
		f.must = append(f.must, or)
	}
	return f
}

// selector matches any of terms without adding to the score.
func selector(terms []fieldTerm) query.Query {
	if len(terms) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	or := make([]query.Query, len(terms))
	for i, ft := range terms {
		t := bleve.NewTermQuery(ft.term)
		t.SetField(ft.field)
		t.SetBoost(0)
		or[i] = t
	}
	return bleve.NewDisjunctionQuery(or...)
}

// future matches what was published after the search's day; nil when
// nothing is left out.
func (f filters) future() query.Query {
	if f.futureFrom == "" {
		return nil
	}
	yes := true
	q := bleve.NewTermRangeInclusiveQuery(f.futureFrom, "", &yes, nil)
	q.SetField(fieldDay)
	return q
}

// admits reports whether an article published at pub passes the exact
// date bounds.
func (f filters) admits(pub time.Time) bool {
	if pub.IsZero() {
		return !f.window
	}
	return !pub.After(f.upper) && (f.since.IsZero() || !pub.Before(f.since))
}

// apply restricts q to the filters. The conjunction lets bleve drive the
// search with its most selective part: the terms or a narrow window.
func (f filters) apply(q query.Query) query.Query {
	if len(f.must) > 0 || f.window {
		and := []query.Query{q}
		for _, terms := range f.must {
			and = append(and, selector(terms))
		}
		if f.window {
			yes := true
			first := f.since
			if first.IsZero() {
				first = epoch
			}
			days := bleve.NewTermRangeInclusiveQuery(utcDay(first).Format(dayLayout), utcDay(f.upper).Format(dayLayout), &yes, &yes)
			days.SetField(fieldDay)
			days.SetBoost(0)
			and = append(and, days)
		}
		q = bleve.NewConjunctionQuery(and...)
	}
	future := f.future()
	if future == nil {
		return q
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddMustNot(future)
	return b
}

// countArticles counts the articles (their title documents) within the
// filters, to the day. When no article is from after the search's day, the
// usual case, it drops that condition from f, which makes searching
// cheaper.
func countArticles(ctx context.Context, idx bleve.Index, f *filters, segs *segCache) (int, error) {
	in, later, ok, err := segs.leadCounts(ctx, idx, f)
	if err != nil {
		return 0, err
	}
	if ok {
		if later == 0 {
			f.futureFrom = ""
		}
		return in, nil
	}
	lead := bleve.NewTermQuery(flagYes)
	lead.SetField(fieldLead)
	if future := f.future(); future != nil {
		var err error
		if later, err = count(ctx, idx, bleve.NewConjunctionQuery(lead, future)); err != nil {
			return 0, err
		}
		if later == 0 {
			f.futureFrom = ""
		}
	}
	if len(f.must) == 0 && !f.window {
		all, err := termDF(ctx, idx, fieldLead, flagYes)
		return int(all) - later, err
	}
	return count(ctx, idx, f.apply(lead))
}

// count counts the documents q matches.
func count(ctx context.Context, idx bleve.Index, q query.Query) (int, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none"
	sr, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("retrieval: count articles: %w", err)
	}
	return int(sr.Total), nil
}

// termDF is the number of documents with term in field.
func termDF(ctx context.Context, idx bleve.Index, field, term string) (uint64, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return 0, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return 0, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	defer r.Close()
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

// matchPassages runs the BM25 search for terms over passages and titles
// within the filters: with scoreTerms, or with bleve's own search when a
// filter is too wide for that.
func matchPassages(ctx context.Context, idx bleve.Index, terms []string, f filters, ts *termScorer) ([]hit, error) {
	if hits, ok, err := ts.scoreTerms(ctx, idx, terms, f); ok || err != nil {
		return hits, err
	}
	return bleveMatch(ctx, idx, terms, f)
}

// bleveMatch is matchPassages done by bleve, which gives the same scores.
func bleveMatch(ctx context.Context, idx bleve.Index, terms []string, f filters) ([]hit, error) {
	scoring := termQuery(terms, fieldText, 1)
	req := bleve.NewSearchRequestOptions(f.apply(scoring), passageHits, 0, false)
	sr, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("retrieval: search: %w", err)
	}
	return toHits(sr.Hits), nil
}

// toHits is the IDs and scores of bleve's hits.
func toHits(dms search.DocumentMatchCollection) []hit {
	out := make([]hit, len(dms))
	for i, h := range dms {
		out[i] = hit{id: h.ID, score: h.Score}
	}
	return out
}

// termQuery matches any of the analysed terms in field.
func termQuery(terms []string, field string, boost float64) query.Query {
	or := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		or = append(or, tq)
	}
	return bleve.NewDisjunctionQuery(or...)
}

// latest returns the title documents of the newest articles within the
// filters, for a question that has no search terms left ("news from
// yesterday"), each with a score of 1.
func (ix *Index) latest(ctx context.Context, idx bleve.Index, f filters, k int) ([]hit, error) {
	want := 3 * k
	hits, ok, err := ix.scorer.segs.newestLeads(ctx, idx, &f, want)
	if err != nil {
		return nil, err
	}
	if !ok {
		return newest(ctx, idx, f, want)
	}
	// The newest days' articles, in order of time, which the segments
	// know. Undated articles have the zero time and go last.
	slices.SortStableFunc(hits, func(a, b hit) int { return b.pub.Compare(a.pub) })
	return hits[:min(len(hits), want)], nil
}

// newest returns the title documents of the n newest articles within the
// filters, each with a score of 1.
func newest(ctx context.Context, idx bleve.Index, f filters, n int) ([]hit, error) {
	lead := bleve.NewTermQuery(flagYes)
	lead.SetField(fieldLead)
	req := bleve.NewSearchRequestOptions(f.apply(lead), n, 0, false)
	req.SortBy([]string{"-" + fieldDay, "-" + fieldSec})
	sr, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("retrieval: search latest: %w", err)
	}
	hits := toHits(sr.Hits)
	for i := range hits {
		hits[i].score = 1
	}
	return hits, nil
}
