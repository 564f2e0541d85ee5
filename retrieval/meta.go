package retrieval

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/newsbot/newsbot/data"
)

// articleMeta is what a result shows of an article besides its passages.
type articleMeta struct {
	url, title, source string
	feed               int64
	pub                time.Time
}

// metaCache keeps the metadata of the articles searches have shown or
// weighed showing, which the store gives (the index keeps none), so that
// the next search that meets them asks the store for their text alone.
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

// lookup returns the metadata of those of the articles ids that src
// holds, taking from it those the cache lacks. An article src holds under
// another ID now (folded into another) is left out, as its text is: the
// index gets the article it became when it next catches up.
func (c *metaCache) lookup(ctx context.Context, src TextSource, ids []string) (map[string]articleMeta, error) {
	out := make(map[string]articleMeta, len(ids))
	for _, id := range ids {
		if m, ok := c.get(id); ok {
			out[id] = m
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("retrieval: load articles: %w", err)
		}
		a, err := src.Article(ctx, id)
		if errors.Is(err, data.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("retrieval: load articles: %w", err)
		}
		if a.ID != id {
			continue
		}
		m := metaOf(&a)
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
