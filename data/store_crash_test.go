//go:build unix

package data_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// crashDirEnv tells the test binary that it is the crash helper child and
// where its store lives.
const crashDirEnv = "NEWSBOT_STORE_CRASH_DIR"

const (
	crashBatches   = 120
	crashBatchSize = 25
)

// crashBatch returns batch b of the crash test's ingest: distinct articles
// with about a kilobyte of text each, the same on every call.
func crashBatch(b int) []data.Article {
	arts := make([]data.Article, crashBatchSize)
	for i := range arts {
		arts[i] = data.Article{
			URL:       fmt.Sprintf("https://crash.example/%d/%d", b, i),
			Title:     fmt.Sprintf("Batch %d article %d", b, i),
			Text:      strings.Repeat(fmt.Sprintf("Sentence %d of batch %d goes on for a while. ", i, b), 20),
			Published: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(b*crashBatchSize+i) * time.Second),
		}
	}
	return arts
}

// TestCrashHelper is the child of TestStoreSurvivesSIGKILL: it ingests every
// batch, printing "committed N" after each commit, then waits on stdin to be
// killed.
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("helper process of TestStoreSurvivesSIGKILL")
	}
	ctx := context.Background()
	s, err := data.OpenStore(ctx, filepath.Join(dir, "news.db"))
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(2)
	}
	for b := range crashBatches {
		if _, _, err := s.PutArticles(ctx, crashBatch(b)); err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("committed %d\n", b) // os.Stdout is unbuffered
	}
	fmt.Println("done")
	io.Copy(io.Discard, os.Stdin) // until the parent kills us or goes away
	os.Exit(0)
}

func TestStoreSurvivesSIGKILL(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper: %v", err)
	}

	// Kill the child (SIGKILL) as soon as a few batches are reported
	// committed, most likely in the middle of the next transaction.
	reported, finished := -1, false
	sc := bufio.NewScanner(stdout)
	scan := func(stopAt int) {
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "committed "):
				n, err := strconv.Atoi(strings.TrimPrefix(line, "committed "))
				if err != nil {
					t.Errorf("helper said %q", line)
				}
				reported = n
				if n >= stopAt {
					return
				}
			case line == "done":
				finished = true
				return
			case strings.HasPrefix(line, "error "):
				t.Errorf("helper: %s", line)
				return
			}
		}
	}
	scan(3)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill helper: %v", err)
	}
	scan(crashBatches) // lines written before the kill landed
	err = cmd.Wait()
	if finished {
		t.Logf("helper finished all batches before the kill; the crash window was missed")
	} else if err == nil {
		t.Fatalf("helper exited cleanly without finishing; stderr:\n%s", stderr.String())
	}
	if reported < 3 {
		t.Fatalf("helper reported only %d batches; stderr:\n%s", reported+1, stderr.String())
	}

	s := openTestStoreAt(t, filepath.Join(dir, "news.db"))
	var check string
	if err := s.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}

	revs := map[int64]bool{}
	byID := map[string]int64{}
	err = s.ArticlesAfter(ctx, 0, func(a data.Article) error {
		if revs[a.Rev] {
			t.Errorf("rev %d used twice", a.Rev)
		}
		revs[a.Rev] = true
		byID[a.ID] = a.Rev
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	maxRev, err := s.MaxRev(ctx)
	if err != nil || maxRev != int64(len(byID)) {
		t.Errorf("MaxRev = %d, %v; want %d (one revision per stored article)", maxRev, err, len(byID))
	}

	// Each batch is one transaction: all of it or none of it, and since
	// the child wrote them in order, the present ones form a prefix.
	present := make([]bool, crashBatches)
	for b := range crashBatches {
		n := 0
		for _, a := range crashBatch(b) {
			a.Normalize()
			if _, ok := byID[a.ID]; ok {
				n++
			}
		}
		switch n {
		case crashBatchSize:
			present[b] = true
		case 0:
		default:
			t.Errorf("batch %d is torn: %d of %d articles present", b, n, crashBatchSize)
		}
		if b <= reported && !present[b] {
			t.Errorf("batch %d was reported committed but is missing", b)
		}
		if b > 0 && present[b] && !present[b-1] {
			t.Errorf("batch %d present but batch %d missing", b, b-1)
		}
	}
	kept := 0
	for _, p := range present {
		if p {
			kept++
		}
	}
	t.Logf("killed after %d reported batches; %d of %d batches survived", reported+1, kept, crashBatches)

	// Ingesting everything again completes the store.
	for b := range crashBatches {
		outs, errs, err := s.PutArticles(ctx, crashBatch(b))
		if err != nil {
			t.Fatalf("re-ingest batch %d: %v", b, err)
		}
		want := data.Added
		if present[b] {
			want = data.Unchanged
		}
		for i, o := range outs {
			if errs[i] != nil || o != want {
				t.Fatalf("re-ingest batch %d item %d: %v, %v; want %v", b, i, o, errs[i], want)
			}
		}
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total := crashBatches * crashBatchSize; c.Articles != total || c.MaxRev != int64(total) {
		t.Errorf("after re-ingest Counts = %+v, want %d articles at rev %d", c, total, total)
	}
}
