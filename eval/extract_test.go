package eval_test

import (
	"math"
	"testing"

	"github.com/newsbot/newsbot/eval"
)

func TestTokenScores(t *testing.T) {
	for _, tc := range []struct {
		name, want, got string
		p, r            float64
	}{
		{"same", "The ferry sails at dawn.", "the ferry SAILS at dawn", 1, 1},
		{"extra furniture", "The ferry sails.", "The ferry sails. Share this article", 3.0 / 6, 1},
		{"half missing", "one two three four", "one two", 1, 0.5},
		{"counts repeats", "cap cap", "cap cap cap cap", 0.5, 1},
		{"soft hyphen splits a word", "immediate effect", "imme\u00addiate effect", 1.0 / 3, 0.5},
		{"empty output", "some words", "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, r, f := eval.TokenScores(tc.want, tc.got)
			if math.Abs(p-tc.p) > 1e-9 || math.Abs(r-tc.r) > 1e-9 {
				t.Errorf("TokenScores = P %.3f R %.3f, want P %.3f R %.3f", p, r, tc.p, tc.r)
			}
			if wantF := harmonic(tc.p, tc.r); math.Abs(f-wantF) > 1e-9 {
				t.Errorf("F1 = %.3f, want %.3f", f, wantF)
			}
		})
	}
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// extractFloors are the least F1 newsbot's page extraction may score on
// each set of the evaluation's own pages; `newsbot eval extract --dir`
// prints the figures. The unseen pages' floor is lower: the cleaner was
// not written against them.
var extractFloors = []struct {
	dir   string
	floor float64
}{
	{"testdata/extract", 0.97},
	{"testdata/extract-holdout", 0.97},
	{"testdata/extract-unseen", 0.94},
}

func TestExtractionOnOwnPages(t *testing.T) {
	for _, set := range extractFloors {
		t.Run(set.dir, func(t *testing.T) { testExtraction(t, set.dir, set.floor) })
	}
}

func testExtraction(t *testing.T, dir string, floor float64) {
	cases, err := eval.LoadExtractCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("%d pages, want at least 10", len(cases))
	}
	for _, ex := range eval.Extractors() {
		if ex.Name != "newsbot" {
			continue
		}
		s := eval.EvaluateExtraction(cases, ex)
		if s.Failed > 0 {
			for _, p := range s.Pages {
				if p.Err != nil {
					t.Errorf("%s: %v", p.ID, p.Err)
				}
			}
		}
		if s.F1 < floor {
			t.Errorf("F1 %.3f (P %.3f, R %.3f), want at least %.2f", s.F1, s.Precision, s.Recall, floor)
		}
		return
	}
	t.Fatal("no extractor named newsbot")
}

func TestLoadExtractCasesErrors(t *testing.T) {
	if _, err := eval.LoadExtractCases(t.TempDir()); err == nil {
		t.Error("LoadExtractCases of a directory without manifest.jsonl: no error")
	}
}
