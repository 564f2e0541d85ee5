package summarize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsbot/newsbot/data/parse"
)

// The kinds of page furniture that cleanSentence recognises, each by its
// own pattern: datelines, bylines and biographies, timestamps, photo
// credits, video blocks, section labels, calls to action and share bars.
// Patterns are written for the forms that scraped news carries (CNN, USA
// TODAY, AP, Reuters, The Week) and anchored where the furniture sits, so
// that ordinary sentences using the same words are left alone.

// trimLeadingSymbols removes emoji, bullets and other symbols that open s
// ("🧀 Taco Bell …", "• Location: …"), with the joiners and variation
// selectors that go with emoji. Copyright and trademark signs are kept:
// they mark boilerplate.
func trimLeadingSymbols(s string) string {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == '©' || r == '®' || r == '™':
			return s
		case unicode.Is(unicode.So, r), unicode.Is(unicode.Sk, r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.Mn, r), unicode.IsSpace(r),
			r == '•', r == '·', r == '‣', r == '⁃', r == '>':
			s = s[n:]
		default:
			return s
		}
	}
	return s
}

// stripDateline removes the dateline that opens s (see parse.DatelineEnd):
// "Paris (CNN) —", "New York CNN Business —", "KYIV, Ukraine (AP) —",
// "LONDON, June 3 (Reuters) -", "CHARLEROI, Belgium –". A dateline that is
// all of s leaves "", one followed by fewer than three words is kept.
func stripDateline(s string) string {
	i := parse.DatelineEnd(s)
	if i == 0 {
		return s
	}
	rest := s[i:]
	// Only a place in capitals and a dash can be something else: "NASA -
	// yes." An outlet in a dateline is never part of the sentence.
	outlet := strings.Contains(s[:i], "(") || strings.Contains(s[:i], "CNN")
	if rest != "" && !outlet && len(strings.Fields(rest)) < 3 {
		return s
	}
	return rest
}

// Pieces of the byline and credit patterns: a capitalised word of a name,
// a name of up to five such words, and the outlets and photo agencies that
// end a byline or a credit.
const (
	capWordRE   = `\p{Lu}[\p{L}\p{M}\d.'’-]*`
	personName  = capWordRE + `(?: ` + capWordRE + `){0,4}`
	creditPart  = `[\p{L}\d][\p{L}\p{M}\d.'’&-]*(?: [\p{L}\d][\p{L}\p{M}\d.'’&-]*){0,4}`
	bylineOutlt = `(?:The )?Associated Press|AP|Reuters|AFP|CNN(?: Business)?|USA TODAY(?: Network| Sports)?|USA Today|Bloomberg`
	creditAgncy = `Getty Images|AP Photo|AP|AFP|Reuters|REUTERS|(?:The )?Associated Press|ASSOCIATED PRESS|CNN|EPA-EFE|EPA|` +
		`Shutterstock|Redux|Bloomberg|NurPhoto|USA TODAY(?: Sports| NETWORK| Network)?|USA Today(?: Network)?|` +
		`Imagn(?: Content Services)?|Sipa(?: USA)?|ZUMA(?: Press| Wire)?|Alamy|NASA|STScI|Pool|POOL|WPA Pool|` +
		`Anadolu Agency|SOPA Images|LightRocket|Sygma|Corbis|Hulton Archive|FilmMagic|WireImage`
	// credit is a photographer and agencies between slashes, the last one
	// a photo agency: "Douglas E. Curran/AFP/Getty Images", "Jo Li/AP",
	// "Axel Hid/dpa/picture alliance/Getty Images".
	credit = personName + `(?: ?/ ?` + creditPart + `)*? ?/ ?(?:` + creditAgncy + `)(?: via Getty Images)?`
)

