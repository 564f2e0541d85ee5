package summarize

// bestQuote returns the sentence of the source that best supports the
// citing claims together, cut to maxQuoteRunes: the Quote of a Citation.
func (ev *evidence) bestQuote(citing []*claim) string {
	best, bestScore := "", -1.0
	for i, s := range ev.sents {
		score := 0.0
		for _, c := range citing {
			score += ev.sentenceSupport(c, i)
		}
		if score > bestScore {
			best, bestScore = s.text, score
		}
	}
	return cutRunes(best, maxQuoteRunes)
}

// quoteFor returns the passage of the source that backs claim c: its
// sentence with the most of c's words and facts, and, when c's facts
// that the source backs are spread over two sentences, the one with most
// of the rest after " … ". It is cut to maxQuoteRunes.
func (ev *evidence) quoteFor(c *claim) string {
	score := func(i int) float64 {
		v := ev.sentenceSupport(c, i)
		if len(c.facts) > 0 {
			n := 0
			for _, f := range c.facts {
				if ev.sentenceHas(i, f) {
					n++
				}
			}
			v += 0.5 * float64(n) / float64(len(c.facts))
		}
		return v
	}
	best, bestScore := -1, -1.0
	for i := range ev.sents {
		if v := score(i); v > bestScore {
			best, bestScore = i, v
		}
	}
	if best < 0 {
		return ""
	}
	var missing []fact
	for _, f := range c.facts {
		if !ev.sentenceHas(best, f) && ev.has(f) {
			missing = append(missing, f)
		}
	}
	second, most := -1, 0
	for i := range ev.sents {
		n := 0
		for _, f := range missing {
			if ev.sentenceHas(i, f) {
				n++
			}
		}
		if i != best && n > most {
			second, most = i, n
		}
	}
	q := ev.sents[best].text
	switch {
	case second < 0:
	case second < best:
		q = ev.sents[second].text + " … " + q
	default:
		q += " … " + ev.sents[second].text
	}
	return cutRunes(q, maxQuoteRunes)
}

// sentenceSupport is the Support of claim c by sentence i of the source.
func (ev *evidence) sentenceSupport(c *claim, i int) float64 {
	return shareIn(c.terms, func(w string) bool { return ev.terms.in(w, i) })
}
