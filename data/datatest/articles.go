package datatest

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// Articles reads the corpus at path, one article a line in the canonical
// JSONL shape {url, title, text, published: "YYYY-MM-DD" or "", source,
// authors}, with the feed_id that test corpora give some of them; each
// article is normalised. Any error fails tb.
func Articles(tb testing.TB, path string) []data.Article {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []data.Article
	for sc.Scan() {
		var raw struct {
			URL, Title, Text, Published, Source string
			Authors                             []string
			FeedID                              int64 `json:"feed_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		a := data.Article{URL: raw.URL, Title: raw.Title, Text: raw.Text, Source: raw.Source, Authors: raw.Authors, FeedID: raw.FeedID}
		if raw.Published != "" {
			t, err := time.Parse(time.DateOnly, raw.Published)
			if err != nil {
				tb.Fatalf("%s: %v", path, err)
			}
			a.Published = t
		}
		a.Normalize()
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
