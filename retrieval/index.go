package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsbot/newsbot/data"
)

// ErrLocked is returned by Open when another process holds the index.
var ErrLocked = errors.New("retrieval: the index is in use by another newsbot process")

// lockWait is how long Open waits for another process to release the index
// before it gives up with ErrLocked.
const lockWait = "300ms"

// persistWait bounds how long Close waits for the last batch to reach the
// disk. Batches return once searchable and are written in the background;
// what a crash loses, CatchUp restores, as the recorded rev is written only
// after the documents it covers.
const persistWait = time.Minute

// indexDirName is the folder, inside the directory given to Open, that holds
// the bleve index. Keeping it one level down means a rebuild only ever
// removes files this package wrote.
const indexDirName = "passages.bleve"

// Keys of the values the index keeps next to its documents.
const (
	keyVersion = "newsbot:mapping_version"
	keyRev     = "newsbot:rev"
	// keyStoreID and keyRevToken say which store, and which point of its
	// history, the documents up to keyRev come from (see belongs).
	keyStoreID  = "newsbot:store_id"
	keyRevToken = "newsbot:rev_token"
)

// Options tunes an Index.
type Options struct {
	// Progress, when set, is called during Rebuild and CatchUp with the
	// number of articles indexed so far and an estimate of the total.
	Progress func(done, total int)
}

// ArticleSource is what the index needs of the store (*data.Store has
// exactly these methods).
type ArticleSource interface {
	// ArticlesAfter calls fn for every article whose Rev is greater than
	// rev, in increasing Rev order, and stops at the first error fn
	// returns, which it returns unchanged. Its other errors are the
	// store's, ctx ending among them.
	ArticlesAfter(ctx context.Context, rev int64, fn func(data.Article) error) error
	// MaxRev returns the highest Rev in the store, 0 when it is empty. Its
	// errors are the store's.
	MaxRev(ctx context.Context) (int64, error)
}

// StoreHistory is what the index needs to tell whether it still belongs to
// the store (*data.Store has exactly these methods).
type StoreHistory interface {
	// StoreID returns the store's identity, made when it was created.
	StoreID(ctx context.Context) (string, error)
	// RevToken returns the token of the commit that wrote rev, equal in two
	// stores exactly when they share their history up to rev, or "" when
	// the store has not reached rev or keeps no record of its commit.
	RevToken(ctx context.Context, rev int64) (string, error)
	// MaxRev returns the highest Rev in the store, 0 when it is empty.
	MaxRev(ctx context.Context) (int64, error)
}

// Store is what Open needs of the store: the text of passages and the
// store's identity and history (*data.Store is one).
type Store interface {
	TextSource
	StoreHistory
}

// TextSource is what search needs of the store to show results: the text
// and the metadata of articles, by ID, of those it holds (*data.Store has
// these methods). The index keeps neither: the store has them already, an
// index of terms alone is less than two thirds the size, and what a search
// reads of the index's memory-mapped files stays in memory, where the
// store's reads do not.
type TextSource interface {
	// ArticleTexts returns the text of each of ids that the store holds,
	// by ID; an ID it does not hold is left out of the map, which is not
	// an error. Its errors are the store's.
	ArticleTexts(ctx context.Context, ids []string) (map[string]string, error)
	// Article returns the article with the given ID, or the article it
	// became when it was folded into another, or an error wrapping
	// data.ErrNotFound when the store has neither. Its other errors are
	// the store's.
	Article(ctx context.Context, id string) (data.Article, error)
}

// Index is the bleve index of article passages. It is a cache of the store:
// it can always be rebuilt from it. Its methods are safe for concurrent use.
type Index struct {
	dir     string
	opts    Options
	texts   TextSource
	history StoreHistory

	// mu guards idx (swapped by Rebuild) and serialises writers, so that
	// the passage counts and the recorded rev stay consistent.
	mu      sync.RWMutex
	writeMu sync.Mutex
	idx     bleve.Index
	// compactMu is held while the index is compacted (see compact).
	compactMu sync.Mutex
	// warm reads new segments for searches (see warmer).
	warm *warmer

	meta   metaCache
	scorer termScorer
	// sinceCompact counts the articles indexed since the index was last
	// compacted (see Tidy); guarded by writeMu.
	sinceCompact int
	params       rankParams
	// persisted gets the persistence result of the last batch written;
	// guarded by writeMu.
	persisted chan error

	rebuilt bool
	reason  string
}

