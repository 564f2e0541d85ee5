//go:build unix

package data_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
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
	// crashBatches bounds the helper's writing: far more than it can
	// write before the parent's kill, so that the kill never finds it done.
	crashBatches   = 5000
	crashBatchSize = 25
	// crashKillAfter is how many batches are committed before the kill.
	crashKillAfter = 3
	// crashAttempts is how many helpers may be killed before one is killed
	// inside PutArticles; each attempt is likely to be.
	crashAttempts = 5
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

// TestCrashHelper is the child of TestStoreSurvivesSIGKILL: it ingests
// batch after batch, printing "begin N" before each PutArticles and
// "committed N" after it, until it is killed.
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
		fmt.Printf("begin %d\n", b) // os.Stdout is unbuffered
		if _, _, err := s.PutArticles(ctx, crashBatch(b)); err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("committed %d\n", b)
	}
	fmt.Println("done")
	io.Copy(io.Discard, os.Stdin) // until the parent kills us or goes away
	os.Exit(0)
}

// crashRun is what the parent saw of one killed helper.
type crashRun struct {
	dir string
	// reported is the last batch reported committed, -1 for none; begun
	// the last batch whose PutArticles had started.
	reported, begun int
	// midWrite is true when the helper's last words were "begin N": the
	// kill landed inside PutArticles, or just after its commit.
	midWrite bool
}

// killHelper starts a crash helper, SIGKILLs it once crashKillAfter batches
// are committed, and returns what it reported.
func killHelper(t *testing.T, ctx context.Context) crashRun {
	t.Helper()
	run := crashRun{dir: t.TempDir(), reported: -1, begun: -1}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+run.dir)
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
	sc := bufio.NewScanner(stdout)
	last, finished := "", false
	// scan reads the helper's lines until it has begun batch stopAt (or
	// said it is done), or until its output ends.
	scan := func(stopAt int) {
		for sc.Scan() {
			last = sc.Text()
			verb, num, _ := strings.Cut(last, " ")
			n, _ := strconv.Atoi(num)
			switch verb {
			case "begin":
				run.begun = n
				if n >= stopAt {
					return
				}
			case "committed":
				run.reported = n
			case "done":
				finished = true
				return
			default:
				t.Fatalf("helper said %q; stderr:\n%s", last, stderr.String())
			}
		}
	}
	scan(crashKillAfter)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill helper: %v", err)
	}
	scan(crashBatches) // the lines written before the kill landed
	err = cmd.Wait()
	switch {
	case finished:
		t.Fatalf("helper wrote all %d batches before the kill", crashBatches)
	case err == nil:
		t.Fatalf("helper exited cleanly without finishing; stderr:\n%s", stderr.String())
	case run.reported < crashKillAfter-1:
		t.Fatalf("helper reported only %d batches; stderr:\n%s", run.reported+1, stderr.String())
	}
	run.midWrite = strings.HasPrefix(last, "begin ")
	return run
}

// batchStored reports whether the first article of batch b is in the
// store in dir.
func batchStored(t *testing.T, dir string, b int) bool {
	t.Helper()
	s := openTestStoreAt(t, filepath.Join(dir, "news.db"))
	defer s.Close()
	_, err := s.ArticleByURL(t.Context(), crashBatch(b)[0].URL)
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func TestStoreSurvivesSIGKILL(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	// A kill that lands between two PutArticles tests nothing; such an
	// attempt is thrown away and another helper started. The kill landed
	// inside the write of the last batch begun when that batch is not in
	// the store: its transaction had not committed.
	var run crashRun
	for attempt := 1; ; attempt++ {
		run = killHelper(t, ctx)
		if run.midWrite && !batchStored(t, run.dir, run.begun) {
			break
		}
		t.Logf("attempt %d: the kill landed after batch %d had committed, between two writes", attempt, run.begun)
		if attempt == crashAttempts {
			t.Fatalf("in %d attempts the kill never landed inside a write", crashAttempts)
		}
	}
	reported := run.reported

	s := openTestStoreAt(t, filepath.Join(run.dir, "news.db"))
	var check string
	if err := s.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}

	revs := map[int64]bool{}
	byID := map[string]int64{}
	err := s.ArticlesAfter(ctx, 0, func(a data.Article) error {
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
	present := make([]bool, run.begun+2)
	for b := range present {
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
	t.Logf("killed inside batch %d, after %d reported; %d batches survived", run.begun, reported+1, kept)
	if kept > run.begun+1 {
		t.Errorf("%d batches survived, but only %d were begun", kept, run.begun+1)
	}

	// Ingesting everything again completes the store.
	for b := range run.begun + 1 {
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
	if total := (run.begun + 1) * crashBatchSize; c.Articles != total || c.MaxRev != int64(total) {
		t.Errorf("after re-ingest Counts = %+v, want %d articles at rev %d", c, total, total)
	}
}
