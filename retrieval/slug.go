package retrieval

import (
	"strings"

	"github.com/newsbot/newsbot/data"
)

// titleText is the text searched in an article's title document: its
// title and the words of its URL's headline slug (see data.SlugWords). The
// slug is the headline as the site wrote it into the address, often with
// key words that a shortened or rewritten title lacks ("ford-recall"); and
// when a scraped page has lost its title, and its text is boilerplate
// too, the slug is all that names the story. A title read from the slug
// (see data.SlugTitle) is not counted twice.
func titleText(a *data.Article) string {
	slug := slugWords(a.URL)
	if a.Title != "" && strings.HasPrefix(strings.ToLower(slug), wordsOf(a.Title)) {
		return slug
	}
	return strings.TrimSpace(a.Title + " " + slug)
}

// wordsOf is title in lower case without its numbers, as slugWords
// leaves them out.
func wordsOf(title string) string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(title)) {
		if strings.Trim(w, "0123456789") != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// slugWords returns the words of the headline slug of an article's URL,
// joined by spaces; "" when it has none.
func slugWords(raw string) string {
	return strings.Join(data.SlugWords(raw), " ")
}