// State describes an open index.
type State struct {
	Path string
	// Rebuilt is true when Open found no usable index and created an empty
	// one; Reason says why.
	Rebuilt bool
	Reason  string
	// Passages is the number of passage documents, Articles the number of
	// articles they come from.
	Passages uint64
	Articles int
	// IndexedRev is the highest store Rev indexed.
	IndexedRev int64
	SizeBytes  int64
}

// Open opens or creates the index in dir for the store st, whose searches
// take the text of passages from it. A missing, corrupt or outdated (built
// with another MappingVersion) index is removed and recreated empty, and
// State reports that; so is an index that no longer belongs to st: built
// from another store (the database was deleted or replaced), or from a
// history st does not share (the database was restored from an older copy,
// or reset). An index that is only behind st is kept for CatchUp. When
// another process holds the index, Open fails at once with ErrLocked.
func Open(ctx context.Context, dir string, st Store, opts Options) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("retrieval: open index: %w", err)
	}
	if st == nil {
		return nil, errors.New("retrieval: open index: no store")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("retrieval: open index: %w", err)
	}
	ix := &Index{dir: dir, opts: opts, texts: st, history: st, params: defaultRankParams()}
	path := ix.path()
	idx, reason, err := openExisting(path)
	if err != nil {
		return nil, err
	}
	if idx != nil {
		if reason, err = belongs(ctx, idx, st); err != nil || reason != "" {
			idx.Close()
			idx = nil
		}
		if err != nil {
			return nil, err
		}
	}
	if idx == nil {
		if err := os.RemoveAll(path); err != nil {
			return nil, fmt.Errorf("retrieval: remove unusable index: %w", err)
		}
		if idx, err = create(path); err != nil {
			return nil, err
		}
		ix.rebuilt, ix.reason = true, reason
	}
	ix.idx = idx
	ix.startWarmer()
	return ix, nil
}

// belongs returns why idx is not a cache of st, or "" when it is: what it
// holds came from st, up to a revision where st's history is the one idx
// recorded. An index behind st belongs to it; CatchUp brings it up to date.
func belongs(ctx context.Context, idx bleve.Index, st StoreHistory) (string, error) {
	rev, err := indexedRev(idx)
	if err != nil {
		return "", err
	}
	if rev == 0 {
		// Nothing recorded: only an empty index is a cache of any store.
		if n, err := idx.DocCount(); err != nil || n > 0 {
			return "index holds passages of no recorded store revision", nil
		}
		return "", nil
	}
	id, err := st.StoreID(ctx)
	if err != nil {
		return "", fmt.Errorf("retrieval: open index: %w", err)
	}
	recorded, err := idx.GetInternal([]byte(keyStoreID))
	if err != nil {
		return fmt.Sprintf("index unreadable (%v)", err), nil
	}
	switch string(recorded) {
	case "":
		return "index does not say which store it was built from", nil
	case id:
	default:
		return "index was built from another store (the database was deleted or replaced)", nil
	}
	top, err := st.MaxRev(ctx)
	if err != nil {
		return "", fmt.Errorf("retrieval: open index: %w", err)
	}
	if top < rev {
		return fmt.Sprintf("store is behind the index (revision %d of %d; the database was restored from an older copy or reset)", top, rev), nil
	}
	token, err := st.RevToken(ctx, rev)
	if err != nil {
		return "", fmt.Errorf("retrieval: open index: %w", err)
	}
	recorded, err = idx.GetInternal([]byte(keyRevToken))
	if err != nil {
		return fmt.Sprintf("index unreadable (%v)", err), nil
	}
	// An empty recorded token is revisions the store wrote without a
	// commit record (by hand, or by a schema step); only the check above
	// applies to them.
	if len(recorded) > 0 && token != string(recorded) {
		return "store's history differs from the index's (the database was restored from an older copy)", nil
	}
	return "", nil
}

