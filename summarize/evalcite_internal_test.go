package summarize

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// citeDevCorpus is the retrieval development set's articles, outside the
// repository.
const citeDevCorpus = "../../shared/eval/rtqa-dev/corpus.jsonl"

// TestEvalCitationsDev measures the citation checks on real articles, in
// groups of eight as an answer gets them (each cut to 600 words). Every
// sentence of an article, cited to it, must keep its citation; with one
// planted defect it must lose it: a changed number, a flipped direction
// word, a removed "not", another article's name in place of its own, or
// the citation of another article of the group. Planted defects are
// mechanical, so some are no defect at all (the other article may say the
// same; the changed number may occur elsewhere in the article): the
// floors sit under the figures measured, not at 100%.
func TestEvalCitationsDev(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: checks about 27,000 sentences")
	}
	arts, err := readCiteDev(citeDevCorpus, 400)
	if err != nil {
		t.Skip("no retrieval dev set:", err)
	}
	split, err := NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ planted, caught int }
	res := map[string]*tally{}
	check := func(kind, text string, set *evidenceSet, mustLose string) {
		tl := res[kind]
		if tl == nil {
			tl = &tally{}
			res[kind] = tl
		}
		tl.planted++
		kept := false
		for _, c := range finish(text, set, split).Citations {
			kept = kept || c.ArticleID == mustLose
		}
		if kept == (kind == "verbatim") {
			tl.caught++
		}
	}
	for g := 0; g+8 <= len(arts); g += 8 {
		group := arts[g : g+8]
		set := newEvidenceSet(group, split)
		for k, src := range group {
			other := group[(k+1)%8]
			for _, s := range split.Split(src.Text) {
				if !isClaim(s) || saysNotCovered(s) || len(strings.Fields(s)) < 6 {
					continue
				}
				base := strings.TrimSuffix(s, ".")
				own := " [" + strconv.Itoa(src.N) + "]."
				check("verbatim", base+own, set, src.ArticleID)
				check("wrong source", base+" ["+strconv.Itoa(other.N)+"].", set, other.ArticleID)
				for kind, m := range plantDefects(base, set, k) {
					check(kind, m+own, set, src.ArticleID)
				}
			}
		}
	}
	floor := map[string]float64{"verbatim": 99.9, "wrong source": 88, "number": 93, "direction": 85, "negation": 75, "name": 85}
	for kind := range floor {
		// A set that planted nothing would pass without checking.
		if res[kind] == nil || res[kind].planted == 0 {
			t.Errorf("%s: no sentence was checked", kind)
		}
	}
	for kind, tl := range res {
		got := 100 * float64(tl.caught) / float64(tl.planted)
		t.Logf("%-12s %5d sentences, %5.1f%% %s", kind, tl.planted, got, map[bool]string{true: "kept", false: "lost their citation"}[kind == "verbatim"])
		if got < floor[kind] {
			t.Errorf("%s: %.1f%%, below the floor of %.1f%%", kind, got, floor[kind])
		}
	}
}

// readCiteDev reads the first n articles of at least 200 words, numbered
// in groups of eight.
func readCiteDev(path string, n int) ([]Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	var out []Source
	for sc.Scan() && len(out) < n {
		var a struct{ URL, Title, Text, Published, Source string }
		if json.Unmarshal(sc.Bytes(), &a) != nil || len(strings.Fields(a.Text)) < 200 {
			continue
		}
		p, _ := time.Parse("2006-01-02", a.Published)
		words := strings.Fields(a.Text)
		out = append(out, Source{
			N: len(out)%8 + 1, ArticleID: a.URL, Title: a.Title, Outlet: a.Source, Published: p,
			Text: strings.Join(words[:min(len(words), 600)], " "),
		})
	}
	return out, sc.Err()
}

var (
	firstNumber = regexp.MustCompile(`\b\d[\d,]*(?:\.\d+)?\b`)
	flips       = map[string]string{
		"rose": "fell", "fell": "rose", "increased": "decreased", "decreased": "increased", "rising": "falling",
		"falling": "rising", "higher": "lower", "lower": "higher", "gained": "lost", "grew": "shrank",
		"approved": "rejected", "rejected": "approved", "rises": "falls", "falls": "rises",
		"increase": "decrease", "decrease": "increase", "jumped": "dropped", "dropped": "jumped",
	}
	unnegations = [][2]string{
		{" is not ", " is "}, {" was not ", " was "}, {" did not ", " did "}, {" does not ", " does "},
		{" will not ", " will "}, {" has not ", " has "}, {" are not ", " are "}, {" isn't ", " is "},
		{" wasn't ", " was "}, {" didn't ", " did "}, {" doesn't ", " does "}, {" won't ", " will "},
	}
)

// plantDefects returns the sentence s of source k of set with one defect
// each, by kind, where s allows it.
func plantDefects(s string, set *evidenceSet, k int) map[string]string {
	out := map[string]string{}
	if loc := firstNumber.FindStringIndex(s); loc != nil {
		if v, err := strconv.ParseFloat(strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""), 64); err == nil {
			out["number"] = s[:loc[0]] + strconv.FormatFloat(v*3+7, 'f', -1, 64) + s[loc[1]:]
		}
	}
	for _, w := range strings.Fields(s) {
		if to, ok := flips[w]; ok {
			if m := strings.Replace(s+" ", " "+w+" ", " "+to+" ", 1); m != s+" " {
				out["direction"] = strings.TrimSuffix(m, " ")
			}
			break
		}
	}
	for _, p := range unnegations {
		if strings.Contains(s, p[0]) {
			out["negation"] = strings.Replace(s, p[0], p[1], 1)
			break
		}
	}
	// The first one-word name gives way to a name of the next article
	// that this one does not have.
	c := newClaim(s, set.isKnown)
	for _, e := range c.ents {
		if len(e.words) != 1 || e.acronym || e.poss {
			continue
		}
		for _, t := range set.list[(k+1)%len(set.list)].toks {
			if t.isName() && len(t.low) > 3 && !t.poss && !set.list[k].words.has(t.low) {
				orig := s[c.toks[e.from].off:c.toks[e.to-1].end]
				if strings.Count(s, orig) == 1 {
					out["name"] = strings.Replace(s, orig, strings.ToUpper(t.low[:1])+t.low[1:], 1)
				}
				break
			}
		}
		break
	}
	return out
}
