package summarize

import (
	"math"
	"regexp"
	"slices"
	"strings"
)

// Features of a sentence as an answer to a parsed question: whether it
// gives the kind of answer asked for, whether it is about what the
// question is about (and not merely mentions it in a subordinate clause),
// and whether it reads as a plain statement of fact. Answer multiplies
// them into a sentence's score.

var (
	// strongCause marks a sentence that states a cause or a finding.
	strongCause = regexp.MustCompile(`(?i)\b(?:because|due to|caus(?:e|ed|es|ing)|as a result|as a precaution|owing to|forc(?:ed|ing)|blamed|the reason|found|discovered|damaged|so that|in order to|led to|after (?:[^w]|w[^h]))`)
	// weakCause marks a sentence that may state a circumstance.
	weakCause = regexp.MustCompile(`(?i)\b(?:after|following|amid|over fears|while|since|to allow|for repairs|until)\b`)
	// clockRE matches clock times, timeRE them and parts of a day.
	clockRE = regexp.MustCompile(`(?i)\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b|\b(?:noon|midnight)\b`)
	timeRE  = regexp.MustCompile(`(?i)\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b|\b(?:noon|midnight|morning|afternoon|evening|overnight)\b`)
	// plannedRE marks plans, schedules and cancellations: not a finished
	// event.
	plannedRE = regexp.MustCompile(`(?i)\b(?:scheduled (?:to|for)|will|set (?:to|for)|plans? to|planned to|is to|are to|expected to|called off|scrubbed|postponed|next attempt|try again|would|could|might|preview|ahead of)\b`)
	// reportedRE marks a finished act of saying or deciding before a plan
	// ("announced it would buy"): the announcement is the event.
	reportedRE = regexp.MustCompile(`(?i)\b(?:announced|agreed|confirmed|decided|voted|pledged|promised|declared|revealed|unveiled)\b`)
	// ageRE matches a person's age.
	ageRE = regexp.MustCompile(`(?i)\b\d{1,3}[- ]years?[- ]old\b|\baged? \d{1,3}\b|\p{Lu}\p{L}+, \d{1,3},|\bat the age of \d{1,3}\b`)
	// moneyRE matches amounts of money.
	moneyRE = regexp.MustCompile(`(?i)[$€£]\s?\d|\b\d[\d,.]*\s?(?:million|billion|thousand|bn|m|k)\b|\b\d[\d,.]*\s(?:dollars|euros|pounds|crowns)\b`)
	// placeRE matches "in/at/from/near <Capitalised>".
	placeRE = regexp.MustCompile(`\b(?:in|at|from|near|outside|inside|off)\s+(?:the\s+)?\p{Lu}`)
)

// subordinators introduce clauses that give the circumstance of another
// event ("... because the bridge is closed").
var subordinators = map[string]bool{
	"because": true, "while": true, "since": true, "as": true, "until": true, "after": true,
	"before": true, "when": true, "once": true, "though": true, "although": true, "amid": true,
	"unless": true, "whereas": true,
}

// keyPositions returns the indexes of toks that are the question's key
// words (or, without key words, its terms).
func keyPositions(q question, toks []tok) []int {
	want := q.key
	if len(want) == 0 {
		want = q.terms
	}
	var at []int
	for i, t := range toks {
		if t.stem == "" {
			continue
		}
		for _, w := range want {
			if t.stem == w {
				at = append(at, i)
				break
			}
		}
	}
	return at
}

// subordinateOnly reports whether the question's key words, or its verb,
// appear only in a subordinate clause that follows a main clause: the
// sentence is about something else and uses the question's event as its
// circumstance ("trains will run because the bridge is closed", "an
// inquiry opened after the company recalled batteries").
func subordinateOnly(q question, text string, toks []tok) bool {
	if at := keyPositions(q, toks); len(at) > 0 && (inRelative(text, toks, at) || afterSubordinator(toks, at[0])) {
		return true
	}
	var verbAt []int
	for i, t := range toks {
		if t.stem != "" && (q.syn[t.stem] || slices.Contains(q.verbs, t.stem)) {
			verbAt = append(verbAt, i)
		}
	}
	if len(verbAt) == 0 {
		return false
	}
	for _, i := range verbAt {
		if !afterSubordinator(toks, i) {
			return false
		}
	}
	return true
}

// afterSubordinator reports whether toks[i] is in a subordinate clause
// ("because ...", "after ...") of a sentence whose main clause came first:
// a subordinator of the same clause (no comma between) follows at least
// three words. "after which" starts a relative clause, not a subordinate
// one.
func afterSubordinator(toks []tok, i int) bool {
	for j := i - 1; j >= 0 && j >= i-12; j-- {
		if toks[j].brk {
			return false
		}
		if subordinators[toks[j].low] && (j+1 >= len(toks) || toks[j+1].low != "which") {
			// At the start of a clause ("Corla is back. After …")
			// it leads the main clause that follows.
			return j >= 3 && !toks[j-1].brk
		}
	}
	return false
}

