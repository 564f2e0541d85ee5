package discordtest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// attachment is a file the fake serves as Discord's CDN does.
type attachment struct {
	id, filename, contentType string
	body                      []byte
	// size is what the payload says, which a test may make lie.
	size int
}

// AttachmentSpec describes a file attached to a command.
type AttachmentSpec struct {
	// Filename and ContentType describe the file; Body is what the CDN
	// serves.
	Filename, ContentType string
	Body                  []byte
	// Size, when positive, is the size the interaction claims instead of
	// len(Body), to play a payload that lies.
	Size int
}

// Attachment stores a file and returns an attachment option (type 11)
// named name that refers to it: a SlashCommand carrying the option
// sends the file's metadata under data.resolved.attachments, and the fake
// serves its body at its URL, https://cdn.discordapp.com/attachments/…,
// which HTTPClient's transport sends to the fake.
func (s *Server) Attachment(name string, a AttachmentSpec) Option {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newIDLocked()
	size := a.Size
	if size <= 0 {
		size = len(a.Body)
	}
	if s.files == nil {
		s.files = map[string]*attachment{}
	}
	s.files[id] = &attachment{id: id, filename: a.Filename, contentType: a.ContentType, body: a.Body, size: size}
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionAttachment, Value: id}
}

// url is where Discord's CDN serves a.
func (a *attachment) url() string {
	return "https://cdn.discordapp.com/attachments/" + a.id + "/" + a.filename
}

// resolvedLocked is the data.resolved of a command carrying opts, nil when
// it carries no attachment.
func (s *Server) resolvedLocked(opts []Option) map[string]any {
	files := map[string]any{}
	var walk func([]Option)
	walk = func(opts []Option) {
		for _, o := range opts {
			walk(o.Options)
			id, _ := o.Value.(string)
			a := s.files[id]
			if o.Type != discordgo.ApplicationCommandOptionAttachment || a == nil {
				continue
			}
			files[id] = map[string]any{
				"id": id, "filename": a.filename, "content_type": a.contentType, "size": a.size,
				"url": a.url(), "proxy_url": strings.Replace(a.url(), "cdn.discordapp.com", "media.discordapp.net", 1),
			}
		}
	}
	walk(opts)
	if len(files) == 0 {
		return nil
	}
	return map[string]any{"attachments": files}
}

// serveAttachment serves GET /attachments/{id}/{filename}, as the CDN
// does; downloads are recorded as requests.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/attachments/")
	id, name, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	a := s.files[id]
	found := a != nil && a.filename == name && r.Method == http.MethodGet
	status := http.StatusOK
	if !found {
		status = http.StatusNotFound
	}
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, At: s.opts.Now(), Header: r.Header.Clone(), Status: status})
	s.notifyLocked()
	s.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return
	}
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	w.Write(a.body)
}

// cdnTransport sends requests for Discord's CDN to the fake, so that a
// test never downloads from beyond loopback, and everything else to next.
type cdnTransport struct {
	base *url.URL
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t cdnTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	switch strings.ToLower(req.URL.Hostname()) {
	case "cdn.discordapp.com", "media.discordapp.net":
	default:
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = t.base.Scheme, t.base.Host
	out.URL, out.Host = &u, ""
	return t.next.RoundTrip(out)
}
