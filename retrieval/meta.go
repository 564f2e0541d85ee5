package retrieval

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

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

// lookup returns the metadata of the articles ids, loading from their
// title documents those the cache lacks.
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
	// The title documents' stored fields, read directly: a search for
	// them costs several times as much in bleve's machinery.
	ai, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("retrieval: load articles: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, fmt.Errorf("retrieval: load articles: %w", err)
	}
	defer r.Close()
	for _, did := range missing {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, err := r.Document(did)
		if err != nil {
			return nil, fmt.Errorf("retrieval: load articles: %w", err)
		}
		if doc == nil {
			continue
		}
		id, _ := splitDocID(did)
		m := metaFromDoc(doc)
		c.put(id, m)
		out[id] = m
	}
	return out, nil
}

// metaFromDoc reads an article's metadata from the stored fields of its
// title document.
func metaFromDoc(doc index.Document) articleMeta {
	var m articleMeta
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case fieldURL:
			m.url = string(f.Value())
		case fieldHead:
			m.title = string(f.Value())
		case fieldSource:
			m.source = string(f.Value())
		case fieldFeedID:
			m.feed, _ = strconv.ParseInt(string(f.Value()), 10, 64)
		case fieldPub:
			if dt, ok := f.(interface {
				DateTime() (time.Time, string, error)
			}); ok {
				if t, _, err := dt.DateTime(); err == nil {
					m.pub = t.UTC()
				}
			}
		}
	})
	return m
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
