//go:build unix

package ingest

import (
	"os"
	"syscall"
)

// openFile opens p for reading. O_NONBLOCK keeps the open from waiting
// for a writer when p was swapped for a FIFO after it was found to be a
// regular file; reads of regular files do not heed it.
func openFile(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
