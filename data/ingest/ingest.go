// Package ingest brings articles into the store: from files, folders, pages
// and feeds, from the feeds it follows (added one by one or from OPML) and
// polls, and from the embedded sample corpus.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/parse"
)

// Indexer is what ingesting needs of the search index (*retrieval.Index).
type Indexer interface {
	// Add indexes articles that the store has just stored. Its errors are
	// the index's: one that is closed, ctx ending or a failed write. The
	// articles stay stored either way.
	Add(ctx context.Context, arts []data.Article) error
}

// Ingester brings articles in from files, folders, web pages and feeds,
// stores them in batches (one transaction each) and indexes what changed.
// It is the one ingest path used by the CLI, the poller and the bot.
type Ingester struct {
	Store *data.Store
	// Index may be nil (store only).
	Index Indexer
	// Fetcher fetches URLs; when nil, URLs are refused.
	Fetcher *fetch.Client
	// FullText makes feed items that carry only a summary fetch their
	// linked page for the full text.
	FullText bool
	// FullTextBudget is the most linked pages one feed fetch (a poll, a
	// follow, a feed URL ingested) fetches, DefaultFullTextBudget when
	// zero; negative means no limit. Items past it keep their excerpt and
	// count in Report.Unfetched.
	FullTextBudget int
	// FullTextDeadline bounds the time those page fetches take together,
	// DefaultFullTextDeadline when zero; negative means no limit. Items
	// whose page it cut short keep their excerpt and count in
	// Report.Unfetched.
	FullTextDeadline time.Duration
	// FeedInterval is how often the feeds it follows (FollowFeed,
	// ImportOPML) are polled; zero means DefaultFeedInterval.
	FeedInterval time.Duration
	// DiscoverAttempts caps the candidate feed URLs FollowFeed fetches
	// when given a web page; zero means DefaultDiscoverAttempts.
	DiscoverAttempts int
	// BatchSize is the number of articles per store transaction (default 500).
	BatchSize int
	// Progress, when set, is called as articles are stored, with an
	// estimate of the total when the input is streamed.
	Progress func(done, total int)
	Now      func() time.Time
	Logger   *slog.Logger

	// The caps on what enters; zero means the default named. See
	// CapArticle for how an article is held to them.

	// MaxTextBytes is the most text kept of one article
	// (DefaultMaxTextBytes).
	MaxTextBytes int
	// MaxTitleBytes is the longest title kept (DefaultMaxTitleBytes).
	MaxTitleBytes int
	// MaxFieldBytes is the longest URL, source or author name
	// (DefaultMaxFieldBytes).
	MaxFieldBytes int
	// MaxAuthors is the most authors kept of one article (DefaultMaxAuthors).
	MaxAuthors int
	// MaxDocBytes is the largest file read whole (text, Markdown, HTML, a
	// feed) and the largest JSON item (parse.DefaultMaxItemBytes).
	MaxDocBytes int
	// MaxFileBytes is the largest file read (DefaultMaxFileBytes).
	MaxFileBytes int64
	// Workers is how many files are read at once (DefaultWorkers).
	Workers int
}

// Failure is one item and why it was not ingested, or not whole.
type Failure struct {
	Item   string `json:"item"`
	Reason string `json:"reason"`
}

// Report counts what an ingest did. Each item read (an article, a line or
// element of a JSON file, a file that could not be used as a whole) counts
// once in Added, Updated, Unchanged, Failed or Skipped. Skipped items were
// not read at all (a FIFO or device named like an article, a folder already
// read); Truncated counts, among those stored, the articles cut to the caps.
type Report struct {
	Added       int       `json:"added"`
	Updated     int       `json:"updated"`
	Unchanged   int       `json:"unchanged"`
	Failed      int       `json:"failed"`
	Failures    []Failure `json:"failures"`
	Skipped     int       `json:"skipped"`
	Skips       []Failure `json:"skips"`
	Truncated   int       `json:"truncated"`
	Truncations []Failure `json:"truncations"`
	// DateFallbacks counts the articles stored with the fetch time for a
	// publication date that cannot be right (see parse.Plausible).
	DateFallbacks int `json:"date_fallbacks"`
	// Unfetched counts the feed items stored with their excerpt because
	// the full-text budget or deadline ran out before their page was
	// fetched.
	Unfetched int `json:"unfetched"`
}

