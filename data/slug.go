package data

import (
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minSlugWords is how many words a path segment needs to be taken for a
// headline slug: a single word is a section or file name ("politics",
// "index.html"). Short slugs are common ("ford-recall"); a two-word
// section name ("live-news") is taken only when no segment is longer.
const minSlugWords = 2

// SlugWords returns the words of the headline slug of an article's URL:
// the path segment that news sites write the headline into
// ("/2022/08/02/business/taco-bell-mexican-pizza-return-date/index.html"
// gives taco bell mexican pizza return date). It is the segment with the
// most hyphen- or underscore-joined words, numbers (dates, IDs) left out;
// nil when no segment has two words.
func SlugWords(rawURL string) []string {
	var words []string
	for _, w := range slugTokens(rawURL) {
		if isSlugWord(w) {
			words = append(words, w)
		}
	}
	return words
}

// slugTokens returns the hyphen- or underscore-joined parts of the path
// segment of rawURL that has the most words (see SlugWords), numbers
// included; nil when no segment has two words.
func slugTokens(rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	var best []string
	bestWords := 0
	for _, seg := range strings.Split(u.Path, "/") {
		if ext := path.Ext(seg); ext != "" && len(ext) <= 5 {
			seg = strings.TrimSuffix(seg, ext)
		}
		tokens := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' })
		words := 0
		for _, w := range tokens {
			if isSlugWord(w) {
				words++
			}
		}
		// On a tie the later segment wins: paths go from section to
		// story.
		if words >= bestWords && words > 0 {
			best, bestWords = tokens, words
		}
	}
	if bestWords < minSlugWords {
		return nil
	}
	return best
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

// maxSlugCodes is how many trailing edition or desk codes SlugTitle drops.
const maxSlugCodes = 3

// SlugTitle returns a title read from the headline slug of an article's
// URL (see SlugWords), for an article that has none: "netflix-ads-
// microsoft/index.html" gives "Netflix ads microsoft". Words that are not
// words are left out: hashes, over-long tokens, and up to three short
// trailing codes that sites append for an edition or a desk ("-intl-hnk"),
// recognised as short tokens that no word of the article's text is or
// begins with (or, when there is no text, that have no vowel). It returns "" when the URL has no
// slug.
func SlugTitle(rawURL, text string) string {
	var words []string
	for _, w := range titleTokens(slugTokens(rawURL)) {
		if !looksLikeHash(w) && utf8.RuneCountInString(w) <= 24 {
			words = append(words, strings.ToLower(w))
		}
	}
	var used map[string]bool
	for n := 0; n < maxSlugCodes && len(words) > minSlugWords; n++ {
		last := words[len(words)-1]
		if utf8.RuneCountInString(last) > 4 {
			break
		}
		if used == nil {
			used = textWords(text)
		}
		if inText(last, used) || (len(used) == 0 && hasVowel(last)) {
			break
		}
		words = words[:len(words)-1]
	}
	if len(words) < minSlugWords {
		return ""
	}
	t := strings.Join(words, " ")
	r, size := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[size:]
}

// titleTokens keeps the words of a slug's tokens and the short numbers
// among them ("artemis-1-nasa-update", "day-75-years"), but not a number
// of five digits or more (an ID), nor a run of numbers that ends the slug
// after a word (a date: "war-news-07-12-22").
func titleTokens(tokens []string) []string {
	end := len(tokens)
	for end > 0 && isDigits(tokens[end-1]) {
		end--
	}
	if len(tokens)-end == 1 && len(tokens[end]) <= 4 {
		// One trailing number is part of the headline ("covid-19",
		// "latte-2022").
		end++
	}
	var out []string
	for _, w := range tokens[:end] {
		if isSlugWord(w) || (isDigits(w) && len(w) <= 4) {
			out = append(out, w)
		}
	}
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// looksLikeHash reports whether w is a hexadecimal ID of eight or more
// digits ("e4a664d8"), which isSlugWord lets through when its letters
// outnumber its digits.
func looksLikeHash(w string) bool {
	if len(w) < 8 {
		return false
	}
	digit := false
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case (r < 'a' || r > 'f') && (r < 'A' || r > 'F'):
			return false
		}
	}
	return digit
}

// textWords is the set of the lower-case words of text.
func textWords(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		set[w] = true
	}
	return set
}

// inText reports whether w is one of words, or begins one ("obit" of
// "obituary"): then it is a word of the article, not a code.
func inText(w string, words map[string]bool) bool {
	if words[w] {
		return true
	}
	for t := range words {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

func hasVowel(w string) bool {
	return strings.ContainsAny(w, "aeiouy")
}
