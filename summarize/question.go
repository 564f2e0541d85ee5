package summarize

import (
	"regexp"
	"strings"
	"unicode"
)

// Question analysis for the extractive engine: what kind of answer a
// question wants (a cause, a date, a name, a number, an event), what it is
// about (its subject and the names in it) and its main verb, so that
// sentences can be ranked by how directly they answer it rather than by
// word overlap alone.

// qKind is the kind of answer a question asks for.
type qKind int

const (
	kindOther qKind = iota
	kindWhy         // a cause or reason
	kindWhen        // a date, day or time
	kindWho         // a person, team or organisation
	kindWhere       // a place
	kindCount       // a number or an amount
	kindWhat        // an event or decision
)

// question is a parsed question.
type question struct {
	kind qKind
	// terms are the distinct stems of the question's content words.
	terms []string
	// key are the stems that say what the question is about: the names
	// in it and its grammatical subject ("parliament" in "What did
	// parliament decide?").
	key []string
	// verbs are the stems of the words after the subject that may be the
	// main verb ("decid", "launch"; "repair" and "cost" in "How much will
	// the bridge repair cost?"); syn holds stems of words that paraphrase
	// them ("approv", "lift").
	verbs []string
	syn   map[string]bool
	// focus are the stems of what a how-many/how-much question counts.
	focus []string
	// names are the stems of the names in the question: capitalised
	// words after its first, days and months left out.
	names []string
	// thing is the stem of the noun a which- or what-question asks to
	// name ("show" in "Which popular show was renewed?").
	thing string
	// current is set for questions about the present state ("Why is the
	// bridge closed?"), past for questions about a finished event ("When
	// did the probe launch?").
	current, past bool
	// money is set for how-much questions about an amount of money, age
	// for how-old questions.
	money, age bool
	// superlative is the direction of the asking sentence's superlative
	// (see superlativeDir): 1 for "Which state has the highest price?".
	superlative int
}

// tok is one word of a text.
type tok struct {
	// low is the lower-cased word, stem its stem as terms makes it (""
	// for stop words).
	low, stem string
	// num marks numbers, cap words that start with a capital letter,
	// brk words followed by a clause break (a comma, semicolon, colon or
	// dash).
	num, cap, brk bool
	// name marks a capitalised first word of a sentence that the texts
	// around it write with a capital inside sentences, and never
	// without: "Adele is returning", not "Sales fell" (see markNames).
	name bool
}