// inRelative reports whether all positions at fall inside one relative
// clause that follows the start of the sentence: "Pavel Ostrov, who won
// the marathon last year, will not run."
func inRelative(text string, toks []tok, at []int) bool {
	for j := 1; j < at[0]; j++ {
		switch toks[j].low {
		case "who", "which", "whose":
			if !strings.Contains(text, ", "+toks[j].low+" ") {
				continue
			}
		default:
			continue
		}
		// The clause runs to the next main-clause word: the sentence's
		// tokens carry no commas, so take the first auxiliary or modal
		// after it as the main verb's start.
		for k := j + 1; k < len(toks); k++ {
			if mainVerbStart[toks[k].low] {
				return at[len(at)-1] < k
			}
		}
		return false
	}
	return false
}

// mainVerbStart are words that start a main clause's verb after a
// relative clause.
var mainVerbStart = map[string]bool{
	"will": true, "would": true, "is": true, "was": true, "has": true, "had": true, "can": true,
	"could": true, "must": true, "should": true, "may": true, "are": true, "were": true, "have": true,
}

// aboutFit is how well a sentence is about what the question asks about:
// it is low when the key words are missing or only in a subordinate clause
// and high when they are its subject.
func aboutFit(q question, text string, toks []tok, title map[string]bool) float64 {
	f := 1.0
	if len(q.key) > 0 {
		var have float64
		for _, w := range q.key {
			switch {
			case slices.ContainsFunc(toks, func(t tok) bool { return t.stem == w }):
				have++
			case superlativeDir(w, "") != 0 && slices.Contains(superlativeDirs(toks), superlativeDir(w, "")):
				// "the most expensive gas" answers "the highest price".
				have++
			case title[w]:
				// The article is about it; the sentence need not
				// repeat it.
				have += 0.6
			}
		}
		f *= 0.55 + 0.45*have/float64(len(q.key))
	}
	if subordinateOnly(q, text, toks) {
		return f * 0.35
	}
	if at := keyPositions(q, toks); len(at) > 0 && at[0] <= 3 {
		f *= 1.15
	}
	// The question's verb (or a paraphrase), not as a participle clause.
	for _, t := range toks {
		if t.stem == "" || strings.HasSuffix(t.low, "ing") {
			continue
		}
		if q.syn[t.stem] || slices.Contains(q.verbs, t.stem) {
			f *= 1.25
			break
		}
	}
	return f
}

// fitKind is how well a sentence provides the kind of answer asked for.
func fitKind(q question, text string, toks []tok) float64 {
	f := 1.0
	switch q.kind {
	case kindWhy:
		f = whyFit(q, text, toks)
	case kindWhen:
		f = whenFit(text)
	case kindWho:
		f = whoFit(q, toks)
	case kindWhere:
		if placeRE.MatchString(text) {
			f = 1.4
		} else {
			f = 0.7
		}
	case kindCount:
		f = countFit(q, text, toks)
	case kindWhat:
		if reportsPast(toks) {
			f = 1.2
		}
	}
	// Plans and cancellations in the main clause (up to the first comma)
	// do not report a finished event.
	main, _, _ := strings.Cut(text, ", ")
	if q.past && q.kind != kindWhy {
		if loc := plannedRE.FindStringIndex(main); loc != nil && !reportedRE.MatchString(main[:loc[0]]) {
			f *= 0.45
		}
	}
	return f
}

// whyFit scores a sentence for a why-question: best with strong causal
// words ("because", "due to"), the more the better, then weak ones; 1
// when its causal word explains something else than what is asked.
func whyFit(q question, text string, toks []tok) float64 {
	switch n := len(strongCause.FindAllString(text, 3)); {
	case subordinateOnly(q, text, toks):
		// Its causal word explains something else.
		return 1
	case n > 0:
		return 1.45 + 0.2*float64(n)
	case weakCause.MatchString(text):
		return 1.15
	default:
		return 0.7
	}
}

// whenFit scores a sentence for a when-question: best with a date, the
// more so with a clock time (less with a part of the day), then with a
// time alone.
func whenFit(text string) float64 {
	switch {
	case dateRE.MatchString(text):
		f := 1.6
		switch {
		case clockRE.MatchString(text):
			f += 0.25
		case timeRE.MatchString(text):
			f += 0.1
		}
		return f
	case timeRE.MatchString(text):
		return 1.3
	default:
		return 0.55
	}
}