var (
	// bylineOutlet is a name and an outlet before a dateline: "Jane Doe
	// Associated Press" in "Jane Doe Associated Press CHARLEROI, Belgium –".
	bylineOutlet = regexp.MustCompile(`^` + personName + ` (?:` + bylineOutlt + `) `)
	// byline is "By" and one or more names, perhaps with an outlet:
	// "By Jane Doe", "By Jane Doe and Li Wei, CNN".
	byline = regexp.MustCompile(`^By ` + personName + `(?:(?:,| and|, and) ` + personName + `)*(?:,? (?:` + bylineOutlt + `))?$`)
	// photoCredit is a photo credit that opens a caption.
	photoCredit = regexp.MustCompile(`^` + credit + `(?:\s|$)`)
	// trailingCredit is a photo credit that ends a caption.
	trailingCredit = regexp.MustCompile(`\s` + credit + `$`)
	// anyCredit is a photo credit anywhere.
	anyCredit = regexp.MustCompile(`(?:^|\s)` + credit + `(?:\s|$)`)
	// bracketCredit is a credit in brackets: "(Photo by Jo Li/AFP via
	// Getty Images)", "(AP Photo/Evan Vucci)".
	bracketCredit = regexp.MustCompile(`\((?:(?:AP |AFP |Reuters )?Photos?(?: by |/|: )|Image: |Credit: |Getty Images)[^()]*\)`)
)

// stripBylineAndOutlet removes a name and an outlet that come before a
// dateline ("Jane Doe Associated Press CHARLEROI, Belgium – …"), leaving
// the dateline for stripDateline.
func stripBylineAndOutlet(s string) string {
	if loc := bylineOutlet.FindStringIndex(s); loc != nil && parse.DatelineEnd(s[loc[1]:]) > 0 {
		return s[loc[1]:]
	}
	return s
}

// stripByline removes a byline that is all of s, or that comes before a
// timestamp, a dateline or another byline. A sentence that opens with "By"
// and a name and goes on ("By Christmas Eve the stores were empty.") is
// news and is kept.
func stripByline(s string) string {
	if !strings.HasPrefix(s, "By ") {
		return s
	}
	if byline.MatchString(s) {
		return ""
	}
	// The names may take in the capitalised words after them: try each
	// end of a word, up to the length of a long byline.
	for i := 3; i < len(s) && i < maxBylineLen; i++ {
		if s[i] != ' ' || !byline.MatchString(s[:i]) {
			continue
		}
		if rest := s[i+1:]; parse.DatelineEnd(rest) > 0 || timestamp.MatchString(rest) {
			return rest
		}
	}
	return s
}

// maxBylineLen is the longest byline, in bytes, that stripByline looks
// for before a timestamp or a dateline.
const maxBylineLen = 120

var (
	// timestamp is an "Updated" or "Published" line with a time or a date:
	// "Updated 4:12 PM ET, Tue June 14, 2022".
	timestamp = regexp.MustCompile(`^(?i:updated|published|posted|last updated)(?: on)?:? ` +
		`(?:\d{1,2}:\d{2} ?(?i:[ap]\.?m\.?)?(?: [A-Z]{2,4})?,? ?)?` +
		`(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,? )?` +
		`(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2}:\d{2} ?(?i:[ap]\.?m\.?)(?: [A-Z]{2,4})?)`)

	// videoBlock is CNN's video furniture: "JUST WATCHED <title> Replay
	// More Videos ...", "MUST WATCH <title> 02:12" and "Video Ad
	// Feedback 01:15 - Source: CNN <title>" (to the end: the title is all
	// that follows).
	videoBlock = regexp.MustCompile(`^(?:JUST WATCHED\b.*?Replay More Videos ?(?:\.\.\.|…)?|Replay More Videos ?(?:\.\.\.|…)?|` +
		`MUST WATCH\b.*?\b\d{1,2}:\d{2}\b|Video Ad Feedback\b.*$)\s*`)

	// furniturePrefixes are other furniture that opens a sentence and
	// that is cut off it, keeping the rest.
	furniturePrefixes = []*regexp.Regexp{
		timestamp,
		regexp.MustCompile(`^(?i:hide caption|show caption) \d+ of \d+\b`),
		// Section labels of newsletters and live pages.
		regexp.MustCompile(`^(?:TODAY'S|TODAY’S) [A-Z]+\b|^(?:QUIZ TIME|BREAKFAST BROWSE|AND FINALLY|READS OF THE WEEK|IN MEMORIAM|` +
			`BREAKING NEWS|BREAKING|EXCLUSIVE|LIVE UPDATES|STORY HIGHLIGHTS|Story highlights|WHAT TO WATCH|THE BIG PICTURE|Skip advert)(?:\s*[:—–-])?\s`),
		regexp.MustCompile(`^Editor(?:'|’)s [Nn]ote(?::|\s*[—–-])\s*`),
	}
)

