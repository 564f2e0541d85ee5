package summarize

import (
	"math"
	"strings"
)

// hedge says how loosely a sentence states a number.
type hedge uint8

const (
	hedgeExact   hedge = iota
	hedgeAbout         // "about", "roughly", "some"
	hedgeAtMost        // "nearly", "almost", "up to", "less than"
	hedgeAtLeast       // "more than", "over", "at least"
)

// quantity is a number as a sentence states it, with the values it may
// mean: "$12.6 million", "$12,600,000" and "12.6m" all mean 12,600,000,
// "six" means 6 and "68%" 68. A bare "12.6m" may also be 12.6 of a unit
// (metres), so it carries both values.
type quantity struct {
	text  string
	vals  []qval
	hedge hedge
	// year is set for a whole number that may be a year: 1000-2999,
	// without decimals, scale, unit or currency.
	year bool
}

// qval is one value of a quantity, half its written precision and the
// place of its last significant digit. "12.6 million" is 12,600,000 ±
// 50,000, so "$12.63 million" matches it; "1,500" has 1 of precision but
// its last significant digit is in the hundreds, so "about 1,500" is
// 1,450 to 1,550 while "about 1,540" is 1,535 to 1,545.
type qval struct {
	v, tol, place float64
}

// matches reports whether v, a number of a passage, is what q states:
// exactly at the written precision, or, when hedged, rounded at the last
// significant digit ("about"), or up to one such step below ("nearly",
// "up to") or above ("more than").
func (q quantity) matches(v float64) bool {
	for _, c := range q.vals {
		eps := 1e-9 * math.Max(1, math.Abs(c.v))
		d := math.Abs(v - c.v)
		var ok bool
		switch q.hedge {
		case hedgeExact:
			ok = d <= c.tol+eps
		case hedgeAbout:
			ok = d <= math.Max(c.tol, c.place/2)+eps
		case hedgeAtMost:
			ok = v <= c.v+c.tol+eps && v >= c.v-c.place-eps
		case hedgeAtLeast:
			ok = v >= c.v-c.tol-eps && v <= c.v+c.place+eps
		}
		if ok {
			return true
		}
	}
	return false
}

// significantPlace is the place of the last nonzero digit of a whole
// number: 10 for 1,540, 100 for 1,500, 1 for 7.
func significantPlace(v float64) float64 {
	place := 1.0
	for v >= 10 && math.Mod(v, place*10) == 0 {
		place *= 10
	}
	return place
}

// numberWords are the spelled numbers read as values.
var numberWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

// ordinalWords are read as values in passages only: a claim's "first" is
// rarely a count, but a passage's "third" backs a claim's "3rd".
// The same goes for "once", "twice" and "thrice".
var ordinalWords = map[string]float64{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
	"once": 1, "twice": 2, "thrice": 3,
}

