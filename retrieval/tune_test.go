package retrieval_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsbot/newsbot/data/datatest"
	"github.com/newsbot/newsbot/eval"
)

// TestTuneRTQA logs the metrics of variations of the ranking weights, one
// at a time around the defaults, on rtqa-dev with one index. It is a
// development aid that runs only when RTQA_TUNE is set; keep the weights
// general (see rankParams) rather than fitted to this set.
func TestTuneRTQA(t *testing.T) {
	if os.Getenv("RTQA_TUNE") == "" {
		t.Skip("set RTQA_TUNE=1 to run")
	}
	corpus := filepath.Join(rtqaDir, "corpus.jsonl")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip(err)
	}
	arts := datatest.Articles(t, corpus)
	qf, err := os.Open(filepath.Join(rtqaDir, "queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer qf.Close()
	qs, err := eval.LoadRetrievalQueries(qf)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix := newStack(t)
	ix.add(t, arts...)
	values := map[string][]float64{
		"titleBoost":   {0.2, 0.3, 0.5, 0.75, 1},
		"leadBoost":    {1, 1.3, 1.6, 2},
		"secondWeight": {0, 0.25, 0.5},
		"halfLife":     {3, 7, 14, 30},
		"floor":        {0.05, 0.1, 0.2},
		"diversity":    {0, 0.15, 0.3, 0.5},
	}
	for _, name := range []string{"titleBoost", "leadBoost", "secondWeight", "halfLife", "floor", "diversity"} {
		for _, v := range values[name] {
			if !ix.SetRankParam(name, v) {
				t.Fatalf("no ranking weight %s", name)
			}
			m, err := eval.EvaluateRetrieval(ctx, ix.Index, qs)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-12s %5.2f  H@1 %.3f H@3 %.3f H@10 %.3f MRR %.3f", name, v, m.Hits1, m.Hits3, m.Hits10, m.MRR10)
		}
	}
}