// stripVideo removes the video blocks that open s.
func stripVideo(s string) string {
	for {
		loc := videoBlock.FindStringIndex(s)
		if loc == nil || loc[1] == 0 {
			return s
		}
		s = s[loc[1]:]
	}
}

// hasPhotoCredit reports whether s carries a photo credit: opening it
// ("Jo Li/AFP/Getty Images School children in …"), ending it ("… on
// Monday Jo Li/AP"), or in brackets ("(AP Photo/Jo Li)"), or what is left
// of one ("Getty Images", "via Getty Images …"). A sentence with
// a credit is a photo's caption, or a credit alone: in CNN's galleries and
// inline photos a credit follows its caption, and the next caption
// follows the credit.
func hasPhotoCredit(s string) bool {
	if s == "Getty Images" || strings.HasPrefix(s, "via Getty Images") {
		return true
	}
	if strings.Contains(s, "(") && bracketCredit.MatchString(s) {
		return true
	}
	return strings.Contains(s, "/") && (photoCredit.MatchString(s) || trailingCredit.MatchString(s))
}

// isCaptionParagraph reports whether para is a photo's caption, ending
// with the credit ("Chestnut reacts on Monday. Jo Li/AP"), or a gallery of
// captions and credits.
func isCaptionParagraph(para string) bool {
	if !strings.Contains(para, "/") {
		return false
	}
	return trailingCredit.MatchString(para) || len(anyCredit.FindAllStringIndex(para, 2)) == 2
}

