// Package data is newsbot's source of truth: the article model and the
// store that keeps articles, feeds and the bot's state, in SQLite or in a
// PostgreSQL database several processes share. Reading
// articles from files, pages and feeds is the job of its sub-packages
// parse, fetch and ingest, which import it and never the reverse.
package data

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// Article is one news article as newsbot knows it.
type Article struct {
	// ID is stable: derived from the canonical URL, or from a content hash
	// when the article has no URL. See Normalize.
	ID        string    `json:"id"`
	URL       string    `json:"url,omitempty"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Published time.Time `json:"published,omitzero"`
	// Source is the outlet, such as "apnews.com" or "The Daily Ledger".
	Source  string   `json:"source,omitempty"`
	Authors []string `json:"authors,omitempty"`
	// FeedID is the store ID of the feed the article came from, 0 if none.
	FeedID    int64     `json:"feed_id,omitempty"`
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	// ExcerptOnly is true when only a feed excerpt is known, not the full
	// text of the article.
	ExcerptOnly bool `json:"excerpt_only,omitempty"`
	// DateFallback is true when the source gave a publication date that
	// cannot be right (see parse.Plausible) and Published is the time the
	// article was fetched instead. The store does not keep it.
	DateFallback bool `json:"date_fallback,omitempty"`
	// Rev is the store revision at which the article last changed. The store
	// sets it; the index uses it to catch up after a crash.
	Rev int64 `json:"-"`
}

// ContentID returns the ID of an article without a URL: a hash of its
// normalised title and text.
func ContentID(title, text string) string {
	h := sha256.New()
	h.Write([]byte(strings.Join(strings.Fields(strings.ToLower(title)), " ")))
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(strings.Fields(text), " ")))
	return "c" + hex.EncodeToString(h.Sum(nil))[:16]
}

// URLID returns the ID of an article whose canonical URL is canon.
func URLID(canon string) string {
	h := sha256.Sum256([]byte(canon))
	return "u" + hex.EncodeToString(h[:])[:16]
}

// Normalize trims the article's fields and makes their text storable
// (valid UTF-8, invalid bytes replaced with U+FFFD, without NULs), cleans
// its URL (see CleanURL) and sets its ID: from the canonical URL (see
// CanonicalURL), so that every variant of one page's URL is the same
// article, or from the content when the article has no http(s) URL. An
// article without a Source gets its URL's domain, and one without a Title
// the title its URL's slug reads (see SlugTitle). It is idempotent.
func (a *Article) Normalize() {
	a.Title = strings.Join(strings.Fields(storable(a.Title)), " ")
	a.Text = strings.TrimSpace(storable(a.Text))
	a.Source = strings.TrimSpace(storable(a.Source))
	a.URL = storable(a.URL)
	if canon := CanonicalURL(a.URL); canon != "" {
		a.URL = CleanURL(a.URL)
		a.ID = URLID(canon)
		if a.Source == "" {
			a.Source = HostSource(canon)
		}
		if a.Title == "" {
			a.Title = SlugTitle(a.URL, a.Text)
		}
	} else {
		a.URL = strings.TrimSpace(a.URL)
		a.ID = ContentID(a.Title, a.Text)
	}
	authors := a.Authors[:0]
	for _, s := range a.Authors {
		if s = strings.TrimSpace(storable(s)); s != "" {
			authors = append(authors, s)
		}
	}
	a.Authors = authors
}

// storable returns s as either database stores it: valid UTF-8, invalid
// bytes replaced with U+FFFD, and without NUL characters, which
// PostgreSQL's text refuses (and no reader of the store wants).
func storable(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}
