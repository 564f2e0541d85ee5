package retrieval

import (
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/newsbot/newsbot/data"
)

// titleText is the text searched in an article's title document: its
// title and the words of its URL's headline slug (see slugWords). The slug
// is the headline as the site wrote it into the address, often with key
// words that a shortened or rewritten title lacks ("ford-recall"); and
// when a scraped page has lost its title, and its text is boilerplate
// too, the slug is all that names the story.
func titleText(a *data.Article) string {
	return strings.TrimSpace(a.Title + " " + slugWords(a.URL))
}

// minSlugWords is how many words a path segment needs to be taken for a
// headline slug: a single word is a section or file name ("politics",
// "index.html"). Short slugs are common ("ford-recall"); a two-word
// section name ("live-news") is taken only when no segment is longer.
const minSlugWords = 2

// slugWords returns the words of the headline slug of an article's URL,
// joined by spaces: the path segment that news sites write the headline
// into ("/2022/08/02/business/taco-bell-mexican-pizza-return-date/index.html"
// gives "taco bell mexican pizza return date"). It is the segment with the
// most hyphen- or underscore-joined words, numbers (dates, IDs) left out;
// "" when no segment has minSlugWords words.
func slugWords(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	var best []string
	for _, seg := range strings.Split(u.Path, "/") {
		if ext := path.Ext(seg); ext != "" && len(ext) <= 5 {
			seg = strings.TrimSuffix(seg, ext)
		}
		var words []string
		for _, w := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' }) {
			if isSlugWord(w) {
				words = append(words, w)
			}
		}
		// On a tie the later segment wins: paths go from section to
		// story.
		if len(words) >= len(best) && len(words) > 0 {
			best = words
		}
	}
	if len(best) < minSlugWords {
		return ""
	}
	return strings.Join(best, " ")
}

// isSlugWord reports whether w, a part of a URL path segment, is a word:
// it has letters, and no more digits than letters, which leaves out dates,
// numeric IDs and hashes ("c164ac931cc84141") but keeps "17th" and "ba5".
func isSlugWord(w string) bool {
	letters, digits := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	return letters > 0 && digits <= letters
}
