package summarize

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the syntax of citation markers: reading them, removing
// them, writing them back, and keeping each with the sentence it follows.

// markerRE matches citation markers: [3], [1, 2], [1-3], [1–3], [Source 2].
// Adjacent markers such as [1][2] match one at a time.
var markerRE = regexp.MustCompile(`\[(?i:sources?\s*)?(\d+(?:\s*(?:[,;\-–]|and)\s*\d+)*)\]`)

// leadingMarkers matches markers at the start of a sentence: the splitter
// puts "Foo. [1] Bar." as "Foo." and "[1] Bar.", and they belong to Foo.
var leadingMarkers = regexp.MustCompile(`^(?:\s*` + markerRE.String() + `)+`)

// moveLeadingMarkers moves markers that start a sentence to the end of the
// sentence before it.
func moveLeadingMarkers(sents []string) []string {
	out := sents[:0:0]
	for _, s := range sents {
		if m := leadingMarkers.FindString(s); m != "" && len(out) > 0 {
			out[len(out)-1] += " " + strings.TrimSpace(m)
			s = strings.TrimSpace(s[len(m):])
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parseMarkers returns the source numbers cited in s, in order.
func parseMarkers(s string) []int {
	var out []int
	for _, m := range markerRE.FindAllStringSubmatch(s, -1) {
		inner := strings.NewReplacer("and", ",", ";", ",", "–", "-").Replace(m[1])
		for _, part := range strings.Split(inner, ",") {
			lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
			a, err := strconv.Atoi(strings.TrimSpace(lo))
			if err != nil {
				continue
			}
			if !isRange {
				out = append(out, a)
				continue
			}
			b, err := strconv.Atoi(strings.TrimSpace(hi))
			if err != nil || b < a || b-a > maxMarkerRange {
				out = append(out, a)
				continue
			}
			for n := a; n <= b; n++ {
				out = append(out, n)
			}
		}
	}
	return out
}

// stripMarkers removes the markers of s and tidies the space they leave.
func stripMarkers(s string) string {
	s = markerRE.ReplaceAllString(s, "")
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{".", ",", ";", ":", "!", "?", ")"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	return strings.TrimSpace(s)
}

// withMarkers appends [n] markers to s, before its final period.
func withMarkers(s string, nums []int) string {
	if len(nums) == 0 {
		return s
	}
	var m strings.Builder
	for _, n := range nums {
		m.WriteString("[" + strconv.Itoa(n) + "]")
	}
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		return s[:len(s)-1] + " " + m.String() + "."
	}
	return s + " " + m.String()
}

// markersAfterEnd matches a sentence end followed by markers: ". [7]",
// "." [1][3]", "? [1, 3]".
var markersAfterEnd = regexp.MustCompile(`[.!?…]["'”’)]*(?:\s*` + markerRE.String() + `)+`)

// cutAfterMarkers cuts a line after every run of markers that follows a
// sentence end and precedes the next sentence ("A. [7] B [8]." becomes
// "A. [7]" and "B [8]."). The splitter cannot do it: after a number
// ("in 2022. [7] Families") Punkt sees no sentence end before a bracket,
// and the marker would travel with the next sentence.
func cutAfterMarkers(line string) []string {
	var out []string
	start := 0
	for _, m := range markersAfterEnd.FindAllStringIndex(line, -1) {
		rest := strings.TrimLeft(line[m[1]:], " \t")
		if rest == "" || len(rest) == len(line[m[1]:]) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); !startsSentence(r) {
			continue
		}
		out = append(out, line[start:m[1]])
		start = m[1]
	}
	return append(out, line[start:])
}

// startsSentence reports whether r may open a sentence: a capital, a digit,
// a quotation mark or markdown emphasis.
func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"“‘'*_(`, r)
}
