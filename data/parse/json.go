package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
)

// jsonArticle is the canonical JSON shape of an article with its accepted
// aliases. Dates and authors stay raw because their type varies.
type jsonArticle struct {
	URL         string          `json:"url"`
	Link        string          `json:"link"`
	Title       string          `json:"title"`
	Text        string          `json:"text"`
	Body        string          `json:"body"`
	Content     string          `json:"content"`
	Published   json.RawMessage `json:"published"`
	PublishDate json.RawMessage `json:"publish_date"`
	Date        json.RawMessage `json:"date"`
	PublishedAt json.RawMessage `json:"published_at"`
	Source      string          `json:"source"`
	Site        string          `json:"site"`
	Outlet      string          `json:"outlet"`
	Authors     json.RawMessage `json:"authors"`
	Author      json.RawMessage `json:"author"`
}

// DefaultMaxItemBytes bounds one JSON item (a line or an array element),
// and one document read whole, when a caller gives no bound of its own.
const DefaultMaxItemBytes = 16 << 20

// JSON reads articles from one JSON object, an array of objects, or
// JSONL (one object per line, blank lines skipped) in the canonical shape
// {url, title, text, published, source, authors}. It accepts the aliases
// body/content (text), publish_date/date/published_at (published),
// site/outlet (source) and author (a string or a list). Items that cannot be
// used (bad JSON, no text, a bad date, an item over DefaultMaxItemBytes) are
// reported as ItemErrors named "line N" (for objects, the line they start
// on) or "item N" (array elements) while the rest go on; the error is only
// for input that is not JSON at all. See JSONItems.
func JSON(r io.Reader) ([]data.Article, []ItemError, error) {
	var (
		arts  []data.Article
		items []ItemError
	)
	for a, err := range JSONItems(r, 0) {
		var ie ItemError
		switch {
		case errors.As(err, &ie):
			items = append(items, ie)
		case err != nil:
			return arts, items, err
		default:
			arts = append(arts, a)
		}
	}
	return arts, items, nil
}

// JSONItems reads the articles of JSON as JSON does, but as a stream: it
// yields each article (with a nil error) or each ItemError as it is read,
// holding one item in memory at a time, and ends after yielding any other
// error (input that is not JSON, a failed read). Lines have no length limit;
// an item longer than maxItemBytes (0 means DefaultMaxItemBytes) is skipped
// unread and reported. A bad item costs only itself: an item broken inside
// a string ends with its line, and an object cut short ends where a line
// starts with "{" again.
func JSONItems(r io.Reader, maxItemBytes int) iter.Seq2[data.Article, error] {
	if maxItemBytes <= 0 {
		maxItemBytes = DefaultMaxItemBytes
	}
	return func(yield func(data.Article, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		first, err := firstByte(br)
		if err != nil {
			yield(data.Article{}, err)
			return
		}
		if first != '{' && first != '[' {
			yield(data.Article{}, fmt.Errorf("parse: not JSON: input starts with %q", first))
			return
		}
		sc := jsonScanner{max: maxItemBytes, line: 1, atLineStart: true}
		err = sc.scan(br, func(v jsonValue) bool {
			if v.err != nil {
				return yield(data.Article{}, ItemError{Item: v.name, Err: v.err})
			}
			var ja jsonArticle
			if err := json.Unmarshal(v.raw, &ja); err != nil {
				return yield(data.Article{}, ItemError{Item: v.name, Err: jsonReason(err)})
			}
			a, err := ja.article()
			if err != nil {
				return yield(data.Article{}, ItemError{Item: v.name, Err: err})
			}
			return yield(a, nil)
		})
		if err != nil {
			yield(data.Article{}, fmt.Errorf("parse: read JSON: %w", err))
		}
	}
}

// firstByte skips a UTF-8 BOM and white space and returns the next byte
// without consuming it.
func firstByte(br *bufio.Reader) (byte, error) {
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return 0, fmt.Errorf("parse: not JSON: input is empty")
		}
		if err != nil {
			return 0, fmt.Errorf("parse: read JSON: %w", err)
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		br.UnreadByte()
		return c, nil
	}
}

// jsonReason words a decoding error for a person reading the report.
func jsonReason(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Errorf("field %q should be %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		return fmt.Errorf("not an object but %s", te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON: %v", se)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: unexpected end of input")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

func jsonKind(k string) string {
	if k == "string" {
		return "a string"
	}
	return "a " + k
}

// article turns the decoded item into a data.Article.
func (ja *jsonArticle) article() (data.Article, error) {
	a := data.Article{
		URL:    strings.TrimSpace(firstNonBlank(ja.URL, ja.Link)),
		Title:  strings.TrimSpace(ja.Title),
		Text:   strings.TrimSpace(firstNonBlank(ja.Text, ja.Body, ja.Content)),
		Source: strings.TrimSpace(firstNonBlank(ja.Source, ja.Site, ja.Outlet)),
	}
	if a.Text == "" {
		return data.Article{}, ErrEmpty
	}
	for _, raw := range []json.RawMessage{ja.Published, ja.PublishDate, ja.Date, ja.PublishedAt} {
		t, ok, err := jsonTime(raw)
		if err != nil {
			return data.Article{}, err
		}
		if ok {
			a.Published = t
			break
		}
	}
	for _, raw := range []json.RawMessage{ja.Authors, ja.Author} {
		names, err := jsonNames(raw)
		if err != nil {
			return data.Article{}, err
		}
		a.Authors = append(a.Authors, names...)
	}
	if a.Source == "" {
		a.Source = data.HostSource(a.URL)
	}
	return a, nil
}

// jsonTime reads a date given as a string, as a number of the digits of a
// date (20191118), or as unix seconds. ok is false
// when the field is absent, null or empty.
func jsonTime(raw json.RawMessage) (time.Time, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false, nil
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, false, fmt.Errorf("bad date: %w", err)
		}
	} else {
		var f float64
		if err := json.Unmarshal(raw, &f); err != nil {
			return time.Time{}, false, fmt.Errorf("bad date %s", raw)
		}
		if d := string(raw); allDigits(d) && (len(d) == 8 || len(d) == 12 || len(d) == 14) {
			// 20191118 is a day, not seconds in August 1970.
			s = d
		} else {
			return time.Unix(int64(f), 0).UTC(), true, nil
		}
	}
	if strings.TrimSpace(s) == "" {
		return time.Time{}, false, nil
	}
	t, err := Date(s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("bad date %q", s)
	}
	return t, true, nil
}

// jsonNames reads authors given as a string, a list of strings or a list of
// objects with a "name".
func jsonNames(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("bad author: %w", err)
		}
		return splitByline(s), nil
	case '{':
		var o struct{ Name string }
		if err := json.Unmarshal(raw, &o); err != nil {
			return nil, fmt.Errorf("bad author: %w", err)
		}
		return splitByline(o.Name), nil
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("bad authors: %w", err)
		}
		var out []string
		for _, el := range list {
			names, err := jsonNames(el)
			if err != nil {
				return nil, err
			}
			out = append(out, names...)
		}
		return out, nil
	}
	return nil, fmt.Errorf("bad authors %s: want a string or a list", raw)
}

func firstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
