package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/parse"
)

// ingestExts are the file extensions read when walking a folder.
var ingestExts = map[string]bool{
	".txt": true, ".text": true, ".md": true, ".markdown": true, ".html": true, ".htm": true,
	".json": true, ".jsonl": true, ".ndjson": true, ".xml": true, ".rss": true, ".atom": true,
}

const (
	// DefaultMaxFileBytes is the largest file read. JSON and JSONL files are
	// streamed, so this bounds time rather than memory; files read whole
	// are bounded by MaxDocBytes.
	DefaultMaxFileBytes = 1 << 30
	// DefaultWorkers is how many files are read at once.
	DefaultWorkers = 4
	// maxFolderDepth bounds how deep folders are walked.
	maxFolderDepth = 64
)

// inputFile is a regular file found to be read.
type inputFile struct {
	path string
	size int64
}

// walker finds the files under the inputs, following symlinks to files and
// folders, and reports what it passes over.
type walker struct {
	rep     *Report
	files   []inputFile
	bytes   int64
	visited []os.FileInfo // folders already walked, to stop symlink loops
}

// path adds the input p, a file or a folder given by name: anything else
// given by name fails.
func (w *walker) path(p string) {
	info, err := os.Stat(p)
	switch {
	case err != nil:
		w.rep.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
	case info.IsDir():
		w.dir(p, info, 0)
	case info.Mode().IsRegular():
		w.add(p, info)
	default:
		w.rep.fail(p, notRegular(info.Mode()))
	}
}

// dir walks the folder p in name order. Hidden files and folders, and files
// without an extension newsbot reads, are passed over without a word; any
// other entry that cannot be read is reported as skipped.
func (w *walker) dir(p string, info os.FileInfo, depth int) {
	for _, v := range w.visited {
		if os.SameFile(v, info) {
			w.rep.skip(p, errors.New("folder already read: a symlink loop, or a second link to it"))
			return
		}
	}
	if depth > maxFolderDepth {
		w.rep.skip(p, fmt.Errorf("folders nested more than %d deep", maxFolderDepth))
		return
	}
	w.visited = append(w.visited, info)
	entries, err := os.ReadDir(p)
	if err != nil {
		w.rep.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
		// ReadDir returns the entries it read before the error.
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		fp := filepath.Join(p, name)
		read := ingestExts[strings.ToLower(filepath.Ext(name))]
		var info os.FileInfo
		var err error
		if e.Type()&fs.ModeSymlink != 0 {
			info, err = os.Stat(fp)
		} else {
			info, err = e.Info()
		}
		switch {
		case err != nil:
			if read || e.Type()&fs.ModeSymlink != 0 {
				w.rep.skip(fp, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
			}
		case info.IsDir():
			w.dir(fp, info, depth+1)
		case !read:
		case info.Mode().IsRegular():
			w.add(fp, info)
		default:
			w.rep.skip(fp, notRegular(info.Mode()))
		}
	}
}

func (w *walker) add(p string, info os.FileInfo) {
	w.files = append(w.files, inputFile{path: p, size: info.Size()})
	w.bytes += info.Size()
}

// notRegular says what a file that is not a regular file is.
func notRegular(m fs.FileMode) error {
	kind := "a special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	}
	return fmt.Errorf("not a regular file but %s", kind)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fileItem is one thing read from a file: an article already held to the
// caps (cut says what was cut), or an item or the whole file failed (skip:
// skipped) with err.
type fileItem struct {
	art  data.Article
	cut  string
	err  error
	skip bool
}

// fileJob is one file being read, with the items read from it so far.
type fileJob struct {
	path string
	out  chan fileItem
}

// readFiles reads files with up to Workers at a time and hands their
// articles to b in file order, as they are read, so that memory holds a few
// items per worker rather than the input. It returns when all are read, b
// fails, or ctx is done.
func (in *Ingester) readFiles(ctx context.Context, files []inputFile, total int64, b *batcher) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := orDefault(in.Workers, DefaultWorkers)
	var read atomic.Int64
	b.estimate = func(done int) int {
		if r := read.Load(); r > 0 && total > r {
			return max(done, int(float64(done)*float64(total)/float64(r)))
		}
		return done
	}
	defer func() { b.estimate = nil }()

	jobs := make(chan *fileJob, workers)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers + 1)
	g.Go(func() error {
		defer close(jobs)
		for _, f := range files {
			job := &fileJob{path: f.path, out: make(chan fileItem, 16)}
			select {
			case jobs <- job:
			case <-gctx.Done():
				return nil
			}
			g.Go(func() error {
				defer close(job.out)
				in.readFile(gctx, job, &read)
				return nil
			})
		}
		return nil
	})
	err := func() error {
		for job := range jobs {
			for it := range job.out {
				if err := b.take(ctx, job.path, it); err != nil {
					return err
				}
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	}()
	cancel()
	g.Wait()
	return err
}

// readFile reads one file's items into job.out until the file ends or ctx
// is done.
func (in *Ingester) readFile(ctx context.Context, job *fileJob, read *atomic.Int64) {
	send := func(it fileItem) bool {
		select {
		case job.out <- it:
			return true
		case <-ctx.Done():
			return false
		}
	}
	f, err := openFile(job.path)
	if err != nil {
		send(fileItem{err: fmt.Errorf("cannot read: %w", unwrapPathError(err))})
		return
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		send(fileItem{err: fmt.Errorf("cannot read: %w", unwrapPathError(err))})
		return
	case !info.Mode().IsRegular():
		// It was replaced after the walk.
		send(fileItem{err: notRegular(info.Mode())})
		return
	}
	maxFile := in.MaxFileBytes
	if maxFile <= 0 {
		maxFile = DefaultMaxFileBytes
	}
	if info.Size() > maxFile {
		send(fileItem{err: fmt.Errorf("file larger than %s", byteSize64(maxFile))})
		return
	}
	r := &ctxReader{ctx: ctx, r: io.LimitReader(f, maxFile), read: read}
	for a, err := range parse.Read(filepath.Base(job.path), r, in.MaxDocBytes) {
		it := fileItem{art: a, err: err}
		if err == nil {
			// Cap here, so that what waits for the store is small.
			if it.cut, err = in.CapArticle(&it.art); err != nil {
				it.err = parse.ItemError{Item: itemName(a), Err: err}
			}
		}
		if !send(it) {
			return
		}
	}
}

// ctxReader stops reading when ctx is done, and counts what it read.
type ctxReader struct {
	ctx  context.Context
	r    io.Reader
	read *atomic.Int64
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func byteSize64(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return byteSize(int(n))
}
