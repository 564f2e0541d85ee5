package bench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Query is one timed search of a bench: a line of a query file.
type Query struct {
	Q    string    `json:"q"`
	AsOf time.Time `json:"as_of,omitzero"`
	// Shape names the kind of question, by which latencies are reported.
	Shape string `json:"shape"`
	// Sources and FeedIDs scope the search (retrieval.Query's fields).
	Sources []string `json:"sources,omitempty"`
	FeedIDs []int64  `json:"feed_ids,omitempty"`
	// Want is the ID of the article the query was made from, which a good
	// answer ranks in its top ten; "" when the query has none.
	Want string `json:"want,omitempty"`
}

// The shapes of the default query mix (see Mix).
const (
	ShapeHeadline = "headline"
	ShapeSentence = "sentence"
	ShapeThisWeek = "thisweek"
	ShapeTwoWord  = "twoword"
	ShapeCommon   = "common"
	ShapeDate     = "date"
	ShapeScope    = "scope"
)

// Shapes are the shapes of the default mix, in the order reported.
func Shapes() []string {
	return []string{ShapeHeadline, ShapeSentence, ShapeThisWeek, ShapeTwoWord, ShapeCommon, ShapeDate, ShapeScope}
}

// maxQueryLine caps one line of a query file.
const maxQueryLine = 1 << 20

// ReadQueries reads a query file: JSONL lines
// {"q", "as_of": RFC 3339, "shape", "sources"?, "feed_ids"?, "want"?}. A
// line without a shape has the shape "query".
func ReadQueries(r io.Reader) ([]Query, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxQueryLine)
	var qs []Query
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q Query
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("bench: queries line %d: %w", n, err)
		}
		if strings.TrimSpace(q.Q) == "" {
			return nil, fmt.Errorf("bench: queries line %d: no \"q\"", n)
		}
		if q.Shape == "" {
			q.Shape = "query"
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: read queries: %w", err)
	}
	if len(qs) == 0 {
		return nil, errors.New("bench: the query file holds no query")
	}
	return qs, nil
}

// WriteQueries writes qs as a query file that ReadQueries reads.
func WriteQueries(w io.Writer, qs []Query) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			return fmt.Errorf("bench: write queries: %w", err)
		}
	}
	return nil
}
