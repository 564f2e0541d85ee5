package summarize

import "slices"

// A cited sentence's facts are its numbers, amounts, percentages, dates
// and names. Each must appear in a passage the sentence cites, or follow
// from that passage's metadata (its Published date, Title or Outlet):
// sharing a source's words is not enough when the sentence adds an amount
// or a name the source does not have.

// factKind says what a fact is.
type factKind uint8

const (
	factNumber factKind = iota
	factDate
	factEntity
)

// fact is one checkable detail of a claim.
type fact struct {
	kind factKind
	q    quantity
	d    dateMention
	e    entity
}

// String returns the fact as written, for tests and logs.
func (f fact) String() string {
	switch f.kind {
	case factNumber:
		return "number " + f.q.text
	case factDate:
		return "date " + f.d.text
	}
	return "name " + f.e.text
}

// claim is a sentence of an answer, read for checking.
type claim struct {
	text string
	// terms are its content words as Support weighs them; lexTerms the
	// same without the words that spell numbers and dates, which are
	// checked as facts instead, so that "six" costs no support against
	// "6".
	terms, lexTerms []wordTerm
	toks            []lexTok
	ents            []entity
	facts           []fact
	rels            []relation
}

// newClaim reads a sentence (without its markers). A leading label such
// as "**Cost and funding**:" is not part of the claim.
func newClaim(text string, known func(string) bool) *claim {
	toks := lexTokens(text)
	toks = toks[labelEnd(toks):]
	c := &claim{text: text, toks: toks}
	seen := map[string]bool{}
	for _, t := range toks {
		if term, ok := t.term(); ok && !seen[term.Word] {
			seen[term.Word] = true
			c.terms = append(c.terms, term)
		}
	}
	for _, t := range c.terms {
		if !t.Num && !factWordStems[t.Word] {
			c.lexTerms = append(c.lexTerms, t)
		}
	}
	c.ents = findEntities(toks, known)
	used := make([]bool, len(toks))
	for _, d := range dateMentions(toks, used) {
		c.facts = append(c.facts, fact{kind: factDate, d: d})
	}
	for _, q := range quantities(toks, used, true) {
		c.facts = append(c.facts, fact{kind: factNumber, q: q})
	}
	for _, e := range c.ents {
		c.facts = append(c.facts, fact{kind: factEntity, e: e})
	}
	c.rels = claimRelations(toks, known)
	return c
}

// factWordStems are the stems (as terms makes them) of the words that
// spell numbers, scales, percentages and dates.
var factWordStems = func() map[string]bool {
	m := map[string]bool{"percent": true, "pct": true, "cent": true}
	for _, words := range []map[string]float64{numberWords, ordinalWords, scaleWords} {
		for w := range words {
			m[stemWord(w)] = true
		}
	}
	for w := range monthNames {
		m[stemWord(w)] = true
	}
	for w := range weekdayNames {
		m[stemWord(w)] = true
	}
	return m
}()

// labelEnd returns the index after a label that opens a sentence: up to
// six words before a colon that is not inside a time ("10:30").
func labelEnd(toks []lexTok) int {
	for i, t := range toks {
		if i > 7 {
			break
		}
		if t.kind == tokPunct && t.low == ":" {
			if i > 0 && i+1 < len(toks) && toks[i-1].kind == tokNum && toks[i+1].kind == tokNum {
				return 0
			}
			return i + 1
		}
	}
	return 0
}

// has reports whether the source backs f.
func (ev *evidence) has(f fact) bool {
	switch f.kind {
	case factNumber:
		for _, v := range ev.values {
			if f.q.matches(v) {
				return true
			}
		}
		return f.q.year && ev.cal.years[int(f.q.vals[0].v)]
	case factDate:
		return ev.cal.has(f.d)
	}
	return ev.hasEntity(f.e)
}

// hasEntity reports whether the source names e: its head word (or e as an
// acronym, or its acronym, or the country of a demonym) is there, and
// none of its other distinctive words is contradicted. "Joe Biden" is
// backed by "President Biden", but "Sarah Chen" is not by "Alice Chen".
func (ev *evidence) hasEntity(e entity) bool {
	head := e.head()
	if !ev.words.has(head) && !ev.hasAlias(e) {
		return false
	}
	for _, w := range e.dist[:len(e.dist)-1] {
		if !ev.words.has(w) && ev.namesOther(head, w, e) {
			return false
		}
	}
	return true
}

// hasAlias reports whether the source names e another way: spelled out
// when e is an acronym ("NTSB"), as an acronym when e is spelled out, or
// as the country or the adjective of a demonym ("Chinese", "China").
func (ev *evidence) hasAlias(e entity) bool {
	head := e.head()
	if e.acronym && ev.spellsOut(head) {
		return true
	}
	if a := initials(e.words); a != "" && ev.words.has(a) {
		return true
	}
	if len(e.dist) == 1 {
		for n := range ev.names {
			if sameDemonym(head, n) {
				return true
			}
		}
	}
	return false
}

// spellsOut reports whether consecutive words of the source have the
// initials acr, connectors skipped ("National Transportation Safety
// Board" for "ntsb").
func (ev *evidence) spellsOut(acr string) bool {
	if len(acr) < 2 {
		return false
	}
	for i := range ev.toks {
		k, j := 0, i
		for j < len(ev.toks) && k < len(acr) {
			t := ev.toks[j]
			if t.kind != tokWord {
				break
			}
			if nameConnectors[t.low] || t.low == "and" || t.low == "the" || t.low == "for" {
				if k == 0 {
					break
				}
				j++
				continue
			}
			if t.low[0] != acr[k] {
				break
			}
			k++
			j++
		}
		if k == len(acr) {
			return true
		}
	}
	return false
}

// namesOther reports whether the source puts another name before head
// where e has w ("Alice Chen" where the claim has "Sarah Chen"): then the
// source means someone else.
func (ev *evidence) namesOther(head, w string, e entity) bool {
	for i := 1; i < len(ev.toks); i++ {
		if !ev.toks[i].isWord(head) {
			continue
		}
		p := ev.toks[i-1]
		if p.kind == tokWord && p.upper && !p.start && !genericNameWords[p.low] &&
			!nameConnectors[p.low] && !stopWords[p.low] && p.low != w && !slices.Contains(e.words, p.low) {
			return true
		}
	}
	return false
}

// sentenceHas reports whether sentence i of the source has f, loosely,
// for choosing the quote that shows it: numbers by value, dates and names
// by a word.
func (ev *evidence) sentenceHas(i int, f fact) bool {
	switch f.kind {
	case factNumber:
		for _, v := range ev.sents[i].values {
			if f.q.matches(v) {
				return true
			}
		}
		return false
	case factDate:
		for w, m := range monthNames {
			if m == f.d.month && ev.words.in(w, i) {
				return true
			}
		}
		for w, wd := range weekdayNames {
			if f.d.weekday >= 0 && wd == f.d.weekday && ev.words.in(w, i) {
				return true
			}
		}
		return false
	}
	return ev.words.in(f.e.head(), i)
}