var (
	// furnitureStarts open sentences that are furniture as a whole: calls
	// to action, share bars, related links, credits and contacts.
	furnitureStarts = regexp.MustCompile(`^(?:` +
		`(?i:photos?|photographer|gallery|video|watch|image|credit|photo credit|related|read more|more|see also|listen|advertisement|sponsored)\s*:|` +
		`(?i:sign up|subscribe|read more|click here|scroll down|share this|share on|advertisement|story continues|` +
		`thank you for supporting|consider supporting|support our journalism|download the|you can subscribe)\b|` +
		`(?:Contact|Reach|Email|E-mail|Follow|Find|Write to) (?:him|her|them|us|me|the (?:author|writer|reporter))\b|` +
		`Follow ` + personName + ` on (?:Twitter|Facebook|Instagram|X)\b|` +
		// Contact lines with an address or a handle.
		`(?:Follow|Contact|Reach|Email|E-mail|Send|Write to|You can reach|You can follow)\b[^"“]*@|` +
		`A version of this (?:story|article|post) (?:first )?appeared\b|` +
		// Newsletter promotions: "(You can get "5 Things" delivered to
		// your inbox daily. Sign up here.)"
		`\(?(?:You can (?:also )?get|Get|Want to get|To get|Have)\b[^.]{0,100}?\b(?:delivered )?(?:right )?(?:to|in) your inbox\b|` +
		`Get\b[^.]{0,60}\bnewsletter\b|(?:The )?\p{Lu}[^.]{0,40} is a [^.]{0,40}\b(?:news roundup|newsletter)\b|` +
		// Subscription pleas, data-consent text, affiliate and funding
		// disclosures.
		`Support (?:local|our|independent|quality) journalism\b|To (?:empower|support) the journalism\b|` +
		`We will use the details you have shared\b|You agree to the processing\b|If you wish to object to the use of your data\b|` +
		`(?:'|’)We(?:'|’) includes\b|(?:[—–-] ?)?Recommendations are independently chosen\b|[^.]{0,60} does not provide editorial input\b|(?i:join us on)\b|Purchases you make through our links\b|` +
		`Prices were accurate at the time\b|The product experts at\b|Its content is produced independently\b|` +
		`Our fact[- ]check work is supported\b|[\p{L}, &-]{0,60}\bcoverage (?:at|from) [^.]{0,30}\b(?:is|are) (?:made possible|supported|funded)\b|` +
		`Check (?:your|the) local forecast\b|` +
		`Follow (?:\p{Lu}[\p{L}.]* ){1,4}(?:reporter|writer|columnist|editor|correspondent) [^.]{0,40}\bon (?:Twitter|Facebook|Instagram|X)\b|` +
		// and the lines that lead into a newsletter's list.
		`Here(?:'|’)s what else you need to know\b|(?i:here(?:'|’)s what you need to know to get up to speed)\b|If your day doesn(?:'|’)t start until you(?:'|’)re up to speed\b|` +
		// A label in capitals glued to a linked headline: "MORE:Here's a
		// map …", "WHAT WE KNOW:Floods …". (In other case it may be a
		// place heading a news item: "Salem:The state's firs …".)
		`\p{Lu}[\p{Lu}\d '’,.&-]{1,40}:\p{Lu}|` +
		// Shopping links: "Get the Tubshroom at Amazon for $12.95".
		`Get [^.]{1,100}? (?:at|from|on) (?:Amazon|Walmart|Target|Best Buy|Home Depot|Wayfair|Nordstrom|Ulta|Sephora|Macy's|Kohl's|Etsy)\b|` +
		`Contributing:|Contributing writers?\b|` +
		`(?i:the (?:views|opinions) expressed in this)|` +
		`This (?:page|story|article|column|gallery|post|piece) (?:recaps|has been updated|was updated|was originally|originally|first appeared|contains|reflects|is developing|will be updated)\b|` +
		`(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER) \d{1,2}:` +
		`)`)

	// furnitureParts mark furniture anywhere in a sentence.
	furnitureParts = regexp.MustCompile(`\b[Cc]ontributed to this (?:report|story|article|section|piece)\b|` +
		`\bdelivered (?:right )?to your inbox\b|` +
		`\bReplay More Videos\b|^Prev(?:ious)? Next$|\bis a USA TODAY content partner\b`)

	// bio is a journalist's biography: "Jane Doe is a senior reporter at
	// …", "Jane Doe is a CNN legal analyst."
	bio = regexp.MustCompile(`^` + personName + `,? (?:is|was|has been) (?:a|an|the) (?:[\p{L}\p{M}'’&-]+,? ){0,6}?` +
		`(?i:reporter|correspondent|columnist|writer|editor|contributor|journalist|producer|analyst|commentator|anchor|photographer|videographer)s?\b`)

	// beat is a reporter's beat: "Jane Doe covers the statehouse for the
	// Register."
	beat = regexp.MustCompile(`^` + personName + ` (?:covers|writes about|reports on) [^.]*\b(?:for|at) (?:the |The )?\p{Lu}[^.]*\.?$`)

	// creditResidue is what is left of a credit in brackets that the
	// sentence splitter cut in two: "BROWN / AFP)".
	creditResidue = regexp.MustCompile(`^[^()]{0,40}\)$`)

	// pronouns open sentences about someone already named.
	pronouns = map[string]bool{"He": true, "She": true, "They": true, "It": true, "We": true, "I": true, "You": true}

	// shareWords are the words of a share bar.
	shareWords = map[string]bool{
		"share": true, "facebook": true, "twitter": true, "email": true, "e-mail": true, "linkedin": true,
		"whatsapp": true, "pinterest": true, "reddit": true, "print": true, "copy": true, "link": true,
		"comment": true, "comments": true, "messenger": true, "flipboard": true, "sms": true, "tweet": true,
		"this": true, "article": true, "story": true, "save": true, "on": true, "x": true, "|": true,
	}
	shareNetworks = map[string]bool{"facebook": true, "twitter": true, "email": true, "linkedin": true,
		"whatsapp": true, "pinterest": true, "reddit": true, "messenger": true, "flipboard": true}
)

// hasFurniturePart reports whether furnitureParts matches s, looking for
// the words it needs first: an unanchored pattern is slow to fail on
// every sentence of every source.
func hasFurniturePart(s string) bool {
	if !strings.Contains(s, "ontributed to this") && !strings.Contains(s, "Replay More") &&
		!strings.Contains(s, "content partner") && !strings.HasPrefix(s, "Prev") && !strings.Contains(s, "your inbox") {
		return false
	}
	return furnitureParts.MatchString(s)
}

// isShareBar reports whether s is made only of share words, with at least
// one social network among them.
func isShareBar(s string) bool {
	if first, _, _ := strings.Cut(s, " "); !shareWords[strings.ToLower(strings.Trim(first, ".,:;!"))] {
		return false
	}
	network := false
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, ".,:;!")
		if !shareWords[w] {
			return false
		}
		network = network || shareNetworks[w]
	}
	return network
}
