package summarize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence compression: a summary sentence keeps its main clause and drops
// the clause-level pieces that carry little news (asides in brackets or
// between dashes, trailing attributions such as ", police said.", and
// non-restrictive relative clauses). Compression only deletes whole pieces:
// it never adds, changes or reorders words, so a compressed sentence says
// no more than its source did.

// compressRule is one kind of deletion; rules are bits so that they can be
// switched on and off together.
type compressRule uint

const (
	// cutParen drops short asides in round or square brackets.
	cutParen compressRule = 1 << iota
	// cutDashAside drops an aside between two dashes.
	cutDashAside
	// cutAttribution drops a trailing ", police said." or ", according to
	// officials." clause.
	cutAttribution
	// cutRelative drops a non-restrictive ", who/which ...," clause.
	cutRelative
	// cutAppositive drops a descriptive ", a/an/the ...," phrase after a
	// name.
	cutAppositive
	// cutDashTail drops a trailing " -- ..." or " - ..." afterthought.
	cutDashTail
	// cutLeadIn drops a sentence-opening attribution or time phrase such
	// as "According to police, " or "On Monday, ".
	cutLeadIn
	// cutIngTail drops a trailing participle clause: ", sending smoke over
	// the area."
	cutIngTail

	cutAll = cutParen | cutDashAside | cutAttribution | cutRelative | cutAppositive | cutDashTail | cutLeadIn | cutIngTail
)

var (
	// parenAside is a bracketed aside of up to 80 characters with the
	// space before it.
	parenAside = regexp.MustCompile(`\s*[(\[][^()\[\]]{1,80}[)\]]`)
	// dashAside is " -- aside -- " with spaced dashes (two hyphens, en or
	// em dash, or a single hyphen as DailyMail writes them).
	dashAside = regexp.MustCompile(`\s+(?:--|—|–|-)\s+[^—–]{1,120}?\s+(?:--|—|–|-)\s+`)
	// dashTail is a trailing " -- afterthought." up to the final
	// punctuation.
	dashTail = regexp.MustCompile(`\s+(?:--|—|–)\s+[^—–"“”]{1,120}?([.!?]['"’”]?)\s*$`)
	// saidTail is a trailing ", <speaker> said <when>." clause.
	saidTail = regexp.MustCompile(`,\s+((?:[\p{L}\p{N}'’.-]+\s+){0,7}?(?:said|says|say|told|reported|reports|added|announced|confirmed|explained|stated)(?:\s+[\p{L}\p{N}'’.-]+){0,5}?)\s*([.!])$`)
	// ingTail is a trailing ", <verb>ing ..." participle clause.
	ingTail = regexp.MustCompile(`,\s+(\p{Ll}+ing)\b[^,;:"“”()]{0,120}?([.!])$`)
	// accordingTail is a trailing ", according to <source>." clause.
	accordingTail = regexp.MustCompile(`,\s+(according to\s+[^"“”]{1,120}?)\s*([.!])$`)
	// relClause is ", who/which/whose ... ," or such a clause at the end.
	relClause = regexp.MustCompile(`,\s+(?:who|which|whose)\s+[^,;:"“”()]{1,120}?(,\s+|[.!]$)`)
	// appositive is ", a/an/the <description>," after a capitalised word.
	appositive = regexp.MustCompile(`(\p{Lu}[\p{L}'’.-]*),\s+(?:a|an|the)\s+[^,;:"“”()]{1,80}?,\s+`)
	// leadIn is a sentence-opening "According to X, " or a short time or
	// place phrase "On Monday, ".
	leadIn = regexp.MustCompile(`^(?:According to [^,"“”]{1,60}|(?:On|Last|This|Earlier|Late|Early) (?:\p{Lu}\p{L}+|week|month|year|night|morning|afternoon|evening)(?: (?:night|morning|afternoon|evening))?|(?:Yesterday|Today|Tonight|Meanwhile|However|Now)), `)
	// verbish marks text that contains a finite verb: a descriptive phrase
	// with one is a clause, not an appositive, and is kept.
	verbish = regexp.MustCompile(`\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|did|does|do|said|says)\b|\w(?:ed)\b`)
)

