package parse

import (
	"regexp"
	"unicode"
	"unicode/utf8"
)

// Parts of the dateline patterns. A place is a few capitalised words, with
// commas, spaces or slashes between them and perhaps a day of the month
// ("LONDON, June 3", "San Francisco/London"); a place in capitals is up to
// four words in capitals ("ST. LOUIS"), perhaps followed by a region in any
// case ("CAPE CANAVERAL, Fla.", "KYIV, Ukraine"). An outlet is a wire or
// network that signs datelines.
const (
	dlWord    = `\p{Lu}[\p{L}\p{M}.'’-]*`
	dlPlace   = dlWord + `(?:(?:, ?| |/| and | & )(?:` + dlWord + `|\d{1,2}))*`
	dlCaps    = `\p{Lu}[\p{Lu}\p{M}.'’-]*(?: \p{Lu}[\p{Lu}\p{M}.'’-]*){0,3}`
	dlRegion  = `[\p{Lu}\d][\p{L}\p{M}.'’-]*(?: [\p{Lu}\d][\p{L}\p{M}.'’-]*){0,2}`
	dlCNN     = `CNN(?: Business| Money| Sport| Style| Travel| Politics| Health| Wire)?`
	dlOutlet  = dlCNN + `|AP|Reuters|AFP|UPI|Bloomberg|EW\.com|Mashable|The Hollywood Reporter|Variety|The Conversation`
	dlDash    = `(?:--|––|——|-|–|—)`
	dlMaxSpan = 80
)

// datelineForms are the datelines DatelineEnd knows, tried in order. dash
// tells whether the form ends with a dash, after which a dateline must be
// followed by white space (or, after an en or em dash, directly by the
// next word); minLetters is how many letters the form needs.
var datelineForms = []struct {
	re         *regexp.Regexp
	dash       bool
	minLetters int
}{
	// An outlet in brackets, after a place or alone, and perhaps a dash:
	// "(CNN)", "Paris (CNN) —", "KYIV, Ukraine (AP) —",
	// "LONDON, June 3 (Reuters) -".
	{regexp.MustCompile(`^(?:` + dlPlace + ` )?\((?:` + dlOutlet + `)\)\s*` + dlDash), true, 0},
	{regexp.MustCompile(`^(?:` + dlPlace + ` )?\((?:` + dlOutlet + `)\)`), false, 0},
	// A place and any capitalised name in brackets, then a dash:
	// "HAMBURG (Wire) -", "SEVILLE, July 9 (Newswire) -".
	{regexp.MustCompile(`^` + dlPlace + ` \(\p{Lu}[\p{L}\p{M}\d.&'’ -]{0,30}\)\s*` + dlDash), true, 0},
	// CNN's own, without brackets: "CNN —", "New York CNN Business —",
	// "Bogota, Colombia CNN —".
	{regexp.MustCompile(`^(?:` + dlPlace + ` )?` + dlCNN + `\s*` + dlDash), true, 0},
	// A place in capitals and a dash: "WASHINGTON –", "CHARLEROI, Belgium –".
	{regexp.MustCompile(`^` + dlCaps + `(?:, ` + dlRegion + `)?\s*` + dlDash), true, 3},
}

// DatelineEnd returns the index in s just after the dateline that opens
// it and the white space after that, or 0 when s does not open with a
// dateline. A dateline is a place and an outlet in brackets ("Paris
// (CNN)", "WASHINGTON (AP) —", "LONDON, June 3 (Reuters) -"), CNN's form
// without brackets ("New York CNN Business —"), or a place in capitals and
// a dash ("CHARLEROI, Belgium –"). The place in capitals needs three
// letters, and the dateline may not run on into a lower-case word, so that
// "ET -- but" and "NATO - the alliance" are not datelines. A dateline that
// is all of s counts: the text may go on in the next line or paragraph.
func DatelineEnd(s string) int {
	for _, f := range datelineForms {
		loc := f.re.FindStringIndex(s)
		if loc == nil || loc[1] > dlMaxSpan {
			continue
		}
		end := loc[1]
		if f.minLetters > 0 && letters(s[:end]) < f.minLetters {
			continue
		}
		if !datelineEndsWell(s, end, f.dash) {
			continue
		}
		for end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if !unicode.IsSpace(r) {
				break
			}
			end += n
		}
		return end
	}
	return 0
}

// datelineEndsWell reports whether a dateline may end at s[end:]: at the end
// of s, or before white space (or, after an en or em dash, before the next
// word), and not before a lower-case word.
func datelineEndsWell(s string, end int, dash bool) bool {
	if end == len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[end:])
	last, _ := utf8.DecodeLastRuneInString(s[:end])
	if !unicode.IsSpace(r) && !(dash && (last == '–' || last == '—') && !unicode.IsLower(r)) {
		return false
	}
	rest := s[end:]
	for rest != "" {
		r, n := utf8.DecodeRuneInString(rest)
		if !unicode.IsSpace(r) {
			return !unicode.IsLower(r)
		}
		rest = rest[n:]
	}
	return true
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
