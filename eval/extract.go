package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/newsbot/newsbot/data/parse"
)

// ExtractCase is one page of an extraction evaluation and the body text a
// reader came for.
type ExtractCase struct {
	ID, URL, Layout string
	Features        []string
	Page            []byte
	Want            string
}

// LoadExtractCases reads dir/manifest.jsonl, one object a line
// {"id", "url", "layout", "features"}, and for each id the page ID.html and
// its expected body ID.txt beside it.
func LoadExtractCases(dir string) ([]ExtractCase, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("eval: extract cases: %w", err)
	}
	defer f.Close()
	var out []ExtractCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var c ExtractCase
		var raw struct {
			ID       string   `json:"id"`
			URL      string   `json:"url"`
			Layout   string   `json:"layout"`
			Features []string `json:"features"`
		}
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, fmt.Errorf("eval: extract manifest line %d: %w", n, err)
		}
		if raw.ID == "" || strings.ContainsAny(raw.ID, `/\`) {
			return nil, fmt.Errorf("eval: extract manifest line %d: bad id %q", n, raw.ID)
		}
		c.ID, c.URL, c.Layout, c.Features = raw.ID, raw.URL, raw.Layout, raw.Features
		if c.Page, err = os.ReadFile(filepath.Join(dir, c.ID+".html")); err != nil {
			return nil, fmt.Errorf("eval: extract case %s: %w", c.ID, err)
		}
		want, err := os.ReadFile(filepath.Join(dir, c.ID+".txt"))
		if err != nil {
			return nil, fmt.Errorf("eval: extract case %s: %w", c.ID, err)
		}
		c.Want = string(want)
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: extract manifest: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval: extract manifest in %s lists no pages", dir)
	}
	return out, nil
}

// Extractor is one way of turning a page into its body text.
type Extractor struct {
	Name    string
	Extract func(page []byte, pageURL string) (string, error)
}

// Extractors are the candidates the extraction evaluation compares:
// newsbot's own parse.HTML (what the bot stores), go-readability as
// parse.HTML used it before. go-trafilatura (v1.12.2) was measured beside
// them and scored below both (F1 0.845 on the main pages, 0.936 on the
// unseen ones); it is left out, as it would add some twenty modules to the
// binary for a comparison row.
func Extractors() []Extractor {
	return []Extractor{
		{"newsbot", func(page []byte, pageURL string) (string, error) {
			a, err := parse.HTML(page, "text/html", pageURL)
			return a.Text, err
		}},
		{"readability", readabilityText},
	}
}

// readabilityText is go-readability's article text, untouched.
func readabilityText(page []byte, pageURL string) (string, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return "", err
	}
	u, _ := url.Parse(pageURL)
	ps := readability.NewParser()
	a, err := ps.ParseDocument(doc, u)
	if err != nil || a.Node == nil {
		return "", fmt.Errorf("readability: no article: %w", err)
	}
	var b strings.Builder
	err = a.RenderText(&b)
	return b.String(), err
}

// PageScore is how one extractor did on one page. Err is set when it gave
// no text (its scores are then zero).
type PageScore struct {
	ID                    string
	Precision, Recall, F1 float64
	Err                   error
}

// ExtractScores sums up an extractor over N pages: the mean precision and
// recall over pages, F1 their harmonic mean (as the common extraction
// benchmarks report it), and how many pages gave no text.
type ExtractScores struct {
	Name                  string
	N, Failed             int
	Precision, Recall, F1 float64
	Pages                 []PageScore
}

// EvaluateExtraction runs ex on every case and scores it with TokenScores.
func EvaluateExtraction(cases []ExtractCase, ex Extractor) ExtractScores {
	s := ExtractScores{Name: ex.Name, N: len(cases)}
	for _, c := range cases {
		ps := PageScore{ID: c.ID}
		got, err := ex.Extract(c.Page, c.URL)
		if err != nil {
			ps.Err = err
			s.Failed++
		} else {
			ps.Precision, ps.Recall, ps.F1 = TokenScores(c.Want, got)
		}
		s.Precision += ps.Precision
		s.Recall += ps.Recall
		s.Pages = append(s.Pages, ps)
	}
	if s.N > 0 {
		s.Precision /= float64(s.N)
		s.Recall /= float64(s.N)
	}
	s.F1 = harmonic(s.Precision, s.Recall)
	return s
}

// TokenScores compares the bags of words of want and got: precision is the
// share of got's tokens found in want, recall the share of want's found in
// got, each token counted as often as it occurs. Tokens are runs of letters
// and digits, lower-cased; anything else (spaces, punctuation, soft hyphens
// and zero-width characters) separates them. Empty got scores zero.
func TokenScores(want, got string) (precision, recall, f1 float64) {
	w, g := tokens(want), tokens(got)
	if len(w) == 0 || len(g) == 0 {
		return 0, 0, 0
	}
	bag := map[string]int{}
	for _, t := range w {
		bag[t]++
	}
	common := 0
	for _, t := range g {
		if bag[t] > 0 {
			bag[t]--
			common++
		}
	}
	precision = float64(common) / float64(len(g))
	recall = float64(common) / float64(len(w))
	return precision, recall, harmonic(precision, recall)
}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
