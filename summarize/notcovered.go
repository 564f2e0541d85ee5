package summarize

import "regexp"

// The patterns below recognise a sentence saying that the sources do not
// cover something, in the ways models usually say it: "The sources do not
// break down …", "None of the articles mention …", "It is not clear from
// the reports …", "The provided sources don't say …", "I couldn't find …",
// "There's no information about …". Such a sentence needs no citation and
// is not a claim to drop.
var (
	// sourceNegRE: a source word, then a negated auxiliary ("The provided
	// sources don't say", "the articles did not specify").
	sourceNegRE = regexp.MustCompile(`(?i)\b(?:sources?|articles?|reports?|reporting|coverage|passages?|excerpts?|documents?|stories|story|context)\b[^.;]{0,40}?\b(?:do|does|did|is|are|was|were|has|have|can|could)(?:\s+not|n't)\b`)
	// noneOfRE: "None of the articles", "neither source", "no article
	// mentions".
	noneOfRE = regexp.MustCompile(`(?i)\b(?:(?:none|neither)\s+of\s+the\s+(?:\w+\s+)?(?:sources?|articles?|reports?|passages?|stories)|neither\s+(?:source|article|report)|no\s+(?:source|article|report|passage)s?\s+(?:\w+\s+)?(?:mentions?|says?|states?|covers?|gives?|reports?|specif(?:y|ies)|addresse?s?|explains?|indicates?|provides?|names?|includes?))\b`)
	// notSaidRE: a negated verb of saying or knowing, to be paired with a
	// source word anywhere in the sentence ("It is not clear from the
	// reports", "is not mentioned in the coverage").
	notSaidRE = regexp.MustCompile(`(?i)\b(?:(?:do|does|did|is|are|was|were|has|have)(?:\s+not|n't)\s+(?:\w+\s+)?(?:say|said|mention|mentioned|cover|covered|report|reported|specify|specified|state|stated|include|included|give|given|provide|provided|address|addressed|explain|explained|indicate|clear|known|available|disclose|disclosed|detail|detailed|break|name|named|identify|identified|describe|described|discuss|discussed)|unclear|unknown|not\s+(?:yet\s+)?known|silent\s+on|make\s+no\s+mention)`)
	// noInfoRE: "There's no information about", "no details on", "nothing
	// in the sources".
	noInfoRE = regexp.MustCompile(`(?i)\b(?:no\s+(?:further\s+|other\s+|specific\s+)?(?:information|details?|mention|reports?|coverage|data|figures?|breakdown)|nothing\s+in\s+the\s+(?:\w+\s+)?(?:sources?|articles?|reports?|coverage|passages?))\b`)
	// firstPersonRE: the model speaking of its own search ("I couldn't
	// find", "I don't have information").
	firstPersonRE = regexp.MustCompile(`(?i)\bI\s+(?:could\s*not|couldn't|can\s*not|cannot|can't|did\s*not|didn't|was\s+unable\s+to|am\s+unable\s+to|do\s*not|don't|have\s+not|haven't)\s+(?:\w+\s+)?(?:find|see|locate|identify|confirm|determine|tell|have|found|seen)\b|\bI\s+(?:have|had)\s+no\s+(?:information|details?|data)\b`)
	sourceWordRE  = regexp.MustCompile(`(?i)\b(?:sources?|articles?|reports?|reporting|coverage|news|passages?|excerpts?|documents?|stories)\b`)
)

// saysNotCovered reports whether s says the sources lack something.
func saysNotCovered(s string) bool {
	return noInfoRE.MatchString(s) || sourceNegRE.MatchString(s) || noneOfRE.MatchString(s) ||
		firstPersonRE.MatchString(s) || (notSaidRE.MatchString(s) && sourceWordRE.MatchString(s))
}