func (r *Report) fail(item string, err error) {
	r.Failed++
	r.Failures = append(r.Failures, Failure{Item: item, Reason: reason(err)})
}

func (r *Report) skip(item string, err error) {
	r.Skipped++
	r.Skips = append(r.Skips, Failure{Item: item, Reason: reason(err)})
}

func (r *Report) merge(o Report) {
	r.Added += o.Added
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	r.Failed += o.Failed
	r.DateFallbacks += o.DateFallbacks
	r.Failures = append(r.Failures, o.Failures...)
	r.Unfetched += o.Unfetched
	r.Skipped += o.Skipped
	r.Skips = append(r.Skips, o.Skips...)
	r.Truncated += o.Truncated
	r.Truncations = append(r.Truncations, o.Truncations...)
}

// reason is the user-facing text of err: a fetch error's reason, or the
// error's message without the prefix of the data package that made it.
func reason(err error) string {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Reason
	}
	var ie parse.ItemError
	if errors.As(err, &ie) && ie.Err != nil {
		err = ie.Err
	}
	msg := err.Error()
	for _, prefix := range []string{"data: ", "parse: ", "fetch: ", "ingest: "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			return rest
		}
	}
	return msg
}

func (in *Ingester) now() time.Time {
	if in.Now != nil {
		return in.Now()
	}
	return time.Now()
}

