package parse

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// maxDeclScan bounds how far into a page its <meta> charset is looked for
// when the page's </head> does not come first. Browsers stop at 1024
// bytes; pages put scripts, styles and dozens of <meta> tags before theirs.
const maxDeclScan = 64 << 10

// xmlEncodingDecl finds the encoding declared in an XML prolog.
var xmlEncodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']`)

// metaCharset finds the charset of <meta charset> or <meta http-equiv
// content="text/html; charset=...">.
var metaCharset = regexp.MustCompile(`(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// boms are the byte-order marks that settle a document's encoding.
var boms = []struct {
	mark []byte
	enc  encoding.Encoding
}{
	{[]byte{0xEF, 0xBB, 0xBF}, unicode.UTF8},
	{[]byte{0xFE, 0xFF}, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
	{[]byte{0xFF, 0xFE}, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
}

// decodeDoc returns b, a page or feed, as UTF-8. Its encoding is, in
// order: the one a byte-order mark gives; the charset of contentType; the
// one the document declares (xmlDecl, and for pages <meta> too, anywhere in
// the <head>); UTF-8 when b is valid UTF-8; and Windows-1252 last. A
// declared single-byte or legacy charset gives way to UTF-8 when b is valid
// UTF-8 and holds multi-byte characters: text in those charsets almost never
// is, and a server's default header or a template's stale <meta> often
// names ISO-8859-1 for a UTF-8 page. Labels that name no known encoding are
// skipped; bytes invalid in the encoding chosen become U+FFFD.
func decodeDoc(b []byte, contentType string, meta bool) []byte {
	for _, bom := range boms {
		if bytes.HasPrefix(b, bom.mark) {
			return decodeWith(bom.enc, b[len(bom.mark):])
		}
	}
	declared := []string{contentTypeCharset(contentType), xmlDeclCharset(b)}
	if meta {
		declared = append(declared, metaDeclCharset(b))
	}
	multiByteUTF8 := utf8.Valid(b) && hasHighByte(b)
	for _, label := range declared {
		enc, name := charset.Lookup(label)
		switch {
		case enc == nil:
			continue
		case strings.HasPrefix(name, "utf-16") && bytes.IndexByte(b[:min(len(b), 256)], 0) < 0:
			// Text read this far as ASCII is not UTF-16, whatever a label
			// says (the HTML standard reads such a <meta> as UTF-8).
			continue
		case name == "utf-8":
			if utf8.Valid(b) {
				return b
			}
			continue // mislabelled; look further
		case multiByteUTF8 && !strings.HasPrefix(name, "utf-16"):
			return b
		}
		return decodeWith(enc, b)
	}
	if utf8.Valid(b) {
		return b
	}
	return decodeWith(charmap.Windows1252, b)
}

// decodeWith decodes b with enc; bytes enc cannot decode become U+FFFD.
func decodeWith(enc encoding.Encoding, b []byte) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}

func contentTypeCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

func xmlDeclCharset(b []byte) string {
	if m := xmlEncodingDecl.FindSubmatch(b[:min(len(b), 1024)]); m != nil {
		return string(m[1])
	}
	return ""
}

// metaDeclCharset finds the <meta> charset of a page in its <head>: up to
// </head> or <body>, and never past maxDeclScan bytes.
func metaDeclCharset(b []byte) string {
	head := b[:min(len(b), maxDeclScan)]
	lower := bytes.ToLower(head)
	for _, end := range []string{"</head", "<body"} {
		if i := bytes.Index(lower, []byte(end)); i >= 0 {
			head = head[:i]
			lower = lower[:i]
		}
	}
	if m := metaCharset.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

func hasHighByte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// sniffable returns the start of b in UTF-8, for telling its format: b
// itself unless a UTF-16 byte-order mark opens it.
func sniffable(b []byte) []byte {
	if len(b) < 2 || !(b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return b
	}
	return decodeDoc(b[:min(len(b), 4096)&^1], "", false)
}
