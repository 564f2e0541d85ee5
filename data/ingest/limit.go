package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/parse"
)

// The caps on one article, used when the Ingester's field is zero.
const (
	// DefaultMaxTextBytes is the most text kept of one article: about 80,000
	// words, several times the longest news story. A 10 MB text cost 9.6 s
	// and 553 MB of memory for every summary.
	DefaultMaxTextBytes = 512 << 10
	// DefaultMaxTitleBytes is the longest title kept.
	DefaultMaxTitleBytes = 1000
	// DefaultMaxFieldBytes is the longest URL, source or author name.
	DefaultMaxFieldBytes = 2048
	// DefaultMaxAuthors is the most authors kept of one article.
	DefaultMaxAuthors = 20
)

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// CapArticle holds a to the Ingester's caps, as every article that enters
// through it is: text longer than MaxTextBytes is cut at a paragraph end (or
// a sentence or word end when no paragraph ends late enough), the title at
// a word, the source and author names at a character, and authors past
// MaxAuthors are dropped. cut says what was cut, for the report ("" when
// nothing was). An article whose text is not text (see parse.NotText) or
// whose URL is longer than MaxFieldBytes gives an error.
func (in *Ingester) CapArticle(a *data.Article) (cut string, err error) {
	maxField := orDefault(in.MaxFieldBytes, DefaultMaxFieldBytes)
	if len(a.URL) > maxField {
		return "", fmt.Errorf("URL longer than %d bytes", maxField)
	}
	if err := parse.NotText(a.Text); err != nil {
		return "", err
	}
	var cuts []string
	if max := orDefault(in.MaxTextBytes, DefaultMaxTextBytes); len(a.Text) > max {
		n := len(a.Text)
		a.Text = cutText(a.Text, max)
		cuts = append(cuts, fmt.Sprintf("text cut from %s to %s", byteSize(n), byteSize(len(a.Text))))
	}
	if max := orDefault(in.MaxTitleBytes, DefaultMaxTitleBytes); len(a.Title) > max {
		a.Title = cutTitle(a.Title, max)
		cuts = append(cuts, fmt.Sprintf("title cut to %d bytes", len(a.Title)))
	}
	if len(a.Source) > maxField {
		a.Source = cutRunes(a.Source, maxField)
		cuts = append(cuts, "source name cut")
	}
	if max := orDefault(in.MaxAuthors, DefaultMaxAuthors); len(a.Authors) > max {
		cuts = append(cuts, fmt.Sprintf("%d authors dropped past the first %d", len(a.Authors)-max, max))
		a.Authors = a.Authors[:max]
	}
	for i, name := range a.Authors {
		if len(name) > maxField {
			a.Authors[i] = cutRunes(name, maxField)
			cuts = append(cuts, "author name cut")
		}
	}
	return strings.Join(cuts, "; "), nil
}

// cutText cuts s to at most max bytes at the last paragraph end, else
// sentence end, else white space, that keeps at least half of max; failing
// all three, at a character.
func cutText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head := cutRunes(s, max)
	if i := strings.LastIndex(head, "\n\n"); i >= max/2 {
		return strings.TrimRight(head[:i], " \t\n")
	}
	end := -1
	for _, stop := range []string{". ", "! ", "? ", ".\n", "!\n", "?\n", ".\u201d ", ".\" "} {
		if i := strings.LastIndex(head, stop); i > end {
			end = i + len(stop) - 1
		}
	}
	if end >= max/2 {
		return strings.TrimRight(head[:end], " \t\n")
	}
	if i := strings.LastIndexAny(head, " \t\n"); i >= max/2 {
		return strings.TrimRight(head[:i], " \t\n")
	}
	return head
}

// cutTitle cuts s to at most max bytes at a word, ending it with "…".
func cutTitle(s string, max int) string {
	const ellipsis = "…"
	if len(s) <= max {
		return s
	}
	head := cutRunes(s, max-len(ellipsis))
	if i := strings.LastIndexByte(head, ' '); i >= len(head)/2 {
		head = head[:i]
	}
	return strings.TrimRight(head, " ,;:") + ellipsis
}

// cutRunes cuts s to at most max bytes without splitting a character.
func cutRunes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}

// byteSize writes n as "10.0 MB", "512 KiB" or "900 bytes" for a person.
func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
