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
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/parse"
)

// Indexer is what ingesting needs of the search index (*retrieval.Index):
// Add indexes articles that the store has just stored.
type Indexer interface {
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
	// BatchSize is the number of articles per store transaction (default 500).
	BatchSize int
	// Progress, when set, is called as articles are stored.
	Progress func(done, total int)
	Now      func() time.Time
	Logger   *slog.Logger
}

// Failure is one item that could not be ingested and why.
type Failure struct {
	Item   string `json:"item"`
	Reason string `json:"reason"`
}

// Report counts what an ingest did.
type Report struct {
	Added     int       `json:"added"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Failed    int       `json:"failed"`
	Failures  []Failure `json:"failures"`
	// Unfetched counts the feed items stored with their excerpt because
	// the full-text budget or deadline ran out before their page was
	// fetched.
	Unfetched int `json:"unfetched"`
}

func (r *Report) fail(item string, err error) {
	r.Failed++
	r.Failures = append(r.Failures, Failure{Item: item, Reason: reason(err)})
}

func (r *Report) merge(o Report) {
	r.Added += o.Added
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	r.Failed += o.Failed
	r.Failures = append(r.Failures, o.Failures...)
	r.Unfetched += o.Unfetched
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

// ingestExts are the file extensions read when walking a folder.
var ingestExts = map[string]bool{
	".txt": true, ".text": true, ".md": true, ".markdown": true, ".html": true, ".htm": true,
	".json": true, ".jsonl": true, ".ndjson": true, ".xml": true, ".rss": true, ".atom": true,
}

// maxFileBytes bounds one input file.
const maxFileBytes = 512 << 20

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
// http(s) URL of a page or feed), then stores and indexes the articles.
// Per-item problems are in the report; the error is only for a failure of
// the store or index, or a cancelled ctx.
func (in *Ingester) Ingest(ctx context.Context, inputs []string) (Report, error) {
	var rep Report
	var arts []data.Article
	for _, input := range inputs {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if isURL(input) {
			got, r := in.fetchURL(ctx, input)
			arts = append(arts, got...)
			rep.merge(r)
			continue
		}
		got, r := in.readPath(input)
		arts = append(arts, got...)
		rep.merge(r)
	}
	stored, err := in.StoreArticles(ctx, arts)
	rep.merge(stored)
	return rep, err
}

func isURL(s string) bool {
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://")
}

// readPath parses a file, or every readable file under a folder.
func (in *Ingester) readPath(p string) ([]data.Article, Report) {
	var rep Report
	info, err := os.Stat(p)
	if err != nil {
		rep.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
		return nil, rep
	}
	if !info.IsDir() {
		return in.readFile(p, true)
	}
	var files []string
	err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			rep.fail(fp, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
			return nil
		}
		name := d.Name()
		if fp != p && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && ingestExts[strings.ToLower(filepath.Ext(name))] {
			files = append(files, fp)
		}
		return nil
	})
	if err != nil {
		rep.fail(p, err)
	}
	sort.Strings(files)
	var arts []data.Article
	for _, f := range files {
		got, r := in.readFile(f, false)
		arts = append(arts, got...)
		rep.merge(r)
	}
	return arts, rep
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (in *Ingester) readFile(p string, explicit bool) ([]data.Article, Report) {
	var rep Report
	info, err := os.Stat(p)
	if err == nil && info.Size() > maxFileBytes {
		rep.fail(p, fmt.Errorf("file larger than %d MiB", maxFileBytes>>20))
		return nil, rep
	}
	b, err := os.ReadFile(p)
	if err != nil {
		rep.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
		return nil, rep
	}
	arts, items, err := parse.File(filepath.Base(p), b)
	if err != nil {
		rep.fail(p, err)
		return nil, rep
	}
	for _, ie := range items {
		rep.fail(p+": "+ie.Item, ie.Err)
	}
	_ = explicit
	return arts, rep
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

// StoreArticles stores articles in batches and indexes those added or updated.
func (in *Ingester) StoreArticles(ctx context.Context, arts []data.Article) (Report, error) {
	var rep Report
	size := in.BatchSize
	if size <= 0 {
		size = 500
	}
	now := in.now().UTC()
	for i := range arts {
		if arts[i].FetchedAt.IsZero() {
			arts[i].FetchedAt = now
		}
	}
	for start := 0; start < len(arts); start += size {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		batch := arts[start:min(start+size, len(arts))]
		outs, errs, err := in.Store.PutArticles(ctx, batch)
		if err != nil {
			return rep, fmt.Errorf("ingest: %w", err)
		}
		var changed []data.Article
		for i, o := range outs {
			if i < len(errs) && errs[i] != nil {
				rep.fail(itemName(batch[i]), errs[i])
				continue
			}
			switch o {
			case data.Added:
				rep.Added++
				changed = append(changed, batch[i])
			case data.Updated:
				rep.Updated++
				changed = append(changed, batch[i])
			default:
				rep.Unchanged++
			}
		}
		if in.Index != nil && len(changed) > 0 {
			if err := in.Index.Add(ctx, changed); err != nil {
				return rep, fmt.Errorf("ingest: index: %w", err)
			}
		}
		if in.Progress != nil {
			in.Progress(min(start+size, len(arts)), len(arts))
		}
	}
	return rep, nil
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
// holds no article yet. It returns how many articles were added (0 when the
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
