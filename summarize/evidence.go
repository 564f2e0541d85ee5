package summarize

// evidence is what the citation checks know of one source, read once per
// FinishCitations call: its sentences, the words and numbers of its text,
// the dates its text and Published date imply, and the clauses and roles
// that a claim is compared with. Title and Outlet count as words, so that
// "according to the Ledger" is backed by the Ledger's article.
type evidence struct {
	src   Source
	sents []evSentence
	toks  []lexTok
	// terms are the text's words as Support reads them; words the
	// lower-cased words of text (and of title and outlet, in no
	// sentence); names the words written as names.
	terms, words sentenceIndex
	names        map[string]bool
	values       []float64
	cal          calendar
	clauses      []clause
	roles        []sentenceRoles
}

// evSentence is one sentence of a source with its numbers.
type evSentence struct {
	text   string
	values []float64
}

// sentenceIndex says which sentences of a source have which words: a bit
// for each of the first 64 sentences, a set for the others. It is one map
// for a source where a set for each sentence would be dozens.
type sentenceIndex struct {
	first map[string]uint64
	rest  map[wordSent]bool
}

// wordSent is a word in one sentence.
type wordSent struct {
	w    string
	sent int
}

func newSentenceIndex(n int) sentenceIndex {
	return sentenceIndex{first: make(map[string]uint64, n)}
}

// add records w in sentence i; i < 0 records it in no sentence.
func (x *sentenceIndex) add(w string, i int) {
	switch {
	case i < 0:
		x.first[w] |= 0 // the word, in no sentence
	case i < 64:
		x.first[w] |= 1 << i
	default:
		if x.rest == nil {
			x.rest = map[wordSent]bool{}
		}
		x.first[w] |= 0 // the word, in no sentence
		x.rest[wordSent{w, i}] = true
	}
}

// has reports whether any sentence (or the metadata) has w.
func (x sentenceIndex) has(w string) bool {
	_, ok := x.first[w]
	return ok
}

// in reports whether sentence i has w.
func (x sentenceIndex) in(w string, i int) bool {
	if i < 64 {
		return x.first[w]&(1<<i) != 0
	}
	return x.rest[wordSent{w, i}]
}

// evidenceSet is the evidence of all the sources given to one answer.
type evidenceSet struct {
	list []*evidence
	byN  map[int]*evidence
	// known holds the words written as names mid-sentence in any source,
	// so that a claim's first word is recognised as a name ("Kestrel said
	// ..."); split knows the names of English text ("Yale researchers").
	known map[string]bool
	split *Splitter
}

// newEvidenceSet reads sources. It lexes each text once; the Punkt
// splitter would cost about 0.4 ms per 600 words, too much to run over
// every source of every answer.
func newEvidenceSet(sources []Source, split *Splitter) *evidenceSet {
	set := &evidenceSet{byN: make(map[int]*evidence, len(sources)), known: map[string]bool{}, split: split}
	sents := make([][]lexSentence, len(sources))
	toks := make([][]lexTok, len(sources))
	lower := map[string]bool{}
	for i, src := range sources {
		sents[i], toks[i] = lex(src.Text)
		for _, t := range toks[i] {
			switch {
			case t.isName():
				set.known[t.low] = true
			case t.kind == tokWord && !t.upper:
				lower[t.low] = true
			}
		}
	}
	// A word that opens a source's sentence is a name too when no source
	// writes it in lower case and the English model does not know it
	// ("Brightwater, the largest employer, ..."); a claim then knows it.
	for i := range sources {
		for _, t := range toks[i] {
			if t.start && t.upper && !stopWords[t.low] && !lower[t.low] && split.unknownWord(t.low) {
				set.known[t.low] = true
			}
		}
	}
	for i, src := range sources {
		ev := set.read(src, sents[i], toks[i])
		set.list = append(set.list, ev)
		if _, dup := set.byN[src.N]; !dup {
			set.byN[src.N] = ev
		}
	}
	return set
}

// isKnown reports whether w is written as a name in some source or, in
// the English model, only as a name.
func (set *evidenceSet) isKnown(w string) bool { return set.known[w] || set.split.onlyAsName(w) }

// read builds the evidence of one source from its lexed sentences and
// all their tokens.
func (set *evidenceSet) read(src Source, sents []lexSentence, toks []lexTok) *evidence {
	n := len(toks)
	ev := &evidence{
		src: src, toks: toks, terms: newSentenceIndex(n / 2), words: newSentenceIndex(n / 2),
		names: map[string]bool{}, cal: newCalendar(), sents: make([]evSentence, 0, len(sents)),
	}
	var dates []dateMention
	for i, s := range sents {
		es := evSentence{text: s.text}
		for _, t := range s.toks {
			if term, ok := t.term(); ok {
				ev.terms.add(term.Word, i)
			}
		}
		used := make([]bool, len(s.toks))
		dates = append(dates, dateMentions(s.toks, used)...)
		es.values = passageValues(s.toks, used)
		ev.values = append(ev.values, es.values...)
		for _, t := range s.toks {
			if t.kind == tokWord {
				ev.words.add(t.low, i)
				if t.upper {
					ev.names[t.low] = true
				}
			}
			if isYear(t) {
				ev.cal.years[int(t.num)] = true
			}
		}
		ev.sents = append(ev.sents, es)
		ev.clauses = append(ev.clauses, clausesOf(s.toks, i)...)
		ents := findEntities(s.toks, set.isKnown)
		sups, res := superlatives(s.toks, ents), results(s.toks, ents)
		if len(sups) > 0 || len(res) > 0 {
			ev.roles = append(ev.roles, sentenceRoles{sent: i, sups: sups, results: res})
		}
	}
	ev.cal.addMentions(dates, ev.toks, src.Published)
	for _, meta := range []string{src.Title, src.Outlet} {
		for _, t := range lexTokens(meta) {
			if t.kind == tokWord {
				ev.words.add(t.low, -1)
				ev.names[t.low] = true
			}
		}
	}
	return ev
}
