package synth

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/newsbot/newsbot/data"
)

// fileArticle is one line of a corpus file: the canonical JSON shape of an
// article ({url, title, text, published, source, authors}, which newsbot
// ingest reads too) with the feed it came from.
type fileArticle struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Published string   `json:"published,omitempty"`
	Source    string   `json:"source,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	FeedID    int64    `json:"feed_id,omitempty"`
}

// WriteArticle writes a as one line of a corpus file.
func WriteArticle(w io.Writer, a data.Article) error {
	fa := fileArticle{URL: a.URL, Title: a.Title, Text: a.Text, Source: a.Source, Authors: a.Authors, FeedID: a.FeedID}
	if !a.Published.IsZero() {
		fa.Published = a.Published.UTC().Format(time.RFC3339)
	}
	b, err := json.Marshal(fa)
	if err != nil {
		return fmt.Errorf("synth: write article: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("synth: write article: %w", err)
	}
	return nil
}

// ReadArticles reads a corpus file, one JSON article a line as
// WriteArticle writes them ("published" may also be a day, YYYY-MM-DD, as
// in the evaluation corpora), and yields each article normalised, in file
// order. A line that cannot be read is yielded as an error naming it and
// the rest go on; a failed read ends the sequence with its error.
func ReadArticles(r io.Reader) iter.Seq2[data.Article, error] {
	return func(yield func(data.Article, error) bool) {
		br := bufio.NewReaderSize(r, 1<<20)
		for n := 1; ; n++ {
			line, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				a, lerr := readLine(line)
				if lerr != nil {
					lerr = fmt.Errorf("synth: corpus line %d: %w", n, lerr)
				}
				if !yield(a, lerr) {
					return
				}
			}
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(data.Article{}, fmt.Errorf("synth: read corpus: %w", err))
				return
			}
		}
	}
}

// readLine decodes one line of a corpus file.
func readLine(line []byte) (data.Article, error) {
	var fa fileArticle
	if err := json.Unmarshal(line, &fa); err != nil {
		return data.Article{}, err
	}
	a := data.Article{URL: fa.URL, Title: fa.Title, Text: fa.Text, Source: fa.Source, Authors: fa.Authors, FeedID: fa.FeedID}
	if fa.Published != "" {
		t, err := time.Parse(time.RFC3339, fa.Published)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, fa.Published); err != nil {
				return data.Article{}, fmt.Errorf("published: %w", err)
			}
		}
		a.Published = t
	}
	a.Normalize()
	if a.Title == "" && a.Text == "" {
		return data.Article{}, errors.New("no title and no text")
	}
	return a, nil
}