// scaleWords multiply the number before them. The short forms that are
// also units ("m" for metres, "k" for kilometres in "5k") are ambiguous
// unless a currency sign comes first.
var (
	scaleWords = map[string]float64{
		"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
		"mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12,
	}
	shortScales = map[string]float64{"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
)

// hedges maps the words before a number to how loosely they state it.
var hedges = map[string]hedge{
	"about": hedgeAbout, "around": hedgeAbout, "approximately": hedgeAbout, "roughly": hedgeAbout,
	"some": hedgeAbout, "estimated": hedgeAbout, "close to": hedgeAbout, "nearly": hedgeAtMost,
	"almost": hedgeAtMost, "up to": hedgeAtMost, "less than": hedgeAtMost, "fewer than": hedgeAtMost,
	"under": hedgeAtMost, "below": hedgeAtMost, "just under": hedgeAtMost, "more than": hedgeAtLeast,
	"over": hedgeAtLeast, "above": hedgeAtLeast, "at least": hedgeAtLeast, "exceeding": hedgeAtLeast,
	"upwards of": hedgeAtLeast, "just over": hedgeAtLeast, "in excess of": hedgeAtLeast,
}

// quantities reads the numbers of toks, skipping tokens marked in used
// (dates). For a claim (claim true) it reads their hedges and leaves out
// what is rarely a fact of its own: a bare "one" or "a", and small counts
// that refer back ("the two companies", "all three routes").
func quantities(toks []lexTok, used []bool, claim bool) []quantity {
	var out []quantity
	for i := 0; i < len(toks); i++ {
		if used != nil && used[i] {
			continue
		}
		q, end, ok := readQuantity(toks, i, claim)
		if !ok {
			continue
		}
		if claim {
			q.hedge = hedgeBefore(toks, i)
		}
		out = append(out, q)
		i = end - 1
	}
	return out
}

// readQuantity reads the quantity starting at toks[i], returning it and
// the index after it.
func readQuantity(toks []lexTok, i int, claim bool) (quantity, int, bool) {
	t := toks[i]
	switch {
	case t.kind == tokNum:
		return readDigits(toks, i)
	case t.kind != tokWord:
		return quantity{}, 0, false
	}
	v, ok := numberWords[t.low]
	article := t.low == "a" || t.low == "an"
	if !ok && !article {
		if o, isOrd := ordinalWords[t.low]; isOrd && !claim {
			return quantity{text: t.low, vals: []qval{{o, 0.5, 1}}}, i + 1, true
		}
		return quantity{}, 0, false
	}
	j := i + 1
	// "twenty-five"
	if v >= 20 && v < 100 && j+1 < len(toks) && toks[j].low == "-" && toks[j+1].kind == tokWord {
		if u, ok := numberWords[toks[j+1].low]; ok && u < 10 {
			v += u
			j += 2
		}
	}
	if article {
		v = 1
	}
	mult := 1.0
	for j < len(toks) && toks[j].kind == tokWord {
		s, ok := scaleWords[toks[j].low]
		if !ok && toks[j].low == "dozen" {
			s, ok = 12, true
		}
		if !ok {
			break
		}
		mult *= s
		j++
	}
	if article && mult == 1 {
		return quantity{}, 0, false
	}
	if claim && mult == 1 && (t.low == "one" || (v <= 10 && i > 0 && referring[toks[i-1].low])) {
		return quantity{}, 0, false
	}
	return quantity{text: joinLows(toks[i:j]), vals: []qval{{v * mult, 0.5 * mult, significantPlace(v) * mult}}}, j, true
}

// referring words make a small count refer back to things named before.
var referring = map[string]bool{"the": true, "all": true, "both": true, "these": true, "those": true}

// readDigits reads a number written in digits with its scale ("12.6
// million", "12.6m", "$3bn"), percent sign or ordinal suffix.
func readDigits(toks []lexTok, i int) (quantity, int, bool) {
	t := toks[i]
	j := i + 1
	mult, ambiguous, suffixed := 1.0, false, false
	if j < len(toks) && toks[j].kind == tokWord {
		w := toks[j].low
		switch s, short := shortScales[w]; {
		case toks[j].glued && short:
			mult, ambiguous, suffixed = s, true, true
			j++
		case scaleWords[w] > 0:
			mult, suffixed = scaleWords[w], true
			j++
		case toks[j].glued:
			// A unit or an ordinal: "5km", "3rd", "1990s".
			suffixed = true
			j++
		}
	}
	percent := false
	if j < len(toks) && (toks[j].low == "%" || toks[j].isWord("percent") || toks[j].isWord("pct")) {
		percent = true
		j++
	} else if j+1 < len(toks) && toks[j].isWord("per") && toks[j+1].isWord("cent") {
		percent = true
		j += 2
	}
	currency := i > 0 && strings.Contains("$£€¥", toks[i-1].low) && toks[i-1].kind == tokPunct
	if currency {
		ambiguous = false
	}
	prec := math.Pow(10, -float64(t.dec))
	place := prec
	if t.dec == 0 {
		place = significantPlace(t.num)
	}
	q := quantity{text: joinLows(toks[i:j]), vals: []qval{{t.num * mult, prec * mult / 2, place * mult}}}
	if ambiguous {
		q.vals = append(q.vals, qval{t.num, prec / 2, place})
	}
	q.year = t.dec == 0 && t.num >= 1000 && t.num < 3000 && mult == 1 && !percent && !currency &&
		(!suffixed || (j > i+1 && toks[i+1].low == "s"))
	return q, j, true
}

// hedgeBefore returns how the words before toks[i] (or before its
// currency sign) hedge the number there.
func hedgeBefore(toks []lexTok, i int) hedge {
	if i > 0 && toks[i-1].kind == tokPunct {
		i--
	}
	var words []string
	for k := i - 1; k >= 0 && k >= i-3 && toks[k].kind == tokWord; k-- {
		words = append([]string{toks[k].low}, words...)
	}
	for n := len(words); n >= 1; n-- {
		if h, ok := hedges[strings.Join(words[len(words)-n:], " ")]; ok {
			return h
		}
	}
	return hedgeExact
}

// passageValues returns every value the numbers of toks may have, for
// matching a claim's quantities: each number as written too, since a
// passage's "$12.6m" may back a claim's "12.6".
func passageValues(toks []lexTok, used []bool) []float64 {
	var out []float64
	for _, q := range quantities(toks, used, false) {
		for _, v := range q.vals {
			out = append(out, v.v)
		}
	}
	for i, t := range toks {
		if t.kind == tokNum && (used == nil || !used[i]) {
			out = append(out, t.num)
		}
	}
	return out
}

func joinLows(toks []lexTok) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.low
	}
	return strings.Join(parts, " ")
}
