package data

import "time"

// Feed is a followed RSS, Atom or JSON feed and the state of its polling.
type Feed struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Interval is how often the feed is polled.
	Interval time.Duration `json:"interval"`
	// ETag and LastModified are the validators of the last good fetch, sent
	// back for a conditional GET.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// NextPoll is when the feed is next due.
	NextPoll    time.Time `json:"next_poll,omitzero"`
	LastPolled  time.Time `json:"last_polled,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// Failures counts consecutive failed polls; it resets on success.
	Failures  int    `json:"failures"`
	LastError string `json:"last_error,omitempty"`
	// Disabled is set after repeated failures; LastError says why.
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}
