package retrieval

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// analyzers returns bleve's en analyzer and analyzerName, built as an
// index mapping builds them.
func analyzers(t testing.TB) (want, got analysis.Analyzer) {
	t.Helper()
	c := registry.NewCache()
	want, err := c.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	got, err = c.AnalyzerNamed(analyzerName)
	if err != nil {
		t.Fatal(err)
	}
	return want, got
}

// sameTokens fails t where the two analyzers' tokens of text differ in
// term, offsets, position or type.
func sameTokens(t *testing.T, want, got analysis.Analyzer, text string) bool {
	t.Helper()
	w, g := want.Analyze([]byte(text)), got.Analyze([]byte(text))
	if len(w) != len(g) {
		t.Errorf("%q: %d tokens, want %d:\n got %s\nwant %s", text, len(g), len(w), g, w)
		return false
	}
	for i := range w {
		a, b := w[i], g[i]
		if string(a.Term) != string(b.Term) || a.Start != b.Start || a.End != b.End || a.Position != b.Position || a.Type != b.Type {
			t.Errorf("%q: token %d is %v, want %v", text, i, b, a)
			return false
		}
	}
	return true
}

func TestAnalyzerGivesEnglishTokens(t *testing.T) {
	want, got := analyzers(t)
	for _, text := range []string{
		"", " ", "The Senate's vote: 52-48, on Tuesday.",
		"_ __ a_ _a 1_ _1 a1 1a 1,000.5 U.S. a:b a'b 1'2 a.1 1.a a..b 1,,2 _._ a_.b",
		"1;2 3. .5 a' 'a e.g., $5 #tag @user x:y:z 10:30 3.14.15 a-b",
		"don’t “quoted” — dash café naïve x\u0301y \u0301abc co\u00adop 東京 カタカナ",
		"Mr. Smith's dogs ran 5.5km\tto\nthe\r\nriver's edge; it's 'fine'.",
		"ALL CAPS RUNNING JUMPED FLIES happily generously",
		"line\u2028sep\u00a0nbsp zero\u200bwidth emoji 👍 flag 🇺🇸",
	} {
		sameTokens(t, want, got, text)
	}
}

// TestAnalyzerGivesEnglishTokensOnNews compares the two on the sample
// corpus and, where it is there, the eval corpus: the text the index holds.
func TestAnalyzerGivesEnglishTokensOnNews(t *testing.T) {
	want, got := analyzers(t)
	var files []string
	err := filepath.WalkDir("../data/ingest/sample", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample corpus (%v)", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if !sameTokens(t, want, got, line) {
				return
			}
		}
	}
	f, err := os.Open("../../shared/eval/rtqa-dev/corpus.jsonl")
	if err != nil {
		t.Logf("no eval corpus beside the repository; compared on the sample only")
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() && n < 2000 {
		var a struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if !sameTokens(t, want, got, a.Title) || !sameTokens(t, want, got, a.Text) {
			return
		}
		n++
	}
	if n == 0 {
		t.Fatal("the eval corpus has no articles")
	}
}

// TestAnalyzerGivesEnglishTokensOnNoise compares the two on random strings
// of the characters the word rules treat apart, ASCII and not.
func TestAnalyzerGivesEnglishTokensOnNoise(t *testing.T) {
	want, got := analyzers(t)
	alphabet := []string{"a", "Z", "s", "S", "7", "0", "_", ":", ".", "'", ",", ";", "-", " ", "\n", "\t", "\"",
		"’", "‘", "“", "é", "\u0301", "\u00ad", "\u200d", "東", "カ", "א", "٣", "👍", "\u00a0"}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.Intn(12) {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		if !sameTokens(t, want, got, b.String()) {
			return
		}
	}
}

func TestStemCacheStartsOverWhenFull(t *testing.T) {
	var c stemCache
	for i := range maxStems + 10 {
		c.stem([]byte("word" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)) + string(rune('a'+i/17576%26))))
	}
	if n := len(c.stems); n == 0 || n > maxStems {
		t.Errorf("%d stems kept, want between 1 and %d", n, maxStems)
	}
	if s := string(c.stem([]byte("running"))); s != "run" {
		t.Errorf("stem of running is %q, want run", s)
	}
}

// BenchmarkAnalyzers analyses the sample corpus with en and analyzerName.
func BenchmarkAnalyzers(b *testing.B) {
	var text [][]byte
	_ = filepath.WalkDir("../data/ingest/sample", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if t, err := os.ReadFile(path); err == nil {
				text = append(text, t)
			}
		}
		return err
	})
	if len(text) == 0 {
		b.Fatal("no sample corpus")
	}
	want, got := analyzers(b)
	for _, a := range []struct {
		name string
		a    analysis.Analyzer
	}{{en.AnalyzerName, want}, {analyzerName, got}} {
		b.Run(a.name, func(b *testing.B) {
			for b.Loop() {
				for _, t := range text {
					a.a.Analyze(t)
				}
			}
		})
	}
}