// compress applies the rules to one sentence and returns the shorter
// sentence. A deletion that would leave fewer than minWords words, or a
// sentence that no longer starts with a capital or ends with its
// punctuation, is undone.
func compress(s string, rules compressRule) string {
	const minWords = 6
	if rules == 0 || len(strings.Fields(s)) < minWords {
		return s
	}
	try := func(cur, next string) string {
		if next == cur {
			return cur
		}
		next = tidy(next)
		if next == cur || len(strings.Fields(next)) < minWords || !wellFormed(next) {
			return cur
		}
		return next
	}
	// Normalise spacing first: DailyMail captions end in " ." and the
	// rules below expect the final punctuation right after the last word.
	s = tidy(s)
	quoted := strings.ContainsAny(s, `"“”`)
	if rules&cutParen != 0 && strings.ContainsAny(s, "([") {
		s = try(s, parenAside.ReplaceAllString(s, ""))
	}
	dashed := strings.Contains(s, " -") || strings.ContainsAny(s, "—–")
	if rules&cutDashAside != 0 && dashed {
		s = try(s, dashAside.ReplaceAllString(s, " "))
	}
	if rules&cutDashTail != 0 && !quoted && dashed {
		s = try(s, dashTail.ReplaceAllString(s, "$1"))
	}
	if rules&cutAttribution != 0 && !quoted {
		s = try(s, accordingTail.ReplaceAllString(s, "$2"))
		s = try(s, saidTail.ReplaceAllString(s, "$2"))
	}
	if rules&cutIngTail != 0 && strings.Contains(s, "ing") {
		s = try(s, ingTail.ReplaceAllStringFunc(s, func(m string) string {
			sub := ingTail.FindStringSubmatch(m)
			switch sub[1] {
			case "including", "according", "something", "nothing", "anything", "everything", "morning", "evening", "during", "thing", "king", "spring", "string", "ring":
				return m
			}
			return sub[2]
		}))
	}
	if rules&cutRelative != 0 && strings.Contains(s, ", wh") {
		s = try(s, relClause.ReplaceAllStringFunc(s, func(m string) string {
			if strings.HasSuffix(m, ".") || strings.HasSuffix(m, "!") {
				return m[len(m)-1:]
			}
			return " "
		}))
	}
	if rules&cutAppositive != 0 && strings.Contains(s, ", ") {
		s = try(s, appositive.ReplaceAllStringFunc(s, func(m string) string {
			sub := appositive.FindStringSubmatch(m)
			desc := m[len(sub[1]):]
			if verbish.MatchString(desc) || isCalendarWord(sub[1]) {
				return m
			}
			return sub[1] + " "
		}))
	}
	if rules&cutLeadIn != 0 {
		if loc := leadIn.FindStringIndex(s); loc != nil {
			s = try(s, capitalizeFirst(s[loc[1]:]))
		}
	}
	return s
}

// tidy removes the double spaces and the spaces before punctuation that a
// deletion leaves behind.
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{",", ".", ";", ":", "!", "?"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	s = strings.ReplaceAll(s, ",,", ",")
	s = strings.ReplaceAll(s, ",.", ".")
	return s
}

// wellFormed reports whether s looks like a sentence: it starts with a
// capital letter, a digit or an opening quote and ends with final
// punctuation (possibly followed by a closing quote).
func wellFormed(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !isOpeningQuote(r) && r != '$' && r != '£' && r != '€' {
		return false
	}
	t := strings.TrimRight(s, `"'’”)`)
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

// capitalizeFirst upper-cases the first letter of s. It is used only after a
// lead-in was cut, when the sentence's new first word was mid-sentence.
func capitalizeFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// isCalendarWord reports whether w names a day or a month: "On Monday, a
// man ..." is not an appositive.
func isCalendarWord(w string) bool {
	switch strings.ToLower(strings.TrimRight(w, ".")) {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december":
		return true
	}
	return false
}
