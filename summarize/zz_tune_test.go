package summarize

// Temporary tuning harness (removed before hand-off).

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZTune(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip()
	}
	sp, err := NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaultSummTuning()
	if j := os.Getenv("CFG"); j != "" {
		if err := json.Unmarshal([]byte(j), &cfg); err != nil {
			t.Fatal(err)
		}
	}
	dump := os.Getenv("DUMP")
	for _, set := range []string{"cnn", "dm"} {
		f, err := os.Open("/work/shared/eval/summ-dev/" + set + ".jsonl")
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		var n, words, refw float64
		var r1, r2, rl float64
		var out *os.File
		if dump != "" {
			out, _ = os.Create(dump + "." + set)
		}
		for sc.Scan() {
			var it summItem
			json.Unmarshal(sc.Bytes(), &it)
			got := summarizeSents("", sp.Split(it.Text), 3, cfg)
			ref := strings.Join(leadSentences(it.Reference, -1), "\n")
			s := Rouge(ref, strings.Join(got, "\n"))
			n++
			r1 += s.R1
			r2 += s.R2
			rl += s.RL
			words += float64(len(strings.Fields(strings.Join(got, " "))))
			refw += float64(len(strings.Fields(it.Reference)))
			if out != nil {
				fmt.Fprintf(out, "R1 %.1f\nREF: %s\n", s.R1*100, it.Reference)
				for _, g := range got {
					fmt.Fprintf(out, "  > %s\n", g)
				}
				fmt.Fprintln(out)
			}
		}
		f.Close()
		fmt.Printf("%s R1 %.2f R2 %.2f RL %.2f  words %.1f ref %.1f\n", set, 100*r1/n, 100*r2/n, 100*rl/n, words/n, refw/n)
	}
}