// wordRE matches a word: letters and digits, with apostrophes, decimal
// points and thousands commas inside.
var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+(?:(?:['’][\p{L}]+)|(?:[.,]\d+))*`)

// tokenize splits s into words, keeping stop words (whose stem is "").
func tokenize(s string) []tok {
	ms := wordRE.FindAllStringIndex(s, -1)
	out := make([]tok, 0, len(ms))
	for _, m := range ms {
		w := s[m[0]:m[1]]
		r := []rune(w)
		// "iPhone" and "eBay" are names too, though they start small.
		camel := len(r) > 2 && unicode.IsLower(r[0]) && unicode.IsUpper(r[1]) && unicode.IsLower(r[2])
		t := tok{num: unicode.IsDigit(r[0]), cap: unicode.IsUpper(r[0]) || camel}
		// A hyphen inside a word ("e-bike") is no break; a spaced
		// dash is.
		after := strings.TrimLeft(s[m[1]:], `"'’”)`)
		rest := strings.TrimLeft(after, " ")
		t.brk = strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, ";") || strings.HasPrefix(rest, ":") ||
			strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") ||
			(strings.HasPrefix(rest, "-") && len(rest) < len(after))
		low := strings.ToLower(w)
		low = strings.ReplaceAll(low, "’", "'")
		if t.num {
			low = strings.ReplaceAll(low, ",", "")
		} else {
			low = strings.TrimSuffix(strings.TrimSuffix(low, "'s"), "'")
		}
		t.low = low
		switch {
		case t.num:
			t.stem = low
		case !stopWords[low] && len(r) >= 2:
			t.stem = stemWord(low)
		}
		out = append(out, t)
	}
	return out
}

// verbSyn lists, by the stem of a question's verb, words that news
// sentences use for the same event. Read-only.
var verbSyn = stemKeys(map[string][]string{
	"win":      {"won", "beat", "beating", "victory", "winner", "champion", "champions", "title"},
	"won":      {"win", "beat", "beating", "victory", "winner", "champion", "champions", "title"},
	"launch":   {"launched", "lift", "lifted", "liftoff", "blasted", "left", "took"},
	"decide":   {"decided", "decision", "approved", "approve", "passed", "voted", "vote", "rejected", "agreed", "backed", "adopted", "ruled", "chose", "cleared"},
	"vote":     {"voted", "approved", "passed", "rejected", "backed"},
	"pass":     {"passed", "approved", "approve", "adopted", "voted", "cleared", "backed"},
	"give":     {"gave", "given", "released", "granted", "awarded", "allocated", "pledged", "paid", "funds", "funding"},
	"pay":      {"paid", "cost", "costs", "spent", "funds"},
	"spend":    {"spent", "cost", "costs", "paid"},
	"cost":     {"costs", "paid", "price", "spent", "estimate"},
	"close":    {"closed", "shut", "closure"},
	"shut":     {"closed", "close", "closure"},
	"open":     {"opened", "reopen", "reopened", "opening"},
	"reopen":   {"reopened", "open", "opened"},
	"recall":   {"recalled", "recalling"},
	"die":      {"died", "dead", "killed", "deaths"},
	"kill":     {"killed", "died", "dead", "deaths"},
	"find":     {"found", "discovered"},
	"arrest":   {"arrested", "detained", "charged"},
	"happen":   {"happened", "occurred"},
	"start":    {"began", "begin", "started", "starts"},
	"begin":    {"began", "start", "started", "starts"},
	"end":      {"ended", "finished"},
	"resign":   {"resigned", "quit", "stepped"},
	"announce": {"announced", "said", "unveiled"},
	"cause":    {"caused", "because", "blamed", "due"},
	"lose":     {"lost", "defeat", "defeated", "beaten"},
	"lost":     {"lose", "defeat", "defeated", "beaten"},
})

// stemKeys stems the keys and words of a synonym table.
func stemKeys(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, ws := range m {
		ss := make([]string, 0, len(ws))
		for _, w := range ws {
			ss = append(ss, stemWord(w))
		}
		out[stemWord(k)] = ss
	}
	return out
}

// leadingConjunction are the words that may open a follow-up question.
var leadingConjunction = map[string]bool{"and": true, "but": true, "so": true, "also": true, "then": true, "ok": true}

// auxVerbs are the auxiliaries that follow a question word.
var auxVerbs = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "did": true, "does": true, "do": true,
	"has": true, "have": true, "had": true, "will": true, "can": true, "could": true,
	"would": true, "should": true,
}

// linkingVerbs join a subject to what is said of it, as "is" does: the
// noun phrase a which-question asks about ends before them.
var linkingVerbs = map[string]bool{
	"remains": true, "remain": true, "seems": true, "seem": true, "becomes": true, "become": true,
	"appears": true, "appear": true, "stays": true, "stay": true, "looks": true, "continues": true,
}

// moneyWords mark a how-much question about money.
var moneyWords = map[string]bool{
	"cost": true, "pay": true, "paid": true, "fund": true, "funds": true, "funding": true, "relief": true,
	"aid": true, "price": true, "budget": true, "money": true, "spend": true, "spent": true, "raise": true,
	"worth": true, "fine": true, "grant": true, "give": true, "gave": true, "loan": true, "compensation": true,
	"donate": true, "donated": true, "bill": true, "damage": true,
}

// parseQuestion analyses a question.
func parseQuestion(s string) question {
	all := tokenize(s)
	// The question's shape is read from the sentence that asks: "NASA
	// released images. What did they show?"
	asking := askingSentence(s)
	toks := tokenize(asking)
	q := question{terms: contentStems(all), syn: make(map[string]bool)}
	after := q.readKind(toks, findWh(toks))
	q.readVerbs(toks, q.readSubject(toks, after))
	if asksAboutNow(toks) {
		q.current = true
	}
	if asking != s {
		// The sentences before the one that asks set the scene: their
		// names are the story's, and a source must hold them, but the
		// sentence that answers is about what the asking one names.
		q.readNames(toks, true)
		q.readNames(all, false)
	} else {
		q.readNames(all, true)
	}
	q.key = uniqWords(q.key)
	for _, v := range q.verbs {
		for _, w := range verbSyn[v] {
			q.syn[w] = true
		}
	}
	if d := superlativeDirs(toks); len(d) > 0 {
		q.superlative = d[0]
	}
	// "How much snow fell?" is an amount, but not of money.
	q.money = q.money && hasMoneyWord(all)
	return q
}

// contentStems returns the distinct stems of the content words in toks.
func contentStems(toks []tok) []string {
	var stems []string
	for _, t := range toks {
		if t.stem != "" {
			stems = append(stems, t.stem)
		}
	}
	return uniqWords(stems)
}

// findWh returns the index of the question word in toks, or -1 for a
// yes/no question. The question word is one of the first few words ("And
// why is ..."), or "which" or "what" further on that no comma leads into
// ("A volcano in which country erupted?"; not ", which erupted"), or "how
// many", "how much" or "how old" anywhere.
func findWh(toks []tok) int {
	for i := 0; i < len(toks); i++ {
		switch w := toks[i].low; {
		case i < 4 && (w == "why" || w == "when" || w == "who" || w == "whom" || w == "whose" || w == "where" || w == "how"):
			return i
		case (w == "what" || w == "which") && (i < 4 || !toks[i-1].brk):
			return i
		case w == "how" && i+1 < len(toks) && (toks[i+1].low == "many" || toks[i+1].low == "much" || toks[i+1].low == "old"):
			// "…, approximately how much does it cost?"
			return i
		}
	}
	return -1
}

// lowAt returns the lower-cased word at i, or "" past the end.
func lowAt(toks []tok, i int) string {
	if i < len(toks) {
		return toks[i].low
	}
	return ""
}

// readKind sets the kind of answer q asks for, from the question word at
// wh (-1 for none) and the words that override it, and returns the index
// of the first word after the question phrase.
func (q *question) readKind(toks []tok, wh int) int {
	var after int
	if wh < 0 {
		// A yes/no question: "(And) did the rail bill pass?"
		for after < len(toks) && after < 2 && leadingConjunction[toks[after].low] {
			after++
		}
	} else {
		after = q.readWh(toks, wh)
	}
	if isNameQuestion(toks) {
		q.kind = kindWho
	}
	if (q.kind == kindOther || q.kind == kindWhat) && asksCause(toks) {
		q.kind = kindWhy
	}
	return max(after, 0)
}

// readWh sets q's kind from the question word at wh and the word after it,
// with what a how-many question counts and what a which/what question
// asks to name, and returns the index of the first word after the
// question phrase.
func (q *question) readWh(toks []tok, wh int) int {
	after := wh + 1
	next := lowAt(toks, wh+1)
	switch toks[wh].low {
	case "why":
		q.kind = kindWhy
	case "when":
		q.kind = kindWhen
	case "who", "whom", "whose", "which":
		q.kind = kindWho
	case "where":
		q.kind = kindWhere
	case "how":
		switch next {
		case "many", "much", "long", "old", "far", "big", "large", "often", "tall", "high", "deep", "fast":
			q.kind = kindCount
			q.money = next == "much"
			q.age = next == "old"
			after = wh + 2
			for after < len(toks) && !auxVerbs[toks[after].low] {
				if toks[after].stem != "" {
					q.focus = append(q.focus, toks[after].stem)
				}
				after++
			}
		case "come":
			q.kind = kindWhy
		default:
			q.kind = kindOther
		}
	case "what":
		switch next {
		case "time", "day", "date", "year", "month":
			q.kind = kindWhen
			after = wh + 2
		case "caused", "cause", "reason", "led":
			q.kind = kindWhy
		case "percentage", "percent", "number", "share", "proportion", "amount":
			q.kind = kindCount
		default:
			q.kind = kindWhat
		}
	}
	if w := toks[wh].low; (w == "which" || w == "what") && (q.kind == kindWho || q.kind == kindWhat) {
		q.thing, after = askedThing(toks, wh, after)
		switch {
		case q.thing != "" && nameNouns[q.thing]:
			q.kind = kindWho
		case q.thing != "" && q.kind == kindWho:
			// "Which measure did they leave out?" asks for a thing,
			// not a name.
			q.kind = kindWhat
		}
	}
	return after
}

// asksCause reports whether toks ask for a reason or cause anywhere ("The
// bridge closed for what reason?").
func asksCause(toks []tok) bool {
	for _, t := range toks {
		if t.low == "reason" || t.low == "cause" || t.low == "caused" {
			return true
		}
	}
	return false
}

// readSubject reads the subject after an auxiliary at after ("did
// <subject> <verb>", "is <subject> <verb>") into q.key, with the tense the
// auxiliary gives, and returns the index of the first word after the
// subject; that is after itself when no auxiliary is there ("who
// <verb>"). In "How many homes were evacuated?" the subject came before
// the auxiliary: it is the counted noun.
func (q *question) readSubject(toks []tok, after int) int {
	if after >= len(toks) || !auxVerbs[toks[after].low] {
		return after
	}
	switch toks[after].low {
	case "is", "are", "does", "do", "has", "have", "can":
		q.current = true
	case "did", "was", "were", "had":
		q.past = true
	}
	i := after + 1
	if i < len(toks) && q.kind == kindCount && len(q.focus) > 0 && isParticiple(toks[i]) {
		q.key = append(q.key, q.focus...)
		return i
	}
	for i < len(toks) && toks[i].stem == "" {
		if subjectPronouns[toks[i].low] {
			// "Which city did he designate …?": the subject is
			// someone named before, not the word after it.
			return i + 1
		}
		i++
	}
	if i >= len(toks) {
		return i
	}
	determiner := i > after+1 && isDeterminer(toks[i-1].low)
	q.key = append(q.key, toks[i].stem)
	i++
	for i < len(toks) && toks[i].cap && toks[i].stem != "" && toks[i-1].cap {
		q.key = append(q.key, toks[i].stem)
		i++
	}
	// "the Dock Road market close": after a determiner, a name followed
	// by two more words is a modifier of the first of them ("Kestrel
	// recall batteries" has no determiner: its name is the subject).
	if determiner && toks[i-1].cap && i+1 < len(toks) && toks[i].stem != "" && toks[i+1].stem != "" && !toks[i+1].cap {
		q.key = append(q.key, toks[i].stem)
		i++
	}
	return i
}

// subjectPronouns are the pronouns that can be a question's subject.
var subjectPronouns = map[string]bool{"he": true, "she": true, "it": true, "they": true, "we": true, "you": true, "i": true}

// readVerbs reads q's verbs from the words from subjEnd on: the first
// lower-case content word after the subject, with the one right after it
// ("repair cost"); later words are its object ("won | the Northern Cup
// final").
func (q *question) readVerbs(toks []tok, subjEnd int) {
	for i := subjEnd; i < len(toks); i++ {
		t := toks[i]
		if len(q.verbs) == 0 && strings.HasSuffix(t.low, "ly") && !t.cap {
			// An adverb before the verb: "did he recently designate".
			continue
		}
		if t.stem == "" || t.cap || t.num {
			if len(q.verbs) > 0 {
				break
			}
			continue
		}
		q.verbs = append(q.verbs, t.stem)
		if q.kind == kindWho && len(q.verbs) == 1 && isParticiple(t) {
			q.past = true
		}
		if len(q.verbs) == 2 {
			break
		}
	}
}

// asksAboutNow reports whether a word of toks asks about the present
// state ("Is the road still closed?").
func asksAboutNow(toks []tok) bool {
	for _, t := range toks {
		switch t.low {
		case "still", "now", "currently", "latest", "today", "remain", "remains", "yet":
			return true
		}
	}
	return false
}

// readNames adds the capitalised words after the first one of toks to
// q.names, those that are no day or month, and all of them to q.key when
// key is set.
func (q *question) readNames(toks []tok, key bool) {
	for i, t := range toks {
		if i > 0 && t.cap && t.stem != "" {
			if key {
				q.key = append(q.key, t.stem)
			}
			if !isCalendarWord(t.low) {
				q.names = append(q.names, t.stem)
			}
		}
	}
	q.names = uniqWords(q.names)
}

// hasMoneyWord reports whether a word of toks is about money.
func hasMoneyWord(toks []tok) bool {
	for _, t := range toks {
		if moneyWords[t.low] {
			return true
		}
	}
	return false
}

// askingSentence returns the last sentence of s that has a question word,
// or s when none has.
func askingSentence(s string) string {
	parts := sentenceEnd.Split(s, -1)
	for i := len(parts) - 1; i >= 0; i-- {
		for _, t := range tokenize(parts[i]) {
			switch t.low {
			case "why", "when", "who", "whom", "whose", "where", "how", "what", "which":
				return parts[i]
			}
		}
	}
	return s
}

// sentenceEnd matches the end of a sentence inside a question.
var sentenceEnd = regexp.MustCompile(`[.!?]["”’)]*\s+`)

// askedThing returns the stem of the noun that a which/what question word
// at wh asks about ("Which Ivy League school announced ..." gives
// "school"), and the index of the first word after that phrase. It is the
// last lower-case content word before an auxiliary, a past-tense verb or
// the fourth word; "" when the question word stands alone ("What did ...").
// A linking verb ("Which product remains scarce?"), a verb in -ing
// ("which area, angering ...") and a time word ("which area this week")
// end the phrase too.
func askedThing(toks []tok, wh, after int) (string, int) {
	thing, end := "", after
	for i := wh + 1; i < len(toks) && i <= wh+4; i++ {
		t := toks[i]
		if auxVerbs[t.low] || linkingVerbs[t.low] {
			break
		}
		if i > wh+1 && (isParticiple(t) || irregularPast[t.low] || strings.HasSuffix(t.low, "ing") || isTimeWord(t.low)) {
			break
		}
		if t.stem != "" && !t.cap && !t.num && !strings.HasSuffix(t.low, "ly") && !isTimeWord(t.low) {
			thing = t.stem
		}
		end = i + 1
	}
	if thing == "" {
		return "", after
	}
	return thing, end
}

// nameNouns are the stems of nouns whose instances have names: a question
// asking "which" of them wants a name. Read-only.
var nameNouns = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`country nation state city town village continent region province
		county island park company firm brand business automaker carmaker retailer chain restaurant
		airline bank network channel studio team club league school university college show series
		program programme movie film song album band singer actor actress artist player athlete
		coach president leader person man woman politician senator governor official minister agency
		organization organisation group party app platform website site newspaper magazine author
		destination landmark attraction venue monument museum
		rapper star celebrity queen king prince princess mission spacecraft rocket telescope ship
		storm hurricane typhoon variant airport stadium festival award prize tournament event
		musician comedian director host lawmaker judge court candidate billionaire executive ceo
		founder company's product game book character`) {
		m[stemWord(w)] = true
	}
	return m
}()

