package summarize

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// entity is a name in a sentence: a run of capitalised words ("Joe
// Biden", "Dartmouth College", "Bank of England") or an acronym ("NTSB",
// "U.S.").
type entity struct {
	text string
	// words are the lower-cased words of the name without connectors;
	// dist are those that tell it apart: no titles ("President") and no
	// words every organisation has ("College", "Inc").
	words, dist []string
	acronym     bool
	// from and to are its token span; poss is set when it ends in a
	// possessive ("Harlow's").
	from, to int
	poss     bool
}

// head is the word a passage must name for the entity to be there: the
// last distinctive one (a surname, "Dartmouth" of "Dartmouth College").
func (e entity) head() string { return e.dist[len(e.dist)-1] }

// genericNameWords are titles and words common to many names; a name is
// matched by its other words ("Biden" for "President Joe Biden").
var genericNameWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
president vice prime minister secretary senator sen rep representative congressman congresswoman
governor gov mayor judge justice chief executive ceo cfo chairman chairwoman chair director
general gen col colonel captain capt lt lieutenant sgt sergeant officer commissioner chancellor
king queen prince princess pope dr doctor prof professor mr mrs ms sir dame lord lady st saint
councillor councilor councilman councilwoman inspector detective superintendent coach manager
spokesman spokeswoman spokesperson leader premier ambassador
inc corp corporation co company ltd llc plc group holdings international national university
college school institute foundation association department ministry agency authority commission
committee council board office bureau service services party union club fc city county state
states province district region republic kingdom the police court government administration
federal central news daily times post`) {
		m[w] = true
	}
	return m
}()

// nameConnectors may stand inside a name between capitalised words.
var nameConnectors = map[string]bool{
	"of": true, "de": true, "del": true, "da": true, "van": true, "von": true, "der": true,
	"den": true, "la": true, "le": true, "al": true, "bin": true, "&": true, "-": true,
}

// findEntities returns the names in toks. A capitalised word that starts
// the sentence counts only when the next word is capitalised too ("Police
// Chief Ana Ruiz") or when known says the word is a name elsewhere (in
// some source, mid-sentence).
func findEntities(toks []lexTok, known func(string) bool) []entity {
	var out []entity
	for i := 0; i < len(toks); i++ {
		if !nameWord(toks, i, known) {
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j-1].poss {
			switch {
			case nameWord(toks, j, known):
				j++
				continue
			case nameConnectors[toks[j].low] && j+1 < len(toks) && (toks[j].low != "-" || toks[j].glued) &&
				toks[j+1].kind == tokWord && toks[j+1].upper && !toks[j+1].start:
				j += 2
				continue
			}
			break
		}
		if e, ok := makeEntity(toks, i, j); ok {
			out = append(out, e)
		}
		i = j - 1
	}
	return out
}

// nameWord reports whether toks[i] may be (part of) a name.
func nameWord(toks []lexTok, i int, known func(string) bool) bool {
	t := toks[i]
	if t.kind != tokWord || !t.upper {
		return false
	}
	if _, ok := weekdayNames[t.low]; ok {
		return false
	}
	if _, ok := monthAt(toks, i); ok {
		return false
	}
	if t.acronym {
		return true
	}
	if stopWords[t.low] || t.low == "i" {
		return false
	}
	if !t.start {
		return true
	}
	if known(t.low) {
		return true
	}
	next := i + 1
	return next < len(toks) && toks[next].kind == tokWord && toks[next].upper && !toks[next].start &&
		!stopWords[toks[next].low] && !toks[i].poss
}

// makeEntity builds the entity of toks[from:to]; a name of generic words
// only ("the Council") is none.
func makeEntity(toks []lexTok, from, to int) (entity, bool) {
	e := entity{from: from, to: to, poss: toks[to-1].poss}
	var text []string
	for _, t := range toks[from:to] {
		text = append(text, t.low)
		if nameConnectors[t.low] {
			continue
		}
		e.words = append(e.words, t.low)
		// An initial ("J." of "J. K. Rowling") tells nothing apart.
		if !genericNameWords[t.low] && utf8.RuneCountInString(t.low) > 1 {
			e.dist = append(e.dist, t.low)
		}
	}
	e.text = strings.Join(text, " ")
	e.acronym = to-from == 1 && toks[from].acronym
	return e, len(e.dist) > 0
}

// initials returns the acronym of words ("national transportation safety
// board" is "ntsb"), or "" for a single word.
func initials(words []string) string {
	if len(words) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// sameEntity reports whether a and b name the same thing: they share the
// head word, one's head is among the other's distinctive words, or one is
// the other's acronym.
func sameEntity(a, b entity) bool {
	ha, hb := a.head(), b.head()
	switch {
	case ha == hb:
		return true
	case len(a.dist) > 1 && slices.Contains(a.dist, hb), len(b.dist) > 1 && slices.Contains(b.dist, ha):
		return true
	case a.acronym && initials(b.words) == ha, b.acronym && initials(a.words) == hb:
		return true
	}
	return false
}

// demonymTails are the endings that turn a country into its people or
// adjective once the common start is taken away: China, Chinese; Britain,
// British; Canada, Canadian.
var demonymTails = map[string]bool{
	"": true, "a": true, "an": true, "n": true, "ese": true, "ian": true, "ish": true, "i": true,
	"y": true, "ic": true, "ican": true, "ica": true, "e": true, "ia": true, "ain": true, "o": true,
}

// irregularDemonyms pairs the adjectives that do not start like their
// country.
var irregularDemonyms = map[string]string{
	"french": "france", "spanish": "spain", "dutch": "netherlands", "swiss": "switzerland",
	"welsh": "wales", "greek": "greece", "irish": "ireland", "scottish": "scotland",
	"danish": "denmark", "swedish": "sweden", "polish": "poland", "turkish": "turkey",
	"thai": "thailand", "filipino": "philippines", "finnish": "finland", "norwegian": "norway",
	"american": "us", "british": "uk", "britain": "uk",
}

// sameDemonym reports whether a and b are a country and its adjective
// ("China" and "Chinese").
func sameDemonym(a, b string) bool {
	if irregularDemonyms[a] == b || irregularDemonyms[b] == a {
		return true
	}
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n >= 4 && demonymTails[a[n:]] && demonymTails[b[n:]]
}
