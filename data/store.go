package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	// The pure-Go SQLite driver, registered as "sqlite".
	_ "modernc.org/sqlite"
)

// ErrNotFound is returned (wrapped) when a looked-up article, feed or
// setting does not exist.
var ErrNotFound = errors.New("data: not found")

// ErrExists is returned (wrapped) when adding something that is already
// there, such as a feed with the same canonical URL.
var ErrExists = errors.New("data: already exists")

// ErrEmptyArticle is the per-item error PutArticles reports for an article
// with neither a title nor any text.
var ErrEmptyArticle = errors.New("data: article has neither title nor text")

// Store is the durable source of truth: articles, feeds and bot settings in
// one SQLite database (the default) or one PostgreSQL database that several
// processes share (see Open). It is safe for concurrent use, also by
// several processes: on SQLite writers are serialised by the database and
// readers run alongside them (WAL mode); on PostgreSQL what must happen
// once (a revision, a claim) takes a lock in its transaction.
type Store struct {
	db *db
	// takes lets one TakeTokens at a time write to a SQLite store (see
	// takeTurn).
	takes chan struct{}
}

// articlePageSize is how many rows ArticlesAfter reads per query.
const articlePageSize = 256

// OpenStore opens the database at path, creating its directory and file if
// needed, and applies pending schema migrations. It fails with
// ErrSchemaTooNew when the database was written by a newer newsbot.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	return openStore(ctx, path, migrations())
}

// openStore is OpenStore with the schema's steps given, so that tests can
// make one fail.
func openStore(ctx context.Context, path string, steps []migration) (*Store, error) {
	if path == "" {
		return nil, errors.New("data: open store: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("data: open store: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("data: open store: %w", err)
	}
	sdb, err := sql.Open("sqlite", storeDSN(abs))
	if err != nil {
		return nil, fmt.Errorf("data: open store %s: %w", path, err)
	}
	s, err := openDB(ctx, &db{sql: sdb, d: sqliteDialect}, steps)
	if err != nil {
		return nil, fmt.Errorf("data: open store %s: %w", path, err)
	}
	return s, nil
}

// openDB checks that db answers and migrates it; on failure it closes db.
func openDB(ctx context.Context, db *db, steps []migration) (*Store, error) {
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, err
	}
	if err := migrate(ctx, db, steps); err != nil {
		db.sql.Close()
		return nil, err
	}
	return &Store{db: db, takes: make(chan struct{}, 1)}, nil
}

// storeDSN returns the driver's name for the database file at abs: a file:
// URI (so any '?' or '%' in the path is escaped) with the connection pragmas.
// Every transaction begins IMMEDIATE: all of the store's transactions write,
// and taking the write lock up front lets busy_timeout do its job instead of
// failing a read-to-write upgrade with SQLITE_BUSY.
func storeDSN(abs string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	if !strings.HasPrefix(u.Path, "/") {
		// Windows: file:///C:/dir/file.db
		u.Path = "/" + u.Path
	}
	return u.String()
}

// Close closes the database, checkpointing its write-ahead log.
func (s *Store) Close() error {
	if err := s.db.sql.Close(); err != nil {
		return fmt.Errorf("data: close store: %w", err)
	}
	return nil
}

// Outcome says what PutArticles did with one article.
type Outcome int

// The outcomes of PutArticles.
const (
	// Unchanged: the article was already stored with the same content (or
	// was rejected; see the per-item error).
	Unchanged Outcome = iota
	// Added: the article is new.
	Added
	// Updated: the article existed and its content changed.
	Updated
)

