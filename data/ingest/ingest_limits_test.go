package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
)

// newIndexedIngester is newIngester with the real bleve index.
func newIndexedIngester(t *testing.T) (*ingest.Ingester, *data.Store) {
	t.Helper()
	in, store, _ := newIngester(t)
	ix, err := retrieval.Open(t.Context(), filepath.Join(t.TempDir(), "index"), store, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	in.Index = ix
	return in, store
}

// writeFiles writes name → body under dir, making folders as needed.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ingestWithin runs Ingest and fails the test, instead of hanging it, when
// Ingest does not return within d.
func ingestWithin(t *testing.T, in *ingest.Ingester, d time.Duration, inputs ...string) ingest.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	defer cancel()
	type result struct {
		rep ingest.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := in.Ingest(ctx, inputs)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Ingest: %v", r.err)
		}
		return r.rep
	case <-time.After(d + 5*time.Second):
		t.Fatalf("Ingest(%q) did not return within %v, even with its context done", inputs, d)
	}
	return ingest.Report{}
}

// checkAddsUp checks that every one of items input items is counted once.
func checkAddsUp(t *testing.T, rep ingest.Report, items int) {
	t.Helper()
	if got := rep.Added + rep.Updated + rep.Unchanged + rep.Failed + rep.Skipped; got != items {
		t.Errorf("added+updated+unchanged+failed+skipped = %d, want %d items: %+v", got, items, rep)
	}
	if len(rep.Failures) != rep.Failed || len(rep.Skips) != rep.Skipped {
		t.Errorf("%d failed with %d reasons, %d skipped with %d reasons", rep.Failed, len(rep.Failures), rep.Skipped, len(rep.Skips))
	}
	for _, f := range append(append([]ingest.Failure{}, rep.Failures...), rep.Skips...) {
		if f.Item == "" || f.Reason == "" {
			t.Errorf("a failure or skip without item or reason: %+v", f)
		}
	}
}

func goodLine(n int) string {
	return fmt.Sprintf(`{"url":"https://good.example/%d","title":"Good story %d","text":"Good story %d happened on a Tuesday."}`, n, n, n)
}

// TestIngestBadJSONItemsCostOnlyThemselves ingests JSON and JSONL files
// with a first line over 64 KiB followed by a bad line, a first line cut
// short, and a bad array item: each bad item fails alone, every good one
// is added, and the counts add up to the items.
func TestIngestBadJSONItemsCostOnlyThemselves(t *testing.T) {
	in, store := newIndexedIngester(t)
	dir := t.TempDir()
	long := strings.Repeat("The first article's text runs long. ", 2500) // > 64 KiB
	writeFiles(t, dir, map[string]string{
		"long.jsonl":      `{"url":"https://good.example/long","title":"Long","text":"` + long + `"}` + "\n{\"title\": bad}\n" + goodLine(1) + "\n" + goodLine(2) + "\n",
		"truncated.jsonl": `{"url":"https://good.example/cut","title":"Cut","te` + "\n" + goodLine(3) + "\n" + goodLine(4) + "\n",
		"array.json":      "[" + goodLine(5) + ",\n{\"title\": bad},\n" + goodLine(6) + "]\n",
	})
	rep := ingestWithin(t, in, 30*time.Second, dir)
	if rep.Added != 7 || rep.Failed != 3 {
		t.Errorf("added %d, failed %d; want 7 and 3: %+v", rep.Added, rep.Failed, rep.Failures)
	}
	checkAddsUp(t, rep, 10)
	for _, want := range []string{"long.jsonl: line 2", "truncated.jsonl: line 1", "array.json: item 2"} {
		found := false
		for _, f := range rep.Failures {
			found = found || strings.HasSuffix(f.Item, want)
		}
		if !found {
			t.Errorf("no failure names %q: %+v", want, rep.Failures)
		}
	}
	if c, err := store.Counts(t.Context()); err != nil || c.Articles != 7 {
		t.Errorf("store holds %+v (%v), want 7 articles", c, err)
	}
}

// TestIngestRefusesRandomBytes stores no article from 100 KB of random
// bytes named .txt, and says why.
func TestIngestRefusesRandomBytes(t *testing.T) {
	in, store := newIndexedIngester(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 100<<10)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	if err := os.WriteFile(filepath.Join(dir, "random.txt"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"good.txt": "Council opens new library\n\nThe council opened a new library on Saturday.\n"})
	rep := ingestWithin(t, in, 30*time.Second, dir)
	if rep.Added != 1 || rep.Failed != 1 || !strings.Contains(rep.Failures[0].Reason, "not text") {
		t.Errorf("want good.txt added and random.txt refused as not text: %+v", rep)
	}
	checkAddsUp(t, rep, 2)
	if c, _ := store.Counts(t.Context()); c.Articles != 1 {
		t.Errorf("store holds %d articles, want 1", c.Articles)
	}
}

// hugeText returns paragraphs of prose adding up to about size bytes.
func hugeText(size int) string {
	para := strings.Repeat("The committee met again on Tuesday to weigh the proposal in detail. ", 10)
	para = strings.TrimSpace(para)
	var b strings.Builder
	for n := 0; b.Len() < size; n++ {
		if n > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "Paragraph %d. %s", n, para)
	}
	return b.String()
}

