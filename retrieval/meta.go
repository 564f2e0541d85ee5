package retrieval

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsbot/newsbot/data"
)

// articleMeta is what a result shows of an article besides its passages.
type articleMeta struct {
	url, title, source string
	feed               int64
	pub                time.Time
}

// metaCache keeps the metadata of the articles searches have met, so that
// a search loads no stored field but the text of the passages it shows.
// Add fills it too. It holds about 250 bytes per article, for at most
// maxMetaEntries articles: past that, an arbitrary one makes room (a
// year of a few hundred feeds is a million articles, most never asked
// about again).
type metaCache struct {
	mu sync.RWMutex
	m  map[string]articleMeta
}

func (c *metaCache) get(id string) (articleMeta, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	m, ok := c.m[id]
	return m, ok
}

// maxMetaEntries bounds the articles a metaCache holds: about 60 MB.
const maxMetaEntries = 200000

func (c *metaCache) put(id string, m articleMeta) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]articleMeta)
	}
	if _, ok := c.m[id]; !ok && len(c.m) >= maxMetaEntries {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[id] = m
}

func (c *metaCache) remove(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}

func (c *metaCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = nil
}

func metaOf(a *data.Article) articleMeta {
	m := articleMeta{url: a.URL, title: a.Title, source: a.Source, feed: a.FeedID}
	if !a.Published.IsZero() {
		m.pub = a.Published.UTC().Truncate(time.Second)
	}
	return m
}

// metaFieldNames are the stored fields metaFromHit reads.
var metaFieldNames = []string{fieldHead, fieldURL, fieldSource, fieldFeedID, fieldPub}

func metaFromHit(h *search.DocumentMatch) articleMeta {
	m := articleMeta{
		url:    stringField(h, fieldURL),
		title:  stringField(h, fieldHead),
		source: stringField(h, fieldSource),
	}
	m.feed, _ = strconv.ParseInt(stringField(h, fieldFeedID), 10, 64)
	if s := stringField(h, fieldPub); s != "" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			m.pub = t
		}
	}
	return m
}

func stringField(h *search.DocumentMatch, name string) string {
	s, _ := h.Fields[name].(string)
	return s
}

// lookup returns the metadata of the articles ids, loading from their
// title documents those the cache lacks, in one search.
func (c *metaCache) lookup(ctx context.Context, idx bleve.Index, ids []string) (map[string]articleMeta, error) {
	out := make(map[string]articleMeta, len(ids))
	var missing []string
	for _, id := range ids {
		if m, ok := c.get(id); ok {
			out[id] = m
		} else {
			missing = append(missing, docID(id, titleOrd))
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(missing), len(missing), 0, false)
	req.Fields = metaFieldNames
	req.Score = "none"
	sr, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("retrieval: load articles: %w", err)
	}
	for _, h := range sr.Hits {
		id, _ := splitDocID(h.ID)
		m := metaFromHit(h)
		c.put(id, m)
		out[id] = m
	}
	return out, nil
}

// split is an article's text and its first passages, as far as a search
// needed them.
type split struct {
	text     string
	passages []Passage
}

// passageTexts sets the Text of passages from their articles' text in the
// store, split as the index split it. splits holds the articles read so
// far by one search, so that each is read once and split only as far as
// its passages shown need. A passage whose article the store no longer has
// keeps no text.
func (ix *Index) passageTexts(ctx context.Context, ps []*Passage, splits map[string]*split) error {
	var ids []string
	for _, p := range ps {
		if _, ok := splits[p.ArticleID]; !ok {
			splits[p.ArticleID] = nil
			ids = append(ids, p.ArticleID)
		}
	}
	if len(ids) > 0 {
		texts, err := ix.texts.ArticleTexts(ctx, ids)
		if err != nil {
			return fmt.Errorf("retrieval: load passages: %w", err)
		}
		for _, id := range ids {
			if text, ok := texts[id]; ok {
				splits[id] = &split{text: text}
			}
		}
	}
	for _, p := range ps {
		s := splits[p.ArticleID]
		if s == nil {
			continue
		}
		if p.Ord >= len(s.passages) {
			s.passages = firstPassages(p.ArticleID, s.text, p.Ord+1)
		}
		if p.Ord < len(s.passages) {
			p.Text = s.passages[p.Ord].Text
		}
	}
	return nil
}
