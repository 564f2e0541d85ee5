package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
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

// JSON reads articles from one JSON object, an array of objects, or
// JSONL (one object per line, blank lines skipped) in the canonical shape
// {url, title, text, published, source, authors}. It accepts the aliases
// body/content (text), publish_date/date/published_at (published),
// site/outlet (source) and author (a string or a list). Items that cannot be
// used (bad JSON on a line, no text, a bad date) are reported as ItemErrors
// named "line N" (JSONL) or "item N" (arrays and objects) while the rest go
// on; the error is only for input that is not JSON at all. It streams: one
// item is held in memory at a time.
func JSON(r io.Reader) ([]data.Article, []ItemError, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	first, err := firstByte(br)
	if err != nil {
		return nil, nil, err
	}
	switch first {
	case '[':
		return parseJSONStream(br, true)
	case '{':
		line, err := peekLine(br)
		if err != nil {
			return nil, nil, err
		}
		line = bytes.TrimSpace(line)
		if len(line) > 1 && line[len(line)-1] == '}' {
			return parseJSONLines(br)
		}
		return parseJSONStream(br, false)
	default:
		return nil, nil, fmt.Errorf("parse: not JSON: input starts with %q", first)
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

// peekLine returns the first line of br without consuming it. A line
// longer than br's buffer is returned cut short.
func peekLine(br *bufio.Reader) ([]byte, error) {
	b, err := br.Peek(br.Size())
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("parse: read JSON: %w", err)
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], nil
	}
	return b, nil
}

// parseJSONLines reads JSONL, one object per line.
func parseJSONLines(br *bufio.Reader) ([]data.Article, []ItemError, error) {
	var (
		arts  []data.Article
		items []ItemError
		line  []byte
		n     int
	)
	for {
		line = line[:0]
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			line = append(line, chunk...)
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if err != nil && err != io.EOF {
			return arts, items, fmt.Errorf("parse: read JSON lines: %w", err)
		}
		n++
		if b := bytes.TrimSpace(line); len(b) > 0 {
			name := "line " + strconv.Itoa(n)
			var ja jsonArticle
			if uerr := json.Unmarshal(b, &ja); uerr != nil {
				items = append(items, ItemError{Item: name, Err: jsonReason(uerr)})
			} else if a, aerr := ja.article(); aerr != nil {
				items = append(items, ItemError{Item: name, Err: aerr})
			} else {
				arts = append(arts, a)
			}
		}
		if err == io.EOF {
			return arts, items, nil
		}
	}
}

// parseJSONStream reads an array of objects (inArray) or a sequence of
// objects with a streaming decoder.
func parseJSONStream(br *bufio.Reader, inArray bool) ([]data.Article, []ItemError, error) {
	dec := json.NewDecoder(br)
	if inArray {
		if _, err := dec.Token(); err != nil {
			return nil, nil, fmt.Errorf("parse: not JSON: %w", err)
		}
	}
	var (
		arts  []data.Article
		items []ItemError
	)
	for n := 1; dec.More(); n++ {
		name := "item " + strconv.Itoa(n)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if n == 1 {
				return nil, nil, fmt.Errorf("parse: not JSON: %w", err)
			}
			// The stream is broken; nothing after this point can be read.
			items = append(items, ItemError{Item: name, Err: jsonReason(err)})
			return arts, items, nil
		}
		var ja jsonArticle
		if err := json.Unmarshal(raw, &ja); err != nil {
			items = append(items, ItemError{Item: name, Err: jsonReason(err)})
			continue
		}
		a, err := ja.article()
		if err != nil {
			items = append(items, ItemError{Item: name, Err: err})
			continue
		}
		arts = append(arts, a)
	}
	if inArray {
		if _, err := dec.Token(); err != nil {
			if len(arts) == 0 && len(items) == 0 {
				return nil, nil, fmt.Errorf("parse: not JSON: %w", err)
			}
			items = append(items, ItemError{Item: "end of array", Err: jsonReason(err)})
		}
	}
	return arts, items, nil
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

// jsonTime reads a date given as a string or as unix seconds. ok is false
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
		return time.Unix(int64(f), 0).UTC(), true, nil
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