func (ix *Index) path() string { return filepath.Join(ix.dir, indexDirName) }

// runtimeConfig is bleve's configuration of the index. Its merge policy
// merges twenty segments a tier, twice bleve's default width: each merge
// rewrites the documents it takes, and the fewer the tiers, the fewer
// times a document is rewritten before compaction. Four a tier cost about
// a third of the ingest rate at 100,000 articles, and twenty against ten
// gave 1,620 against 1,292 articles a second (bench index, 100k, the
// machine shared), with the same search times once compacted; a search's
// cost for each more segment is a lookup of its terms there.
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout": lockWait,
		"unsafe_batch": true,
		"scorchMergePlanOptions": map[string]interface{}{
			"MaxSegmentsPerTier":   20,
			"SegmentsPerMergeTask": 20,
			"FloorSegmentSize":     20000,
		},
	}
}

// openExisting opens the index at path. It returns a nil index and the
// reason when the index must be recreated, and an error (ErrLocked) only
// when it must not be touched.
func openExisting(path string) (bleve.Index, string, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, "no index yet", nil
	}
	idx, err := openBleve(path)
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, "", ErrLocked
		}
		return nil, fmt.Sprintf("index unreadable (%v)", err), nil
	}
	v, err := idx.GetInternal([]byte(keyVersion))
	if err != nil {
		idx.Close()
		return nil, fmt.Sprintf("index unreadable (%v)", err), nil
	}
	if string(v) != strconv.Itoa(MappingVersion) {
		idx.Close()
		if len(v) == 0 {
			return nil, "index has no mapping version", nil
		}
		return nil, fmt.Sprintf("index mapping version %s, want %d", v, MappingVersion), nil
	}
	if _, err := idx.DocCount(); err != nil {
		idx.Close()
		return nil, fmt.Sprintf("index unreadable (%v)", err), nil
	}
	if _, err := idx.GetInternal([]byte(keyRev)); err != nil {
		idx.Close()
		return nil, fmt.Sprintf("index unreadable (%v)", err), nil
	}
	return idx, "", nil
}

// openBleve opens the bleve index at path. Bleve's segment reader panics
// on some damaged files; that is reported as an error.
func openBleve(path string) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("damaged index: %v", r)
		}
	}()
	return bleve.OpenUsing(path, runtimeConfig())
}

// create makes an empty index at path, stamped with MappingVersion.
func create(path string) (bleve.Index, error) {
	idx, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("retrieval: create index: %w", err)
	}
	b := idx.NewBatch()
	b.SetInternal([]byte(keyVersion), []byte(strconv.Itoa(MappingVersion)))
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("retrieval: create index: %w", err)
	}
	if err := waitPersisted(persisted); err != nil {
		idx.Close()
		return nil, fmt.Errorf("retrieval: create index: %w", err)
	}
	return idx, nil
}

// waitPersisted waits for a batch's persisted callback, for at most
// persistWait. A nil channel is a batch already on disk.
func waitPersisted(persisted <-chan error) error {
	if persisted == nil {
		return nil
	}
	t := time.NewTimer(persistWait)
	defer t.Stop()
	select {
	case err := <-persisted:
		return err
	case <-t.C:
		return errors.New("index writes still not on disk after " + persistWait.String())
	}
}

// Close writes what the index still holds in memory, closes it and
// releases its lock.
func (ix *Index) Close() error {
	// The warmer reads segments under the read lock: stopped first, it
	// cannot hold Close up.
	ix.stopWarmer()
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	perr := waitPersisted(ix.persisted)
	ix.persisted = nil
	err := ix.idx.Close()
	ix.idx = nil
	if err == nil {
		err = perr
	}
	if err != nil {
		return fmt.Errorf("retrieval: close index: %w", err)
	}
	return nil
}

