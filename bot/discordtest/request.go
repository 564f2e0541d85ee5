package discordtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Request is one REST request the fake received.
type Request struct {
	// Method is the HTTP method; Path the path without the /api/vN prefix,
	// such as "/channels/1/messages".
	Method, Path string
	// Body is the JSON object sent (for multipart requests, the
	// payload_json part); nil when the body was empty or not an object.
	Body map[string]any
	// Items is the JSON array sent, as in bulk command registration.
	Items []any
	// Raw is the request body as received.
	Raw []byte
	// At is when the request arrived, by Options.Now.
	At time.Time
	// Query is the URL query, Header the request headers.
	Query  url.Values
	Header http.Header
	// Files are the attachments of a multipart request.
	Files []File
	// Status is the HTTP status the fake answered.
	Status int
}

// File is an attachment sent in a multipart request.
type File struct {
	Field, Name, ContentType string
	Data                     []byte
}

// Callback returns the interaction callback type of a POST
// /interactions/{id}/{token}/callback request, or 0.
func (r Request) Callback() int {
	if !strings.HasPrefix(r.Path, "/interactions/") || !strings.HasSuffix(r.Path, "/callback") {
		return 0
	}
	return intOf(r.Body["type"])
}

// Content returns the message content a request carries: body "content",
// or "data.content" for an interaction callback.
func (r Request) Content() string {
	if d, ok := r.Body["data"].(map[string]any); ok && r.Callback() != 0 {
		s, _ := d["content"].(string)
		return s
	}
	s, _ := r.Body["content"].(string)
	return s
}

// apiPrefix matches the versioned API prefix of a REST path.
var apiPrefix = regexp.MustCompile(`^/api/v[0-9]+`)

// readRequest records r, parsing a JSON or multipart body.
func readRequest(r *http.Request, now time.Time) (Request, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return Request{}, err
	}
	req := Request{
		Method: r.Method,
		Path:   apiPrefix.ReplaceAllString(r.URL.Path, ""),
		Raw:    raw,
		At:     now,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return req, nil
	}
	payload := raw
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		payload = nil
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return req, err
			}
			data, err := io.ReadAll(p)
			if err != nil {
				return req, err
			}
			if p.FormName() == "payload_json" {
				payload = data
				continue
			}
			req.Files = append(req.Files, File{
				Field:       p.FormName(),
				Name:        p.FileName(),
				ContentType: p.Header.Get("Content-Type"),
				Data:        data,
			})
		}
	}
	if len(payload) == 0 {
		return req, nil
	}
	var v any
	if err := json.Unmarshal(payload, &v); err != nil {
		return req, err
	}
	switch v := v.(type) {
	case map[string]any:
		req.Body = v
	case []any:
		req.Items = v
	}
	return req, nil
}

// intOf converts a decoded JSON number (or numeric string) to int.
func intOf(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	case int64:
		return int(n)
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case string:
		var i int
		for _, c := range n {
			if c < '0' || c > '9' {
				return 0
			}
			i = i*10 + int(c-'0')
		}
		return i
	}
	return 0
}