func (in *Ingester) logger() *slog.Logger {
	if in.Logger != nil {
		return in.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Ingest reads every input (a file, a folder read recursively, or an
// http(s) URL of a page or feed) and stores and indexes the articles as
// they are read, in batches. Only regular files are read, directly or
// through symlinks; see Report for what is counted where. Per-item problems
// are in the report; the error is only for a failure of the store or
// index, or a done ctx.
func (in *Ingester) Ingest(ctx context.Context, inputs []string) (Report, error) {
	var rep Report
	b := in.newBatcher(ctx, &rep)
	for _, input := range inputs {
		if err := ctx.Err(); err != nil {
			return rep, b.abandon(err)
		}
		if data.IsHTTPURL(input) {
			got, r := in.fetchURL(ctx, input)
			rep.merge(r)
			for _, a := range got {
				if err := b.add(ctx, a); err != nil {
					return rep, b.abandon(err)
				}
			}
			continue
		}
		w := walker{rep: &rep}
		w.path(input)
		if err := in.readFiles(ctx, w.files, w.bytes, b); err != nil {
			return rep, b.abandon(err)
		}
	}
	return rep, b.finish(ctx)
}

// fetchURL fetches a page or a feed and returns its articles.
func (in *Ingester) fetchURL(ctx context.Context, u string) ([]data.Article, Report) {
	var rep Report
	if in.Fetcher == nil {
		rep.fail(fetch.RedactURL(u), errors.New("fetching URLs is not configured"))
		return nil, rep
	}
	shown := fetch.RedactURL(u)
	res, err := in.Fetcher.Fetch(ctx, fetch.Request{URL: u})
	if err != nil {
		rep.fail(shown, err)
		return nil, rep
	}
	arts, isFeed, items, err := parse.Body(res.Body, res.ContentType, res.URL)
	if err != nil {
		rep.fail(shown, err)
		return nil, rep
	}
	for _, ie := range items {
		rep.fail(shown+": "+ie.Item, ie.Err)
	}
	if isFeed {
		arts, rep.Unfetched = in.completeExcerpts(ctx, arts)
	}
	return arts, rep
}

// StoreArticles holds arts to the caps (see CapArticle), stores them in
// batches and indexes those added or updated.
// A publication date that cannot be right is first replaced (see
// settleDates) and counted in the report's DateFallbacks.
func (in *Ingester) StoreArticles(ctx context.Context, arts []data.Article) (Report, error) {
	var rep Report
	b := in.newBatcher(ctx, &rep)
	b.estimate = func(int) int { return len(arts) }
	for _, a := range arts {
		if err := b.add(ctx, a); err != nil {
			return rep, b.abandon(err)
		}
	}
	return rep, b.finish(ctx)
}

// batcher stores articles in batches as they arrive and counts the
// outcomes in rep.
type batcher struct {
	// ctx is the whole ingest's, under which batches are indexed: the
	// context a batch is stored under may end first, as a file reader's
	// does.
	ctx   context.Context
	in    *Ingester
	rep   *Report
	size  int
	now   time.Time
	batch []data.Article
	// names and cuts hold, for each article in batch, its name in the
	// report and what CapArticle cut of it.
	names  []string
	cuts   []string
	bytes  int // of text in batch
	stored int
	// indexed, when not nil, receives the result of indexing the last
	// batch stored, which runs while the next one is read and stored.
	indexed chan error
	// estimate, when set, gives the total for Progress from the number
	// stored so far.
	estimate func(done int) int
}

func (in *Ingester) newBatcher(ctx context.Context, rep *Report) *batcher {
	size := in.BatchSize
	if size <= 0 {
		size = 500
	}
	return &batcher{ctx: ctx, in: in, rep: rep, size: size, now: in.now().UTC()}
}

// take adds what was read from the file p.
func (b *batcher) take(ctx context.Context, p string, it fileItem) error {
	var ie parse.ItemError
	switch {
	case it.err == nil:
		return b.addCapped(ctx, it.art, it.cut, p+": "+itemName(it.art))
	case it.skip:
		b.rep.skip(p, it.err)
	case errors.As(it.err, &ie):
		b.rep.fail(p+": "+ie.Item, ie.Err)
	default:
		// The parsers name the file in their errors; the report names it
		// once, by its path.
		r := strings.TrimPrefix(reason(it.err), filepath.Base(p)+": ")
		b.rep.Failed++
		b.rep.Failures = append(b.rep.Failures, Failure{Item: p, Reason: r})
	}
	return nil
}

// add caps a and stores it with the batch, storing the batch when full.
func (b *batcher) add(ctx context.Context, a data.Article) error {
	cut, err := b.in.CapArticle(&a)
	if err != nil {
		b.rep.fail(itemName(a), err)
		return nil
	}
	return b.addCapped(ctx, a, cut, itemName(a))
}

// maxBatchBytes bounds the text of one batch, whatever its size in
// articles, so that memory holds at most this much waiting for the store.
const maxBatchBytes = 64 << 20

// addCapped is add for an article already held to the caps, named name
// in the report.
func (b *batcher) addCapped(ctx context.Context, a data.Article, cut, name string) error {
	if a.FetchedAt.IsZero() {
		a.FetchedAt = b.now
	}
	b.batch = append(b.batch, a)
	b.cuts = append(b.cuts, cut)
	b.names = append(b.names, name)
	b.bytes += len(a.Text)
	if len(b.batch) >= b.size || b.bytes >= maxBatchBytes {
		return b.flush(ctx)
	}
	return nil
}

// finish stores and indexes what is left, and waits until it is indexed.
func (b *batcher) finish(ctx context.Context) error {
	if err := b.flush(ctx); err != nil {
		return b.abandon(err)
	}
	return b.wait()
}

// abandon waits for the batch being indexed, if any, when the ingest ends
// early with err, and returns err with the index's error, if any, joined.
func (b *batcher) abandon(err error) error {
	if werr := b.wait(); werr != nil {
		return errors.Join(err, werr)
	}
	return err
}

// wait waits for the batch being indexed, if any, and returns the index's
// error.
func (b *batcher) wait() error {
	if b.indexed == nil {
		return nil
	}
	err := <-b.indexed
	b.indexed = nil
	if err != nil {
		return fmt.Errorf("ingest: index: %w", err)
	}
	return nil
}

// flush stores the batch, and starts indexing what changed once the
// previous batch is indexed.
func (b *batcher) flush(ctx context.Context) error {
	if len(b.batch) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := b.batch
	b.rep.DateFallbacks += b.in.settleDates(ctx, batch)
	outs, errs, err := b.in.Store.PutArticles(ctx, batch)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	var changed []data.Article
	for i, o := range outs {
		if i < len(errs) && errs[i] != nil {
			b.rep.fail(b.names[i], errs[i])
			continue
		}
		if b.cuts[i] != "" {
			b.rep.Truncated++
			b.rep.Truncations = append(b.rep.Truncations, Failure{Item: b.names[i], Reason: b.cuts[i]})
		}
		switch o {
		case data.Added:
			b.rep.Added++
			changed = append(changed, batch[i])
		case data.Updated:
			b.rep.Updated++
			changed = append(changed, batch[i])
		default:
			b.rep.Unchanged++
		}
	}
	if err := b.wait(); err != nil {
		return err
	}
	if b.in.Index != nil && len(changed) > 0 {
		// Storing and indexing take about as long as each other, and
		// each uses one core: the next batch is stored while this one is
		// indexed. The articles are copies, so reusing batch is safe.
		b.indexed = make(chan error, 1)
		go func(done chan<- error) { done <- b.in.Index.Add(b.ctx, changed) }(b.indexed)
	}
	b.stored += len(batch)
	b.batch, b.names, b.cuts, b.bytes = b.batch[:0], b.names[:0], b.cuts[:0], 0
	if b.in.Progress != nil {
		total := b.stored
		if b.estimate != nil {
			total = max(total, b.estimate(b.stored))
		}
		b.in.Progress(b.stored, total)
	}
	return nil
}

func itemName(a data.Article) string {
	switch {
	case a.URL != "":
		return fetch.RedactURL(a.URL)
	case a.Title != "":
		return fmt.Sprintf("%q", a.Title)
	}
	return a.ID
}

// SeedSample stores and indexes the embedded sample corpus when the store
// holds no article yet, marked with data.SampleFeedID so that no server's
// scope includes them. It returns how many articles were added (0 when the
// store was not empty).
func (in *Ingester) SeedSample(ctx context.Context) (int, error) {
	c, err := in.Store.Counts(ctx)
	if err != nil {
		return 0, fmt.Errorf("ingest: seed: %w", err)
	}
	if c.Articles > 0 {
		return 0, nil
	}
	arts, err := SampleArticles()
	if err != nil {
		return 0, err
	}
	for i := range arts {
		arts[i].FeedID = data.SampleFeedID
	}
	rep, err := in.StoreArticles(ctx, arts)
	if err != nil {
		return 0, fmt.Errorf("ingest: seed: %w", err)
	}
	return rep.Added, nil
}

// SampleArticles parses the embedded sample corpus. Plain-text files carry
// no outlet; those in a folder are wire copy of the outlet the folder names
// ("coastal-press" is Coastal Press).
func SampleArticles() ([]data.Article, error) {
	corpus := SampleCorpus()
	var arts []data.Article
	err := fs.WalkDir(corpus, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(corpus, name)
		if err != nil {
			return err
		}
		got, items, err := parse.File(path.Base(name), b)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if len(items) > 0 {
			return fmt.Errorf("%s: %w", name, items[0])
		}
		outlet := folderOutlet(path.Dir(name))
		for i := range got {
			if got[i].Source == "" {
				got[i].Source = outlet
			}
		}
		arts = append(arts, got...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: sample corpus: %w", err)
	}
	return arts, nil
}

// folderOutlet turns a folder name such as "coastal-press" into an outlet
// name ("Coastal Press"); "." gives "".
func folderOutlet(dir string) string {
	if dir == "." {
		return ""
	}
	words := strings.Fields(strings.ReplaceAll(path.Base(dir), "-", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