// isNameQuestion reports whether toks ask for a name: "What is it
// called?", "What is the name of ...".
func isNameQuestion(toks []tok) bool {
	for i, t := range toks {
		if t.low == "called" && i == len(toks)-1 {
			return true
		}
		if t.low == "name" && i > 0 && (toks[i-1].low == "the" || toks[i-1].low == "its") {
			return true
		}
	}
	return false
}

// isDeterminer reports whether w is an article or demonstrative.
func isDeterminer(w string) bool {
	switch w {
	case "the", "a", "an", "this", "that", "these", "those":
		return true
	}
	return false
}

// isParticiple reports whether t looks like a past tense or past
// participle: a finished event.
func isParticiple(t tok) bool {
	return t.stem != "" && !t.cap && (strings.HasSuffix(t.low, "ed") || irregularPast[t.low])
}

// irregularPast are common irregular past-tense verbs: a sentence that uses
// one reports a finished event.
var irregularPast = map[string]bool{
	"won": true, "beat": true, "gave": true, "took": true, "went": true, "began": true, "found": true,
	"made": true, "shut": true, "hit": true, "left": true, "sold": true, "paid": true, "rose": true,
	"fell": true, "led": true, "ran": true, "came": true, "held": true, "lost": true, "spent": true,
	"struck": true, "broke": true, "chose": true, "sent": true, "set": true, "cut": true, "quit": true,
	"met": true, "told": true, "said": true, "saw": true, "got": true, "put": true, "brought": true,
}

// inTerms reports whether w is one of the question's terms.
func (q question) inTerms(w string) bool {
	for _, t := range q.terms {
		if t == w {
			return true
		}
	}
	return false
}
