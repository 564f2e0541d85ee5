// Package data holds articles and where they come from: the article model,
// the SQLite store that is the source of truth, parsers for files, pages and
// feeds, the safe outbound fetcher, the feed poller and the embedded sample
// corpus.
package data

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"time"
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
	// Rev is the store revision at which the article last changed. The store
	// sets it; the index uses it to catch up after a crash.
	Rev int64 `json:"-"`
}

// trackingParams are query parameters that identify a campaign, not a page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true,
	"mc_eid": true, "igshid": true, "ref": true, "ref_src": true, "cmpid": true,
	"_ga": true, "yclid": true, "ocid": true, "smid": true, "ito": true,
}

// CanonicalURL returns raw with its scheme and host lower-cased, default
// ports, fragment and tracking parameters (utm_* and the like) removed, and
// the remaining query parameters sorted. It returns "" when raw is not an
// absolute http(s) URL.
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			q.Del(k)
		}
	}
	if len(q) == 0 {
		u.RawQuery = ""
	} else {
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			for _, v := range q[k] {
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
			}
		}
		u.RawQuery = b.String()
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
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

// Normalize trims the article's fields, canonicalises its URL and sets its
// ID. It is idempotent.
func (a *Article) Normalize() {
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Text = strings.TrimSpace(a.Text)
	a.Source = strings.TrimSpace(a.Source)
	if c := CanonicalURL(a.URL); c != "" {
		a.URL = c
		a.ID = URLID(c)
		if a.Source == "" {
			a.Source = strings.TrimPrefix(strings.ToLower(hostOf(c)), "www.")
		}
	} else {
		a.URL = strings.TrimSpace(a.URL)
		a.ID = ContentID(a.Title, a.Text)
	}
	authors := a.Authors[:0]
	for _, s := range a.Authors {
		if s = strings.TrimSpace(s); s != "" {
			authors = append(authors, s)
		}
	}
	a.Authors = authors
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