// String returns "unchanged", "added" or "updated".
func (o Outcome) String() string {
	switch o {
	case Unchanged:
		return "unchanged"
	case Added:
		return "added"
	case Updated:
		return "updated"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// articleRow is an article as stored: the column values that decide whether
// a stored article changed.
type articleRow struct {
	url, title, text, source, authors string
	published                         sql.NullInt64
	excerptOnly                       bool
	rev                               int64
}

func rowOf(a *Article) (articleRow, error) {
	authors := "[]"
	if len(a.Authors) > 0 {
		b, err := json.Marshal(a.Authors)
		if err != nil {
			return articleRow{}, err
		}
		authors = string(b)
	}
	return articleRow{
		url: a.URL, title: a.Title, text: a.Text, source: a.Source, authors: authors,
		published: nullTime(a.Published), excerptOnly: a.ExcerptOnly,
	}, nil
}

func (r articleRow) sameContent(o articleRow) bool {
	return r.url == o.url && r.title == o.title && r.text == o.text && r.source == o.source &&
		r.authors == o.authors && r.published == o.published && r.excerptOnly == o.excerptOnly
}

// PutArticles stores arts in one transaction. Each article is normalised in
// place (see Article.Normalize) and compared with the stored article of the
// same ID, which any variant of its URL has (see CanonicalURL): it is Added
// when new, Unchanged when its title, text, published time, source,
// authors, URL and excerpt flag are the same, and Updated otherwise, except
// that an excerpt never replaces a stored full text (that is Unchanged too).
// A stored article keeps the URL it was first stored with, unless that was
// an AMP or mobile edition and the new one is not; the article's URL is set
// in place to the one kept. Added and Updated articles get the next
// revision of the store's counter; after a successful commit arts[i].Rev
// holds the stored revision of every accepted article.
//
// An article with neither title nor text is skipped with ErrEmptyArticle in
// its slot of the per-item errors. The final error is non-nil only when the
// transaction failed, in which case nothing was stored.
func (s *Store) PutArticles(ctx context.Context, arts []Article) ([]Outcome, []error, error) {
	outs := make([]Outcome, len(arts))
	errs := make([]error, len(arts))
	revs := make([]int64, len(arts))
	if len(arts) == 0 {
		return outs, errs, nil
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("data: put articles: begin: %w", err)
	}
	defer tx.Rollback()

	rev, err := lockRev(ctx, tx)
	if err != nil {
		return nil, nil, fmt.Errorf("data: put articles: read revision: %w", err)
	}
	firstRev := rev
	st, err := prepareArticleStmts(ctx, tx)
	if err != nil {
		return nil, nil, fmt.Errorf("data: put articles: %w", err)
	}
	defer st.close()

	for i := range arts {
		out, r, itemErr, err := st.put(ctx, &arts[i], &rev)
		if err != nil {
			return nil, nil, fmt.Errorf("data: put articles: %w", err)
		}
		if itemErr != nil {
			errs[i] = fmt.Errorf("data: put article %d: %w", i, itemErr)
			continue
		}
		outs[i], revs[i] = out, r
	}

	if _, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'rev'`, rev); err != nil {
		return nil, nil, fmt.Errorf("data: put articles: write revision: %w", err)
	}
	if rev != firstRev {
		if err := recordCommit(ctx, tx, rev); err != nil {
			return nil, nil, fmt.Errorf("data: put articles: record commit: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("data: put articles: commit: %w", err)
	}
	for i := range arts {
		if errs[i] == nil {
			arts[i].Rev = revs[i]
		}
	}
	return outs, errs, nil
}

// articleStmts are the statements PutArticles runs for each article.
type articleStmts struct {
	get, write *sql.Stmt
}

func prepareArticleStmts(ctx context.Context, tx *dbTx) (*articleStmts, error) {
	get, err := tx.PrepareContext(ctx, `SELECT url, title, text, source, authors, published, excerpt_only, rev
		FROM articles WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	put, err := tx.PrepareContext(ctx, `INSERT INTO articles
		(id, url, title, title_lower, text, published, source, authors, feed_id, fetched_at, excerpt_only, sort_at, rev)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, COALESCE(CAST(?6 AS BIGINT), CAST(?10 AS BIGINT)), ?12)
		ON CONFLICT(id) DO UPDATE SET
			url = excluded.url, title = excluded.title, title_lower = excluded.title_lower,
			text = excluded.text, published = excluded.published, source = excluded.source,
			authors = excluded.authors,
			feed_id = CASE WHEN excluded.feed_id = 0 THEN articles.feed_id ELSE excluded.feed_id END,
			fetched_at = COALESCE(excluded.fetched_at, articles.fetched_at),
			excerpt_only = excluded.excerpt_only,
			sort_at = COALESCE(excluded.published, excluded.fetched_at, articles.fetched_at),
			rev = excluded.rev`)
	if err != nil {
		get.Close()
		return nil, err
	}
	return &articleStmts{get: get, write: put}, nil
}

func (st *articleStmts) close() {
	st.get.Close()
	st.write.Close()
}

// put normalises a and writes it unless the store holds it unchanged,
// taking the next revision from *rev when it writes. It returns what
// became of it and its revision; itemErr is a fault of the article alone
// (empty, or a field that cannot be stored), err a failure of the store.
func (st *articleStmts) put(ctx context.Context, a *Article, rev *int64) (out Outcome, r int64, itemErr, err error) {
	a.Normalize()
	if a.Title == "" && a.Text == "" {
		return 0, 0, ErrEmptyArticle, nil
	}
	row, err := rowOf(a)
	if err != nil {
		return 0, 0, err, nil
	}
	var old articleRow
	err = st.get.QueryRowContext(ctx, a.ID).Scan(&old.url, &old.title, &old.text, &old.source,
		&old.authors, &old.published, &old.excerptOnly, &old.rev)
	if err == nil && CanonicalURL(a.URL) != "" {
		// Another spelling of the stored article's URL: the article keeps
		// the URL it is shown with (see displayURL).
		a.URL = displayURL(old.url, a.URL)
		row.url = a.URL
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		out = Added
	case err != nil:
		return 0, 0, nil, fmt.Errorf("read %s: %w", a.ID, err)
	case row.sameContent(old) || (row.excerptOnly && !old.excerptOnly):
		return Unchanged, old.rev, nil, nil
	default:
		out = Updated
	}
	*rev++
	if _, err := st.write.ExecContext(ctx, a.ID, row.url, row.title, strings.ToLower(row.title), row.text,
		row.published, row.source, row.authors, a.FeedID, nullTime(a.FetchedAt), row.excerptOnly, *rev); err != nil {
		return 0, 0, nil, fmt.Errorf("write %s: %w", a.ID, err)
	}
	return out, *rev, nil, nil
}

const articleColumns = `id, url, title, text, published, source, authors, feed_id, fetched_at, excerpt_only, rev`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanArticle(sc scanner) (Article, error) {
	var (
		a                    Article
		published, fetchedAt sql.NullInt64
		authors              string
	)
	if err := sc.Scan(&a.ID, &a.URL, &a.Title, &a.Text, &published, &a.Source, &authors,
		&a.FeedID, &fetchedAt, &a.ExcerptOnly, &a.Rev); err != nil {
		return Article{}, err
	}
	a.Published, a.FetchedAt = timeOf(published), timeOf(fetchedAt)
	if authors != "" && authors != "[]" {
		if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
			return Article{}, fmt.Errorf("authors of %s: %w", a.ID, err)
		}
	}
	return a, nil
}

// Article returns the article with the given ID, or ErrNotFound. An ID that
// an article had before it was folded into another or re-keyed (see
// migrate_fold.go) returns the article it became, under its new ID.
func (s *Store) Article(ctx context.Context, id string) (Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE id = COALESCE((SELECT id FROM articles WHERE id = ?1),
			(SELECT id FROM article_aliases WHERE alias = ?1))`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Article{}, fmt.Errorf("data: article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Article{}, fmt.Errorf("data: article %s: %w", id, err)
	}
	return a, nil
}

// ArticleByURL returns the article stored under any variant of rawURL (see
// CanonicalURL), or ErrNotFound (also when rawURL is not an http(s) URL).
func (s *Store) ArticleByURL(ctx context.Context, rawURL string) (Article, error) {
	canon := CanonicalURL(rawURL)
	if canon == "" {
		return Article{}, fmt.Errorf("data: article by URL %q: not an http(s) URL: %w", rawURL, ErrNotFound)
	}
	a, err := scanArticle(s.db.QueryRowContext(ctx,
		`SELECT `+articleColumns+` FROM articles WHERE id = ?`, URLID(canon)))
	if errors.Is(err, sql.ErrNoRows) {
		return Article{}, fmt.Errorf("data: article by URL %s: %w", canon, ErrNotFound)
	}
	if err != nil {
		return Article{}, fmt.Errorf("data: article by URL %s: %w", canon, err)
	}
	return a, nil
}

// ArticlesAfter calls fn for every article whose Rev is greater than rev,
// in increasing Rev order, and stops at the first error fn returns, which it
// returns unchanged. It reads the articles a page at a time and holds no
// transaction while fn runs, so fn may call the Store, including writes; an
// article updated during the walk is visited again at its new revision.
func (s *Store) ArticlesAfter(ctx context.Context, rev int64, fn func(Article) error) error {
	page := make([]Article, 0, articlePageSize)
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("data: articles after %d: %w", rev, err)
		}
		page = page[:0]
		rows, err := s.db.QueryContext(ctx,
			`SELECT `+articleColumns+` FROM articles WHERE rev > ? ORDER BY rev LIMIT ?`, rev, articlePageSize)
		if err != nil {
			return fmt.Errorf("data: articles after %d: %w", rev, err)
		}
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("data: articles after %d: %w", rev, err)
			}
			page = append(page, a)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("data: articles after %d: %w", rev, err)
		}
		for _, a := range page {
			if err := fn(a); err != nil {
				return err
			}
			rev = a.Rev
		}
		if len(page) < articlePageSize {
			return nil
		}
	}
}

// MaxRev returns the store's latest revision: the Rev of the most recently
// added or updated article, 0 for an empty store.
func (s *Store) MaxRev(ctx context.Context) (int64, error) {
	var rev int64
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'rev'`).Scan(&rev); err != nil {
		return 0, fmt.Errorf("data: max rev: %w", err)
	}
	return rev, nil
}