// TestIngestCapsArticleText ingests a 10 MB article from a file, a JSONL
// line and the store path the feeds use: each keeps at most MaxTextBytes of
// text, cut at a paragraph end, and the report flags it as truncated.
func TestIngestCapsArticleText(t *testing.T) {
	in, store := newIndexedIngester(t)
	dir := t.TempDir()
	text := hugeText(10 << 20)
	writeFiles(t, dir, map[string]string{
		"huge.txt":   "A very long article\n\n" + text + "\n",
		"huge.jsonl": fmt.Sprintf(`{"url":"https://big.example/1","title":"Long line","text":%q}`+"\n", text),
	})
	rep := ingestWithin(t, in, 60*time.Second, dir)
	feedRep, err := in.StoreArticles(t.Context(), []data.Article{{URL: "https://big.example/feed", Title: "From a feed", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 || rep.Truncated != 2 || feedRep.Added != 1 || feedRep.Truncated != 1 {
		t.Fatalf("want all three added and flagged truncated: %+v; %+v", rep, feedRep)
	}
	checkAddsUp(t, rep, 2)
	for _, f := range append(rep.Truncations, feedRep.Truncations...) {
		if f.Item == "" || !strings.Contains(f.Reason, "cut") {
			t.Errorf("truncation without item or reason: %+v", f)
		}
	}
	var arts []data.Article
	if err := store.ArticlesAfter(t.Context(), 0, func(a data.Article) error { arts = append(arts, a); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(arts) != 3 {
		t.Errorf("store holds %d articles, want 3", len(arts))
	}
	for _, a := range arts {
		if len(a.Text) > ingest.DefaultMaxTextBytes || len(a.Text) < ingest.DefaultMaxTextBytes/2 {
			t.Errorf("%q keeps %d bytes of text, want at most %d and not much less", a.Title, len(a.Text), ingest.DefaultMaxTextBytes)
		}
		if !strings.HasPrefix(text, a.Text) || !strings.HasPrefix(text[len(a.Text):], "\n\n") {
			t.Errorf("%q is not cut at a paragraph end: ...%q", a.Title, a.Text[max(0, len(a.Text)-40):])
		}
	}
}

// TestIngestCapSettings sets each cap low and sees it hold: text kept,
// title, fields, one document and one file.
func TestIngestCapSettings(t *testing.T) {
	in, store := newIndexedIngester(t)
	in.MaxTextBytes = 1000
	in.MaxTitleBytes = 40
	in.MaxFieldBytes = 30
	in.MaxDocBytes = 8 << 10
	in.MaxFileBytes = 64 << 10
	dir := t.TempDir()
	longTitle := strings.Repeat("Headline word ", 20)
	var authors []string
	for i := range 200 {
		authors = append(authors, fmt.Sprintf("%q", fmt.Sprintf("Writer Number%d", i)))
	}
	var bigFile strings.Builder
	for i := 0; bigFile.Len() < 70<<10; i++ {
		bigFile.WriteString(goodLine(1000+i) + "\n")
	}
	writeFiles(t, dir, map[string]string{
		"items.jsonl": fmt.Sprintf(`{"url":"https://caps.example/1","title":%q,"text":%q,"source":%q,"authors":[%s]}`,
			longTitle, hugeText(3000), strings.Repeat("Outlet ", 20), strings.Join(authors, ",")) + "\n" +
			`{"url":"https://caps.example/` + strings.Repeat("x", 3000) + `","title":"Long URL","text":"Body."}` + "\n" +
			`{"title":"Big item","text":"` + strings.Repeat("y", 9<<10) + `"}` + "\n",
		"big-doc.txt":  "Big document\n\n" + strings.Repeat("Some words in a row. ", 500) + "\n",
		"big.jsonl":    bigFile.String(),
		"ok/small.txt": "Small story\n\nA small story with a body.\n",
	})
	rep := ingestWithin(t, in, 30*time.Second, dir)
	// Added: the capped item and small.txt. Failed: the long URL, the big
	// item, the big document and the big file.
	if rep.Added != 2 || rep.Failed != 4 || rep.Truncated != 1 {
		t.Errorf("want 2 added (1 truncated) and 4 failed: %+v", rep)
	}
	checkAddsUp(t, rep, 6)
	a, err := store.ArticleByURL(t.Context(), "https://caps.example/1")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Text) > 1000 || len(a.Title) > 40 || len(a.Source) > 30 || len(a.Authors) > ingest.DefaultMaxAuthors {
		t.Errorf("caps not kept: text %d, title %d (%q), source %d, %d authors", len(a.Text), len(a.Title), a.Title, len(a.Source), len(a.Authors))
	}
	for _, name := range a.Authors {
		if len(name) > 30 {
			t.Errorf("author %q longer than the field cap", name)
		}
	}
}

// TestIngestStopsWhenCancelled cancels an ingest of a large JSONL file
// after its first batch: Ingest returns the context's error at once, having
// read and counted far fewer than all the lines.
func TestIngestStopsWhenCancelled(t *testing.T) {
	in, store := newIndexedIngester(t)
	in.BatchSize = 50
	var lines strings.Builder
	const n = 20000
	for i := range n {
		lines.WriteString(goodLine(i) + "\n")
	}
	p := filepath.Join(t.TempDir(), "many.jsonl")
	if err := os.WriteFile(p, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	in.Progress = func(done, total int) {
		if total < done {
			t.Errorf("progress %d of %d", done, total)
		}
		cancel()
	}
	start := time.Now()
	rep, err := in.Ingest(ctx, []string{p})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Ingest = %v, want context.Canceled", err)
	}
	if counted := rep.Added + rep.Failed; counted > n/4 || time.Since(start) > 20*time.Second {
		t.Errorf("after cancelling, %d of %d lines counted in %v", counted, n, time.Since(start))
	}
	if c, _ := store.Counts(t.Context()); c.Articles != rep.Added {
		t.Errorf("store holds %d articles, report says %d added", c.Articles, rep.Added)
	}
}