// whoFit scores a sentence for a who-question by the names in it that
// the question does not have: two or more, then one. A question for a
// kind of place ("Which country …?") wants a place of that kind, not any
// name.
func whoFit(q question, toks []tok) float64 {
	names := 0
	for i, t := range toks {
		if !t.cap || t.stem == "" || q.inTerms(t.stem) || isCalendarWord(t.low) {
			continue
		}
		// A capital at the start of a sentence is a name only if
		// another follows it ("Kenji Abara", not "Organisers").
		if i == 0 && !t.name && (len(toks) < 2 || !toks[1].cap || q.inTerms(toks[1].stem)) {
			continue
		}
		names++
	}
	f := 0.6
	switch {
	case names >= 2:
		f = 1.5
	case names == 1:
		f = 1.3
	}
	if kind := q.placeKind(); kind != "" {
		if namesPlace(q, kind, toks) {
			f = 1.7
		} else {
			f = math.Min(f, 0.7)
		}
	}
	return f
}

// reportsPast reports whether a lower-case word of toks is in the past
// tense, as a sentence that reports an event has.
func reportsPast(toks []tok) bool {
	for _, t := range toks {
		if t.stem != "" && !t.cap && (strings.HasSuffix(t.low, "ed") || irregularPast[t.low]) {
			return true
		}
	}
	return false
}

// countFit scores a sentence for a how-many or how-much question: best
// with a number right before the counted noun ("48,000 batteries"), then
// an amount of money for money questions, then any number.
func countFit(q question, text string, toks []tok) float64 {
	if q.age {
		// "17-year-old", "aged 17", "Smith, 17,".
		if ageRE.MatchString(text) {
			return 1.9
		}
		return 0.35
	}
	best := 0.35
	for i, t := range toks {
		if !t.num {
			continue
		}
		best = math.Max(best, 1.25)
		if countsFocus(q, toks, i) {
			return 1.9
		}
	}
	if q.money && moneyRE.MatchString(text) {
		best = math.Max(best, 1.7)
	}
	return best
}

// countsFocus reports whether the number toks[i] is followed closely by
// the noun a how-many question counts ("48,000 affected batteries").
func countsFocus(q question, toks []tok, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		if toks[j].num {
			return false
		}
		for _, w := range q.focus {
			if toks[j].stem == w {
				return true
			}
		}
	}
	return false
}

// answerStyle prefers plain, self-contained statements of fact of a
// readable length over quotations and sentences that lean on the one
// before.
func answerStyle(text string, words int) float64 {
	f := 1.0
	if isQuoteOnly(text) {
		f *= 0.4
	} else if strings.ContainsAny(text, `"“”`) {
		f *= 0.75
	}
	switch {
	case words < 6:
		f *= 0.8
	case words > 45:
		f *= 0.85
	}
	return f
}

// proximity is 1 when the question words matched in words sit next to each
// other and falls towards 0 as they spread out; 0 with fewer than two.
func proximity(words, q []string) float64 {
	in := make(map[string]bool, len(q))
	for _, w := range q {
		in[w] = true
	}
	first, last, distinct := -1, -1, make(map[string]bool)
	for i, w := range words {
		if in[w] {
			if first < 0 {
				first = i
			}
			last = i
			distinct[w] = true
		}
	}
	if len(distinct) < 2 {
		return 0
	}
	span := float64(last - first + 1)
	return float64(len(distinct)) / span
}

var dateRE = regexp.MustCompile(`(?i)\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight|last (week|month|year)|next (week|month|year)|(this|next|last) (spring|summer|autumn|fall|winter))\b|\b(1[89]|20)\d\d\b|\b\d{1,2}/\d{1,2}(/\d{2,4})?\b`)

// superlativeDir is 1 for a superlative that says "more" (highest,
// largest, most expensive), -1 for one that says "less" (lowest,
// cheapest, least), 0 for other words; next is the word after w.
func superlativeDir(w, next string) int {
	switch w {
	case "highest", "largest", "biggest", "greatest", "priciest", "costliest", "maximum":
		return 1
	case "lowest", "smallest", "cheapest", "fewest", "minimum":
		return -1
	case "most":
		if next == "" {
			return 0
		}
		return 1
	case "least":
		if next == "" {
			return 0
		}
		return -1
	}
	return 0
}

// superlativeDirs returns the directions of the superlatives in toks.
func superlativeDirs(toks []tok) []int {
	var dirs []int
	for i, t := range toks {
		next := ""
		if i+1 < len(toks) && (t.low == "most" || t.low == "least") && i > 0 && toks[i-1].low == "the" {
			next = toks[i+1].low
		}
		if d := superlativeDir(t.low, next); d != 0 {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// superlativeFit is the factor for a sentence whose superlatives all say
// the opposite of the question's ("the cheapest" for "the highest").
func superlativeFit(q question, toks []tok) float64 {
	if q.superlative == 0 {
		return 1
	}
	dirs := superlativeDirs(toks)
	if len(dirs) == 0 || slices.Contains(dirs, q.superlative) {
		return 1
	}
	return oppositeSuperlative
}

// oppositeSuperlative is superlativeFit's factor for the opposite.
const oppositeSuperlative = 0.5
