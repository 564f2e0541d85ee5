package data

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
)

// Schema step 4 folds the articles stored twice under variants of one URL
// (see CanonicalURL), and re-keys every article on its canonical URL, as
// PutArticles now looks articles up. Per story it keeps the article with the
// most text: a full text before an excerpt, then the longest text, then
// the newest revision. The kept article takes, of its group's URLs, the
// first that is not an AMP or mobile edition (its own when it has one), and
// fills what it lacks (title, published time, source, authors, feed,
// fetch time) from the others, in the same order. It gets a new revision,
// so that the index catches up with its new ID. The others are deleted.
//
// Nothing in the schema refers to an article but the JSON the bot stores
// (Sources citations name articles by ID), so every string in those
// payloads that is exactly the ID of a folded or re-keyed article is
// replaced with the ID it now has. Every replaced ID is recorded in
// article_aliases, so that an ID handed out earlier (a digest's button
// in Discord) still finds its article through Store.Article.

// schemaV4 is the SQL of step 4; urlFold.run is its Go.
const schemaV4 = `
CREATE TABLE article_aliases (
	alias TEXT PRIMARY KEY,
	id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX article_aliases_id ON article_aliases(id);
`

// foldStepName names step 4, so that tests can find it.
const foldStepName = "one article for each story URL, and aliases for the IDs folded"

// urlFold is the Go half of step 4.
type urlFold struct {
	// afterGroup, when set, is called after each story's articles are
	// folded with how many stories have been; an error from it fails the
	// step. Tests use it to fail the step half way.
	afterGroup func(folded int) error
}

// foldMember is what choosing the article to keep needs of one article.
type foldMember struct {
	id, url, source string
	textLen         int
	excerptOnly     bool
	rev             int64
}

// foldGroup is the stored articles of one story, the one to keep first.
type foldGroup struct {
	id      string // the story's ID: URLID of the canonical URL
	members []foldMember
}

// run folds the stored articles; see the comment at the top of this file.
func (f urlFold) run(ctx context.Context, tx *dbTx) error {
	groups, err := foldGroups(ctx, tx)
	if err != nil {
		return err
	}
	rev, err := lockRev(ctx, tx)
	if err != nil {
		return fmt.Errorf("read revision: %w", err)
	}
	fo, err := newFolder(ctx, tx, groups)
	if err != nil {
		return err
	}
	defer fo.close()
	live := make(map[string]bool, len(groups))
	for _, g := range groups {
		live[g.id] = true
	}
	renamed := map[string]string{}
	folded := 0
	for _, g := range groups {
		if !g.needsFold() {
			continue
		}
		rev++
		if err := fo.fold(ctx, g, rev); err != nil {
			return err
		}
		for _, m := range g.members {
			if m.id != g.id {
				renamed[m.id] = g.id
			}
		}
		folded++
		if f.afterGroup != nil {
			if err := f.afterGroup(folded); err != nil {
				return err
			}
		}
	}
	// Articles whose new ID was still held when they were folded wait
	// under a temporary one (see folder.fold).
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET id = substr(id, 2) WHERE id LIKE '~%'`); err != nil {
		return fmt.Errorf("re-key articles: %w", err)
	}
	if err := recordAliases(ctx, tx, renamed, live); err != nil {
		return err
	}
	for _, t := range []struct{ table, key, payload string }{
		{"bot_sources", "key", "citations"},
		{"bot_threads", "thread_id", "history"},
	} {
		if err := repointRows(ctx, tx, t.table, t.key, t.payload, renamed); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'rev'`, rev); err != nil {
		return fmt.Errorf("write revision: %w", err)
	}
	return nil
}

// recordAliases records each old ID of renamed as an alias of its new one,
// except those that are now another story's ID (live).
func recordAliases(ctx context.Context, tx *dbTx, renamed map[string]string, live map[string]bool) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO article_aliases (alias, id) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("record aliases: %w", err)
	}
	defer ins.Close()
	for old, id := range renamed {
		if live[old] {
			continue
		}
		if _, err := ins.ExecContext(ctx, old, id); err != nil {
			return fmt.Errorf("record alias %s of %s: %w", old, id, err)
		}
	}
	return nil
}

