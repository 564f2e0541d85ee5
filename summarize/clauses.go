package summarize

import (
	"strconv"
	"strings"
)

// A sentence is read in clauses for the contradiction checks: stretches
// between punctuation and words such as "while", "but" or "that", each
// with its negation, its direction words and its anchors (names, numbers
// and content words), by which a claim's clause meets its counterpart in
// a passage.

// axis is a scale on which two statements can point opposite ways.
type axis uint8

const (
	axisChange axis = iota + 1 // rose / fell
	axisAssent                 // approved / rejected
	axisResult                 // profit / loss
	axisOpen                   // opened / closed
)

// direction is a direction word's axis and sign (+1 or -1).
type direction struct {
	axis axis
	sign int8
}

// directionWords are the words that point one way on an axis. "up",
// "down", "lost" and "lose" count only before a number (directionAt).
var directionWords = func() map[string]direction {
	m := map[string]direction{}
	add := func(a axis, sign int8, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = direction{a, sign}
		}
	}
	add(axisChange, +1, `rise rises rose risen rising increase increased increases increasing grow grew
		grows grown growing growth gain gained gains gaining climb climbed climbs climbing jump jumped jumps
		jumping surge surged surges surging soar soared soars soaring rebound rebounded rebounds rallied
		expand expanded expands expanding expansion boost boosted boosts raise raised
		raises raising hike hiked hikes double doubled doubles triple tripled spike spiked higher widened
		accelerated up`)
	add(axisChange, -1, `fall falls fell fallen falling decrease decreased decreases decreasing decline
		declined declines declining drop dropped drops dropping shrink shrank shrunk shrinks shrinking
		contracted contracting contraction slide slid slides sliding slump slumped slumps plunge plunged
		plunges plunging tumble tumbled tumbles sink sank sunk sinks dip dipped dips cut cuts cutting reduce
		reduced reduces reducing reduction slash slashed slashes halve halved lower lowered eased narrowed
		weakened slowed slowing down lost lose loses losing`)
	add(axisAssent, +1, `approve approved approves approving approval pass passed passes backed endorse
		endorsed endorses supported accept accepted accepts adopt adopted adopts ratify ratified uphold
		upheld upholds allow allowed allows granted favored favoured agreed`)
	add(axisAssent, -1, `reject rejected rejects rejecting rejection veto vetoed vetoes blocked oppose
		opposed opposes opposing deny denied denies refuse refused refuses overturn overturned dismissed
		ban banned bans scrap scrapped cancel canceled cancelled struck`)
	add(axisResult, +1, `profit profits profitable surplus surpluses`)
	add(axisResult, -1, `loss losses unprofitable deficit deficits`)
	add(axisOpen, +1, `open opened opens reopen reopened reopens reopening`)
	add(axisOpen, -1, `close closed closes closure shut shuts shutting`)
	return m
}()

// numberNext reports whether a number (or "from") follows toks[i] within
// three tokens: "up 5%", "down from", "lost $3 million".
func numberNext(toks []lexTok, i int) bool {
	for k := i + 1; k < len(toks) && k <= i+3; k++ {
		t := toks[k]
		if t.kind == tokNum || t.isWord("from") || numberWords[t.low] > 0 {
			return true
		}
		if t.kind == tokWord && t.low != "by" && t.low != "to" && t.low != "a" && t.low != "an" {
			return false
		}
	}
	return false
}

// directionAt returns the direction of the word at toks[i], if it has one
// there: "declined to comment" is a negation, not a fall.
func directionAt(toks []lexTok, i int) (direction, bool) {
	t := toks[i]
	if t.kind != tokWord {
		return direction{}, false
	}
	d, ok := directionWords[t.low]
	if !ok {
		return direction{}, false
	}
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1].low
	}
	switch t.low {
	case "up":
		// "up to 95 km/h" is a hedge, not a rise.
		return d, next != "to" && numberNext(toks, i)
	case "down", "lost", "lose", "loses", "losing":
		return d, numberNext(toks, i)
	case "declined", "refused":
		return d, next != "to"
	case "close", "open":
		// "close to 50%" is a hedge; "open to talks" a stance.
		return d, next != "to"
	case "struck":
		return d, next == "down"
	case "cut", "cuts":
		// "a tax cut" and "cut jobs" are both cuts; "cut off" is not.
		return d, next != "off"
	}
	return d, true
}

// negationAt reports whether toks[i] negates its clause: "not", "never",
// "no", "didn't", "without", "failed to", "declined to".
func negationAt(toks []lexTok, i int) bool {
	t := toks[i]
	if t.kind != tokWord {
		return false
	}
	switch t.low {
	case "not", "never", "no", "none", "nobody", "nothing", "neither", "nor", "without", "cannot":
		return true
	case "failed", "declined", "refused", "unable":
		return i+1 < len(toks) && toks[i+1].isWord("to")
	}
	return strings.HasSuffix(t.low, "n't")
}