// Compact merges the index's segments into one. Bleve keeps merging in
// the background as batches arrive, but leaves an index with several
// segments, each of which a search looks up every term in; after a bulk
// load, one segment makes searches faster. Writers are not held up while
// it runs: bleve merges a snapshot's segments while new batches land in
// segments of their own.
func (ix *Index) Compact(ctx context.Context) error {
	ix.writeMu.Lock()
	counted := ix.sinceCompact
	ix.writeMu.Unlock()
	return ix.compact(ctx, counted)
}

// bulkArticles is how many articles must have been indexed since the last
// compaction for Tidy to compact the index: about a minute of indexing
// work, so compacting, which rewrites the whole index, costs a fraction of
// it.
const bulkArticles = 5000

// Tidy compacts the index when bulkArticles or more articles have been
// indexed since it was last compacted by this process, and does nothing
// otherwise. A bulk load calls it at its end (CatchUp and Rebuild do so by
// themselves); a long-running process calls it now and then.
func (ix *Index) Tidy(ctx context.Context) error {
	ix.writeMu.Lock()
	counted := ix.sinceCompact
	ix.writeMu.Unlock()
	if counted < bulkArticles {
		return nil
	}
	return ix.compact(ctx, counted)
}

// maxCompactDocs bounds the documents of a segment that compacting makes
// (about 350,000 articles): the older news of a large index is merged once
// into segments that only deletions change, and compacting merges the new
// ones, instead of rewriting the whole index every bulkArticles.
const maxCompactDocs = 2_000_000

// compactPlan is bleve's single-segment plan, with segments of at most
// maxCompactDocs.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.MaxSegmentSize = maxCompactDocs
	return o
}()

// compact merges the segments of the index into one, and takes counted,
// the articles indexed before it began, off sinceCompact. compactMu keeps
// two from running at once, which bleve refuses.
func (ix *Index) compact(ctx context.Context, counted int) error {
	ix.compactMu.Lock()
	defer ix.compactMu.Unlock()
	idx, err := ix.current()
	if err != nil {
		return err
	}
	ai, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("retrieval: compact: %w", err)
	}
	s, ok := ai.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(ctx, &compactPlan); err != nil {
		return fmt.Errorf("retrieval: compact: %w", err)
	}
	ix.writeMu.Lock()
	ix.sinceCompact = max(ix.sinceCompact-counted, 0)
	ix.writeMu.Unlock()
	return nil
}

// errClosed is returned by the methods of a closed Index.
var errClosed = errors.New("retrieval: the index is closed")

// current returns the open bleve index, or an error after Close.
func (ix *Index) current() (bleve.Index, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	return ix.idx, nil
}

// State reports what the index holds.
func (ix *Index) State(ctx context.Context) (State, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	idx := ix.idx
	if idx == nil {
		return State{}, errClosed
	}
	var err error
	st := State{Path: ix.path(), Rebuilt: ix.rebuilt, Reason: ix.reason}
	if st.Passages, err = idx.DocCount(); err != nil {
		return State{}, fmt.Errorf("retrieval: count passages: %w", err)
	}
	if st.IndexedRev, err = indexedRev(idx); err != nil {
		return State{}, err
	}
	n, err := termDF(ctx, idx, fieldLead, flagYes)
	if err != nil {
		return State{}, err
	}
	st.Articles = int(n)
	st.SizeBytes = dirSize(ix.path())
	return st, nil
}

// indexedRev reads the highest store Rev recorded in idx.
func indexedRev(idx bleve.Index) (int64, error) {
	v, err := idx.GetInternal([]byte(keyRev))
	if err != nil {
		return 0, fmt.Errorf("retrieval: read indexed rev: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	rev, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("retrieval: read indexed rev: %w", err)
	}
	return rev, nil
}

// dirSize is the total size of the files under path.
func dirSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n += info.Size()
		}
		return nil
	})
	return n
}