// foldGroups reads the articles with an http(s) URL, grouped by the ID of
// their canonical URL, groups in ID order and each with the article to
// keep first.
func foldGroups(ctx context.Context, tx *dbTx) ([]foldGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, url, source, length(text), excerpt_only, rev
		FROM articles WHERE url != ''`)
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	defer rows.Close()
	byID := map[string]*foldGroup{}
	for rows.Next() {
		var m foldMember
		if err := rows.Scan(&m.id, &m.url, &m.source, &m.textLen, &m.excerptOnly, &m.rev); err != nil {
			return nil, fmt.Errorf("read articles: %w", err)
		}
		canon := CanonicalURL(m.url)
		if canon == "" {
			continue // keyed on its content, which has not changed
		}
		id := URLID(canon)
		g := byID[id]
		if g == nil {
			g = &foldGroup{id: id}
			byID[id] = g
		}
		g.members = append(g.members, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	groups := make([]foldGroup, 0, len(byID))
	for _, g := range byID {
		slices.SortFunc(g.members, keepFirst)
		groups = append(groups, *g)
	}
	slices.SortFunc(groups, func(a, b foldGroup) int { return strings.Compare(a.id, b.id) })
	return groups, nil
}

// keepFirst orders the articles of one story by how much they are worth
// keeping: a full text before an excerpt, then the longest text, then the
// newest revision (and the ID, so that the order is total).
func keepFirst(a, b foldMember) int {
	if a.excerptOnly != b.excerptOnly {
		if b.excerptOnly {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(b.textLen, a.textLen), cmp.Compare(b.rev, a.rev), strings.Compare(a.id, b.id))
}

// needsFold reports whether the story's stored articles differ from what
// PutArticles would store now: more than one, or one under another ID,
// URL or derived source.
func (g foldGroup) needsFold() bool {
	if len(g.members) > 1 {
		return true
	}
	m := g.members[0]
	return m.id != g.id || m.url != CleanURL(m.url) || rederivedSource(m.url, m.source) != m.source
}

// rederivedSource returns source, unless it is what newsbot used to derive
// from the article's URL when nothing better was known (its host without
// "www."), in which case it is what it derives now (see HostSource).
func rederivedSource(rawURL, source string) string {
	u, err := url.Parse(rawURL)
	if err != nil || source != strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") {
		return source
	}
	return HostSource(rawURL)
}

// foldRow is the columns of an article that step 4 merges.
type foldRow struct {
	title, source, authors string
	published, fetchedAt   sql.NullInt64
	feedID                 int64
}

// folder does step 4's writes, through statements prepared once.
type folder struct {
	get, del, put *sql.Stmt
	// held is the IDs that articles with a URL hold as the fold goes on.
	held map[string]bool
}

func newFolder(ctx context.Context, tx *dbTx, groups []foldGroup) (*folder, error) {
	fo := &folder{held: map[string]bool{}}
	for _, g := range groups {
		for _, m := range g.members {
			fo.held[m.id] = true
		}
	}
	var err error
	prepare := func(q string) *sql.Stmt {
		var st *sql.Stmt
		if err == nil {
			st, err = tx.PrepareContext(ctx, q)
		}
		return st
	}
	fo.get = prepare(`SELECT title, source, authors, published, fetched_at, feed_id FROM articles WHERE id = ?`)
	fo.del = prepare(`DELETE FROM articles WHERE id = ?`)
	fo.put = prepare(`UPDATE articles SET
		id = ?1, url = ?2, title = ?3, title_lower = ?4, source = ?5, authors = ?6, published = ?7,
		fetched_at = ?8, feed_id = ?9, sort_at = COALESCE(CAST(?7 AS BIGINT), CAST(?8 AS BIGINT)), rev = ?10 WHERE id = ?11`)
	if err != nil {
		fo.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return fo, nil
}

func (fo *folder) close() {
	for _, st := range []*sql.Stmt{fo.get, fo.del, fo.put} {
		if st != nil {
			st.Close()
		}
	}
}

// fold keeps the first article of g, at revision rev and under the story's
// ID, merged with the others, which it deletes. When another article still
// holds that ID (one whose stored ID disagreed with its URL; it moves away
// later in the fold), the kept article waits under "~" and the ID, which
// no ID starts with, for urlFold.run to finish its move.
func (fo *folder) fold(ctx context.Context, g foldGroup, rev int64) error {
	var merged foldRow
	shown := ""
	for i, m := range g.members {
		var r foldRow
		err := fo.get.QueryRowContext(ctx, m.id).Scan(&r.title, &r.source, &r.authors, &r.published, &r.fetchedAt, &r.feedID)
		if err != nil {
			return fmt.Errorf("read article %s: %w", m.id, err)
		}
		r.source = rederivedSource(m.url, r.source)
		if i == 0 {
			merged = r
		} else {
			merged.fill(r)
		}
		if clean := CleanURL(m.url); shown == "" && !isVariantURL(clean) {
			shown = clean
		}
	}
	keep := g.members[0]
	if shown == "" {
		shown = CleanURL(keep.url)
	}
	for _, m := range g.members[1:] {
		if _, err := fo.del.ExecContext(ctx, m.id); err != nil {
			return fmt.Errorf("delete article %s folded into %s: %w", m.id, g.id, err)
		}
		delete(fo.held, m.id)
	}
	id := g.id
	if keep.id != g.id && fo.held[g.id] {
		id = "~" + g.id
	}
	_, err := fo.put.ExecContext(ctx, id, shown, merged.title, strings.ToLower(merged.title), merged.source,
		merged.authors, merged.published, merged.fetchedAt, merged.feedID, rev, keep.id)
	if err != nil {
		return fmt.Errorf("rewrite article %s as %s: %w", keep.id, g.id, err)
	}
	delete(fo.held, keep.id)
	fo.held[id] = true
	return nil
}

// fill sets what r lacks from o.
func (r *foldRow) fill(o foldRow) {
	if r.title == "" {
		r.title = o.title
	}
	if r.source == "" {
		r.source = o.source
	}
	if r.authors == "" || r.authors == "[]" {
		r.authors = o.authors
	}
	if !r.published.Valid {
		r.published = o.published
	}
	if !r.fetchedAt.Valid {
		r.fetchedAt = o.fetchedAt
	}
	if r.feedID == 0 {
		r.feedID = o.feedID
	}
}

// repointRows replaces, in the JSON column payload of every row of table,
// each string that is a key of renamed with its value. Rows that do not
// hold JSON are left alone: their reader could not use them anyway.
func repointRows(ctx context.Context, tx *dbTx, table, key, payload string, renamed map[string]string) error {
	if len(renamed) == 0 {
		return nil
	}
	// The names are the constants urlFold.run passes, never input.
	rows, err := tx.QueryContext(ctx, `SELECT `+key+`, `+payload+` FROM `+table)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	changed := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return fmt.Errorf("read %s: %w", table, err)
		}
		if nv, ok := repointJSON(v, renamed); ok {
			changed[k] = nv
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	for k, v := range changed {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+payload+` = ? WHERE `+key+` = ?`, v, k); err != nil {
			return fmt.Errorf("re-point %s %s: %w", table, k, err)
		}
	}
	return nil
}

// repointJSON returns doc with every string in it (a value or a key) that
// is a key of renamed replaced with its value, and whether there was any.
// The rest of doc stays byte for byte: the bot reads these payloads, and
// data does not know their shape. IDs are plain ASCII, so a string equal
// to one is written as the ID in quotes; one written with escapes instead
// is left alone.
func repointJSON(doc string, renamed map[string]string) (string, bool) {
	if !json.Valid([]byte(doc)) {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	var b strings.Builder
	done, changed := 0, false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", false
		}
		s, ok := tok.(string)
		if !ok {
			continue
		}
		id, ok := renamed[s]
		if !ok {
			continue
		}
		end := int(dec.InputOffset())
		start := end - len(s) - 2
		if start < done || doc[start:end] != `"`+s+`"` {
			continue
		}
		b.WriteString(doc[done:start])
		b.WriteString(`"` + id + `"`)
		done, changed = end, true
	}
	if !changed {
		return "", false
	}
	b.WriteString(doc[done:])
	return b.String(), true
}
