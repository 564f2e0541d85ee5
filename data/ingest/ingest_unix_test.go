//go:build unix

package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/ingest"
)

// TestIngestSkipsWhatIsNotARegularFile puts a FIFO and a symlink to
// /dev/zero, both named .txt, in a folder: ingest skips both with a reason
// and reads the rest, and given them by name it fails them, without ever
// blocking on the FIFO or reading the device.
func TestIngestSkipsWhatIsNotARegularFile(t *testing.T) {
	in, _ := newIndexedIngester(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.txt": "Council opens new library\n\nThe council opened a new library on Saturday.\n"})
	fifo := filepath.Join(dir, "a-pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Unblock a reader stuck on the FIFO, so that a failing test ends.
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	zero := filepath.Join(dir, "zero.txt")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skipf("symlink: %v", err)
	}
	rep := ingestWithin(t, in, 10*time.Second, dir)
	if rep.Added != 1 || rep.Skipped != 2 || rep.Failed != 0 {
		t.Errorf("want good.txt added and the FIFO and device skipped: %+v", rep)
	}
	checkAddsUp(t, rep, 3)
	for _, s := range rep.Skips {
		if !strings.Contains(s.Reason, "not a regular file") {
			t.Errorf("skip %q: reason %q, want it to say it is not a regular file", s.Item, s.Reason)
		}
	}
	rep = ingestWithin(t, in, 10*time.Second, fifo, zero)
	if rep.Failed != 2 || rep.Added+rep.Updated+rep.Unchanged != 0 {
		t.Errorf("FIFO and device given by name: want both failed: %+v", rep)
	}
	checkAddsUp(t, rep, 2)
}

// TestIngestFollowsSymlinkedFolders ingests a folder given as a symlink and
// one linked from inside, and reports a link back to a parent as a loop
// instead of walking it.
func TestIngestFollowsSymlinkedFolders(t *testing.T) {
	in, store := newIndexedIngester(t)
	root := t.TempDir()
	real, other := filepath.Join(root, "real"), filepath.Join(root, "other")
	writeFiles(t, real, map[string]string{"a.txt": "Tram line extended\n\nThe tram line now reaches the campus.\n"})
	writeFiles(t, other, map[string]string{"b.txt": "Bakery wins award\n\nA family bakery won the bread prize.\n"})
	writeFiles(t, root, map[string]string{"lone.txt": "Ferry timetable changes\n\nThe ferry will run every half hour.\n"})
	link := filepath.Join(root, "link")
	for _, l := range [][2]string{
		{real, link}, {other, filepath.Join(real, "to-other")}, {real, filepath.Join(real, "loop")},
		{filepath.Join(root, "lone.txt"), filepath.Join(real, "lone-link.txt")}, {filepath.Join(root, "gone.txt"), filepath.Join(real, "dangling.txt")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
	rep := ingestWithin(t, in, 10*time.Second, link)
	if rep.Added != 3 || rep.Skipped != 2 || rep.Failed != 0 {
		t.Errorf("want a.txt, b.txt and lone.txt added, the loop and the dangling link skipped: %+v", rep)
	}
	checkAddsUp(t, rep, 5)
	reasons := ""
	for _, s := range rep.Skips {
		reasons += s.Item + ": " + s.Reason + "\n"
	}
	if !strings.Contains(reasons, "loop: folder already read") || !strings.Contains(reasons, "dangling.txt: cannot read") {
		t.Errorf("skips do not name the loop and the dangling link:\n%s", reasons)
	}
	if c, _ := store.Counts(t.Context()); c.Articles != 3 {
		t.Errorf("store holds %d articles, want 3", c.Articles)
	}
}

// TestOpenFileDoesNotWaitForAFIFOWriter opens a FIFO as the readers open
// a file that was swapped for one after the walk: the open returns at once
// and the file is seen not to be regular.
func TestOpenFileDoesNotWaitForAFIFOWriter(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "swapped.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	done := make(chan error, 1)
	go func() {
		f, err := ingest.OpenFile(fifo)
		if err == nil {
			var info os.FileInfo
			if info, err = f.Stat(); err == nil && info.Mode().IsRegular() {
				t.Error("a FIFO reported as a regular file")
			}
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("open: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO waited for a writer")
	}
}
