package eval_test

import (
	"math"
	"testing"

	"github.com/newsbot/newsbot/eval"
)

func TestRouge(t *testing.T) {
	tests := []struct {
		name, ref, cand string
		want            eval.RougeScores
	}{
		{
			// 5 of 6 reference unigrams matched with precision 1:
			// F1 = 2*5/(6+5); bigrams: 3 shared of 5 and 4: 6/9.
			name: "dropped word",
			ref:  "the cat sat on the mat",
			cand: "the cat on the mat",
			want: eval.RougeScores{R1: 10.0 / 11, R2: 6.0 / 9, RL: 10.0 / 11, RLsum: 10.0 / 11},
		},
		{
			name: "case and punctuation are separators",
			ref:  "Hello, World! 2024",
			cand: "hello world-2024",
			want: eval.RougeScores{R1: 1, R2: 1, RL: 1, RLsum: 1},
		},
		{
			// Whole-text LCS is "w3 w4 w5" (3 of 5); the union LCS over
			// the candidate's lines covers all 5 reference tokens.
			name: "summary-level LCS over lines",
			ref:  "w1 w2 w3 w4 w5",
			cand: "w3 w4 w5\nw1 w2",
			want: eval.RougeScores{R1: 1, R2: 0.75, RL: 0.6, RLsum: 1},
		},
		{
			// Union LCS: {w1 w2} ∪ {w1 w3 w5} = 4 hits; R = 4/5,
			// P = 4/10.
			name: "union LCS with repeated token",
			ref:  "w1 w2 w3 w4 w5",
			cand: "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5",
			want: eval.RougeScores{R1: 2 * 0.8 * 0.4 / 1.2, R2: 2.0 / 13, RL: 2 * 0.8 * 0.4 / 1.2, RLsum: 2 * 0.8 * 0.4 / 1.2},
		},
		{
			name: "non-ASCII letters separate tokens",
			ref:  "café au lait",
			cand: "caf au lait",
			want: eval.RougeScores{R1: 1, R2: 1, RL: 1, RLsum: 1},
		},
		{name: "empty candidate", ref: "a b c", cand: "", want: eval.RougeScores{}},
		{name: "nothing shared", ref: "a b c", cand: "d e f", want: eval.RougeScores{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := eval.Rouge(tt.ref, tt.cand)
			check := func(name string, got, want float64) {
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %.6f, want %.6f", name, got, want)
				}
			}
			check("R1", got.R1, tt.want.R1)
			check("R2", got.R2, tt.want.R2)
			check("RL", got.RL, tt.want.RL)
			check("RLsum", got.RLsum, tt.want.RLsum)
		})
	}
}
