package summarize

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Scraped news text carries page furniture: headings, datelines, bylines,
// photo credits, video and gallery blocks, share bars and calls to action.
// The extractive engine must never quote it as a sentence of news, nor
// glue it to one. This file cleans text for quoting, paragraph by
// paragraph and sentence by sentence; furniture.go has the patterns.

// quotable splits text into the sentences that may be quoted: the
// paragraphs that are furniture are dropped (cleanText), the text is split
// into sentences, each sentence is cleaned (cleanSentence) and two
// sentences run together are split (splitRunOn); sentences that are
// furniture through and through are dropped.
func (e *Extractive) quotable(text string) []string {
	var out []string
	for _, s := range e.split(cleanText(text)) {
		for _, part := range splitRunOn(cleanSentence(s)) {
			if part = cleanSentence(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// maxHeadingWords is the longest paragraph, in words, that is taken for a
// heading when it does not end a sentence.
const maxHeadingWords = 8

// cleanText returns text without its furniture paragraphs (see
// isFurnitureParagraph) and with the video blocks cut from the start of the
// others. The paragraphs that are kept stay separated by blank lines, and
// their line breaks stay as they are.
func cleanText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var kept []string
	quiz := false
	for _, para := range paraBreak.Split(text, -1) {
		para = strings.TrimSpace(stripVideo(strings.TrimSpace(para)))
		switch {
		case quizLabel.MatchString(para):
			// A newsletter's quiz: the question after the label
			// restates a story to ask about it, and its choices
			// follow; none of it is news to quote.
			quiz = true
			continue
		case quiz && (quizChoice.MatchString(para) || quizQuestion(para)):
			continue
		}
		quiz = false
		if para == "" || isFurnitureParagraph(para) {
			continue
		}
		kept = append(kept, para)
	}
	return strings.Join(kept, "\n\n")
}

var (
	// quizLabel is the heading of a newsletter's quiz, quizChoice one of
	// its choices ("B. Pumpkin Spice Latte").
	quizLabel  = regexp.MustCompile(`^(?:QUIZ TIME|NEWS QUIZ|POP QUIZ|QUIZ)\s*[:!]?$`)
	quizChoice = regexp.MustCompile(`^[A-F][.)] \S`)
)

// quizQuestion reports whether para, after a quiz label, is the quiz's
// question: a paragraph that ends asking.
func quizQuestion(para string) bool {
	return strings.HasSuffix(strings.TrimRight(para, ` "'”’)`), "?")
}

// galleryCaption marks a paragraph of a photo gallery: "Hide Caption 3 of
// 12" follows every caption.
var galleryCaption = regexp.MustCompile(`(?i)\bhide caption \d+ of \d+\b`)

// isFurnitureParagraph reports whether para, a whole paragraph, is page
// furniture: a heading or another short fragment that does not end a
// sentence ("Gun laws", "TODAY'S NUMBER", "Patrick Ryan", "USA TODAY",
// "CNN —"), a rule or a lone symbol ("___", "♦"), a photo gallery or a
// photo's caption.
func isFurnitureParagraph(para string) bool {
	if !hasAlnum(para) || isHeading(para) {
		return true
	}
	return hasPrefixFold(para, "photos:") || hasPrefixFold(para, "photo:") ||
		strings.Contains(para, "aption") && galleryCaption.MatchString(para) || isCaptionParagraph(para)
}

// isHeading reports whether para is short (at most maxHeadingWords words)
// and does not end with a sentence's end. A label and its value
// ("Location: Rome", "• Birth rate: 16 per 1,000") is data rather than a
// heading and is kept.
func isHeading(para string) bool {
	if len(strings.Fields(para)) > maxHeadingWords {
		return false
	}
	t := strings.TrimRight(para, ` "'”’)]»`)
	if r, _ := utf8.DecodeLastRuneInString(t); r == '.' || r == '!' || r == '?' || r == '…' {
		return false
	}
	if i := strings.Index(t, ":"); i > 0 && i < len(t)-1 {
		return false
	}
	return true
}

// runOnWords are the capitalised words that open the second of two
// sentences run together.
var runOnWords = []string{"The", "A", "An", "It", "He", "She", "They", "We", "This", "These", "Those", "In", "According"}

// runOn finds where a sentence may start inside another without a period
// before it: a lower-case word, one of runOnWords, and two lower-case
// words ("… as part of its budget The plan is …").
var runOn = regexp.MustCompile(`(?:^|[\s(“"‘])(\p{Ll}[\p{Ll}'’-]*\p{Ll}) (` + strings.Join(runOnWords, "|") + `) ` +
	`[\p{Ll}][\p{L}'’-]*,? [“"‘]?\p{Ll}`)

// runOnLeft are lower-case words after which a capitalised word does not
// start a sentence: it is a title, a name or a label ("told The
// Associated Press", "starring in It Follows", "type A blood").
var runOnLeft = map[string]bool{
	"and": true, "or": true, "nor": true, "but": true, "that": true, "which": true, "who": true, "whom": true,
	"what": true, "when": true, "where": true, "why": true, "how": true, "if": true, "as": true, "because": true,
	"than": true, "so": true, "since": true, "before": true, "after": true, "until": true, "while": true,
	"though": true, "although": true, "unless": true, "once": true, "whether": true, "like": true, "then": true,
	"of": true, "to": true, "for": true, "from": true, "by": true, "with": true, "about": true, "into": true,
	"at": true, "in": true, "on": true, "via": true, "against": true, "between": true, "among": true,
	"during": true, "without": true, "within": true, "under": true, "over": true, "through": true, "across": true,
	"the": true, "a": true, "an": true, "is": true, "was": true, "are": true, "were": true, "be": true, "been": true,
	"told": true, "said": true, "says": true, "say": true, "wrote": true, "tweeted": true, "added": true,
	"read": true, "watch": true, "watched": true, "called": true, "named": true, "titled": true, "dubbed": true,
	"starring": true, "including": true, "think": true, "know": true, "can": true, "do": true, "should": true,
	"type": true, "grade": true, "class": true, "plan": true, "vitamin": true, "group": true, "category": true,
	"option": true, "model": true, "round": true, "phase": true, "all": true, "am": true, "new": true,
}

// minRunOnWords is how many words the second of two sentences run
// together needs.
const minRunOnWords = 4

// splitRunOn splits s where a second sentence starts without a period
// before it (see runOn), when it is clearly two: the word before is not
// one that titles and labels follow, and the second part has at least
// minRunOnWords words. A first part of at most maxHeadingWords words is a
// heading that lost its paragraph break ("Pressing agendas The talks are
// …"), and is dropped.
func splitRunOn(s string) []string {
	if !hasRunOnStart(s) {
		return []string{s}
	}
	var out []string
	for s != "" {
		cut := -1
		for _, m := range runOn.FindAllStringSubmatchIndex(s, -1) {
			// m[2:4] is the lower-case word, m[4:6] the sentence start.
			if runOnLeft[s[m[2]:m[3]]] || len(strings.Fields(s[m[4]:])) < minRunOnWords {
				continue
			}
			cut = m[4]
			break
		}
		if cut < 0 {
			break
		}
		head := strings.TrimSpace(s[:cut])
		if len(out) > 0 || len(strings.Fields(head)) > maxHeadingWords {
			out = append(out, head)
		}
		s = s[cut:]
	}
	if s == "" {
		return out
	}
	return append(out, s)
}

// hasRunOnStart reports whether one of runOnWords is in s between
// spaces: most sentences have none, and runOn, unanchored, is slow to fail
// on them.
func hasRunOnStart(s string) bool {
	for _, w := range runOnWords {
		if strings.Contains(s, " "+w+" ") {
			return true
		}
	}
	return false
}

// maxFurniturePrefixes bounds how many pieces of furniture cleanSentence
// strips from the start of one sentence ("Hide Caption 1 of 9 Photos: …",
// "Jane Doe Associated Press KYIV, Ukraine – …").
const maxFurniturePrefixes = 6

// cleanSentence returns s ready to be quoted: without the furniture that
// opens it (leading symbols and emoji, datelines, bylines, timestamps,
// video blocks, gallery counters, section labels, an editor's note
// label). It returns "" when s is furniture through and through (see
// isFurnitureSentence) or a photo's caption (see hasPhotoCredit). A
// dateline followed by fewer than three words is kept: "NASA - yes." is
// not a dateline and a sentence.
func cleanSentence(s string) string {
	s = strings.TrimSpace(s)
	if hasPhotoCredit(s) {
		return ""
	}
	for range maxFurniturePrefixes {
		t, ok := stripFurniturePrefix(s)
		if !ok {
			break
		}
		if t == "" {
			return ""
		}
		s = t
	}
	if isFurnitureSentence(s) {
		return ""
	}
	return s
}

// stripFurniturePrefix removes one piece of furniture from the start of s
// and reports whether it found one.
func stripFurniturePrefix(s string) (string, bool) {
	if t := trimLeadingSymbols(s); t != s {
		return t, true
	}
	if t := stripDateline(s); t != s {
		return t, true
	}
	for _, strip := range []func(string) string{stripBylineAndOutlet, stripByline, stripVideo} {
		if t := strip(s); t != s {
			return strings.TrimSpace(t), true
		}
	}
	for _, re := range furniturePrefixes {
		if loc := re.FindStringIndex(s); loc != nil {
			return strings.TrimSpace(s[loc[1]:]), true
		}
	}
	return s, false
}

// isFurnitureSentence reports whether s, a sentence stripped of the
// furniture that opened it, is furniture as a whole: no letters or digits,
// a call to action ("Sign up for our newsletter", "Read more: …"), a share
// bar ("Facebook Twitter Email"), a related link, a photo credit or
// caption dateline, a contact line ("Follow him on Twitter @…"), a
// contributors' line, a journalist's biography or beat, or an editor's
// note about the page itself.
func isFurnitureSentence(s string) bool {
	if !hasAlnum(s) || furnitureStarts.MatchString(s) || hasFurniturePart(s) {
		return true
	}
	if strings.HasSuffix(s, ")") && creditResidue.MatchString(s) {
		return true
	}
	// A biography or a beat is about a named journalist; "He is a
	// reporter for …" in a story is news about him.
	if first, _, _ := strings.Cut(s, " "); !pronouns[first] {
		if bio.MatchString(s) && !strings.Contains(bio.FindString(s), " former ") {
			return true
		}
		if beat.MatchString(s) {
			return true
		}
	}
	return isShareBar(s)
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// boilerplateParts and boilerplateStarts mark sentences that are page
// furniture, not news (compared lower-cased).
var (
	boilerplateParts = []string{
		"scroll down", "click here", "read more", "sign up", "subscribe",
		"follow us", "share this", "all rights reserved", "copyright", "©",
		"please enable", "cookies", "terms of use", "terms of service", "newsletter",
	}
	boilerplateStarts = []string{
		"updated:", "published:", "posted:", "last updated:", "photo:", "video:",
		"watch:", "related:", "advertisement", "follow ",
	}
)

// isBoilerplate reports whether s looks like page furniture anywhere in
// it: a byline, a "Scroll down for video" or "CLICK HERE" line and the
// like. It is looser than isFurnitureSentence: what it finds is not
// dropped, only never picked.
func isBoilerplate(s string) bool {
	l := strings.ToLower(s)
	for _, p := range boilerplateParts {
		if strings.Contains(l, p) {
			return true
		}
	}
	for _, p := range boilerplateStarts {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	// A byline: "By Jane Doe" (but not "By the time ..." nor "By August,
	// he was out.").
	return byline.MatchString(s)
}