// RecentArticles returns the articles published in [since, until), newest
// first, at most limit of them (all when limit <= 0). An article without a
// published time counts at its FetchedAt; one with neither is never recent.
// A zero since or until leaves that end of the window open.
func (s *Store) RecentArticles(ctx context.Context, since, until time.Time, limit int) ([]Article, error) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !since.IsZero() {
		lo = unixNanos(since)
	}
	if !until.IsZero() {
		hi = unixNanos(until)
	}
	arts, err := s.queryArticles(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE sort_at >= ? AND sort_at < ? ORDER BY sort_at DESC, rev DESC LIMIT ?`, lo, hi, sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("data: recent articles: %w", err)
	}
	return arts, nil
}

// Headlines returns up to limit articles (all when limit <= 0) whose title
// contains contains, ignoring case and runs of white space, newest first:
// suggestions for Discord autocomplete. An empty contains matches every
// titled article. feedIDs limits the articles to those feeds' (nil means
// every feed), so that a server is offered only its own headlines.
func (s *Store) Headlines(ctx context.Context, contains string, feedIDs []int64, limit int) ([]Article, error) {
	needle := strings.ToLower(strings.Join(strings.Fields(contains), " "))
	in, args := feedFilter(feedIDs)
	// A substring test rather than LIKE: LIKE folds ASCII only and treats %
	// and _ as wildcards; title_lower was lower-cased by Go, which knows
	// Unicode.
	arts, err := s.queryArticles(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE title_lower != '' AND `+s.db.d.contains("title_lower")+in+`
		ORDER BY sort_at DESC NULLS LAST, rev DESC LIMIT ?`, append(append([]any{needle}, args...), sqlLimit(limit))...)
	if err != nil {
		return nil, fmt.Errorf("data: headlines %q: %w", contains, err)
	}
	return arts, nil
}