// clauseBreakWords start a new clause: a negation or a direction before
// them does not reach past them ("did not say when the bridge would
// reopen" does not deny that it will).
var clauseBreakWords = map[string]bool{
	"while": true, "whereas": true, "but": true, "although": true, "though": true, "however": true,
	"after": true, "before": true, "when": true, "because": true, "despite": true, "unlike": true,
	"unless": true, "that": true, "which": true, "who": true, "whom": true, "whose": true,
	"where": true, "whether": true, "if": true,
}

// clause is a stretch of a sentence between clause breaks, as the
// contradiction checks compare them.
type clause struct {
	// sent is the index of the clause's sentence in its passage.
	sent int
	neg  bool
	dirs []direction
	// anchors are the clause's names, numbers and content words with
	// their weights (names and numbers 2); words counts the anchors that
	// are words, plain those that are words but not names.
	anchors []anchor
	weight  float64
	words   int
	plain   int
}

// clausesOf cuts toks into clauses at punctuation and clause break words.
// A stretch with two directions on one axis ("revenue rose and profit
// fell") is also cut at "and" and "or".
func clausesOf(toks []lexTok, sent int) []clause {
	var out []clause
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !isClauseBreak(toks[i]) {
			continue
		}
		if i > start {
			for _, span := range splitTwoWays(toks[start:i]) {
				if c := makeClause(span, sent); c.weight > 0 || len(c.dirs) > 0 {
					out = append(out, c)
				}
			}
		}
		start = i + 1
	}
	return out
}

func isClauseBreak(t lexTok) bool {
	if t.kind == tokPunct {
		return strings.Contains(",;:()\"“”–—!?.", t.low)
	}
	return t.kind == tokWord && clauseBreakWords[t.low]
}

// splitTwoWays cuts span at "and"/"or" when it has two directions on one
// axis.
func splitTwoWays(span []lexTok) [][]lexTok {
	count := map[axis]int{}
	two := false
	for i := range span {
		if d, ok := directionAt(span, i); ok {
			count[d.axis]++
			two = two || count[d.axis] > 1
		}
	}
	if !two {
		return [][]lexTok{span}
	}
	var out [][]lexTok
	start := 0
	for i, t := range span {
		if t.isWord("and") || t.isWord("or") {
			out = append(out, span[start:i])
			start = i + 1
		}
	}
	return append(out, span[start:])
}

// makeClause reads one clause: its negation, its directions (flipped by a
// negation just before: "did not rise" points down) and its anchors.
func makeClause(span []lexTok, sent int) clause {
	c := clause{sent: sent}
	negAt := -10
	for i := 0; i < len(span); i++ {
		t := span[i]
		if negationAt(span, i) {
			c.neg, negAt = true, i
			if i+1 < len(span) && (span[i+1].isWord("longer") || span[i+1].isWord("yet")) {
				// "no longer", "not yet" negate as one.
				i++
			}
			continue
		}
		if d, ok := directionAt(span, i); ok {
			if i-negAt <= 4 {
				d.sign = -d.sign
			}
			c.dirs = append(c.dirs, d)
			switch t.low {
			case "lost", "lose", "loses", "losing":
				// "lost $95 million" is also a loss, not a profit.
				c.dirs = append(c.dirs, direction{axisResult, d.sign})
			}
			continue
		}
		if q, end, ok := readQuantity(span, i, false); ok {
			c.add("#"+strconv.FormatFloat(q.vals[0].v, 'g', 8, 64), 2, false)
			i = end - 1
			continue
		}
		if t.kind != tokWord || stopWords[t.low] || len(t.low) < 2 {
			continue
		}
		w := 1.0
		if t.isName() {
			w = 2
		}
		c.add(anchorKey(t.low), w, true)
	}
	return c
}

// anchor is one name, number or content word of a clause and its weight.
type anchor struct {
	key string
	w   float64
}

// has reports whether the clause has the anchor key.
func (c clause) has(key string) bool {
	for _, a := range c.anchors {
		if a.key == key {
			return true
		}
	}
	return false
}

func (c *clause) add(key string, w float64, word bool) {
	if c.has(key) {
		return
	}
	c.anchors = append(c.anchors, anchor{key, w})
	c.weight += w
	if word {
		c.words++
		if w == 1 {
			c.plain++
		}
	}
}

// anchorKey is the key of a word for lining clauses up: its stem, without a
// final y, so that "injured" and "injuries" meet.
func anchorKey(w string) string {
	return strings.TrimSuffix(stemWord(w), "y")
}

// overlap returns the weight of c's anchors that o shares, how many of
// them are words and how many are plain words (not names).
func (c clause) overlap(o clause) (w float64, words, plain int) {
	for _, a := range c.anchors {
		if o.has(a.key) {
			w += a.w
			if !strings.HasPrefix(a.key, "#") {
				words++
				if a.w == 1 {
					plain++
				}
			}
		}
	}
	return w, words, plain
}

// countAxis counts the directions of ds on axis a.
func countAxis(ds []direction, a axis) int {
	n := 0
	for _, d := range ds {
		if d.axis == a {
			n++
		}
	}
	return n
}