func (s *Store) queryArticles(ctx context.Context, query string, args ...any) ([]Article, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var arts []Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		arts = append(arts, a)
	}
	return arts, rows.Err()
}

// Counts summarises the store's contents.
type Counts struct {
	Articles, ExcerptOnly, Feeds, DisabledFeeds int
	MaxRev                                      int64
}

// Counts returns how many articles (and excerpt-only ones), feeds (and
// disabled ones) the store holds, and its latest revision.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM articles),
		(SELECT COUNT(*) FROM articles WHERE excerpt_only),
		(SELECT COUNT(*) FROM feeds),
		(SELECT COUNT(*) FROM feeds WHERE disabled),
		(SELECT value FROM counters WHERE name = 'rev')`).
		Scan(&c.Articles, &c.ExcerptOnly, &c.Feeds, &c.DisabledFeeds, &c.MaxRev)
	if err != nil {
		return Counts{}, fmt.Errorf("data: counts: %w", err)
	}
	return c, nil
}

// sqlLimit returns limit as the value of a LIMIT clause: itself when
// positive, else no limit (both databases take the largest int64 as none;
// SQLite's -1 is an error to PostgreSQL).
func sqlLimit(limit int) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return int64(limit)
}

// lockRev reads the revision counter in tx and locks it until tx ends, so
// that transactions writing revisions take turns: each one's revisions
// follow the last committed one's, and a reader never sees revision N+1
// before N. SQLite's IMMEDIATE transactions take turns anyway; the UPDATE
// is what makes PostgreSQL hold the row.
func lockRev(ctx context.Context, tx *dbTx) (int64, error) {
	var rev int64
	err := tx.QueryRowContext(ctx, `UPDATE counters SET value = value WHERE name = 'rev' RETURNING value`).Scan(&rev)
	return rev, err
}

// deleteOne runs a DELETE that must remove a row, failing with ErrNotFound
// (prefixed by what) when it removed none.
func (s *Store) deleteOne(ctx context.Context, what, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// unixNanos returns t as unix nanoseconds, clamped to the int64 range
// (years 1678 to 2262); no news article lies outside it.
func unixNanos(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// nullTime returns t as stored: unix nanoseconds, NULL for the zero time.
func nullTime(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: unixNanos(t), Valid: true}
}

// timeOf is the inverse of nullTime; it returns UTC times.
func timeOf(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}
