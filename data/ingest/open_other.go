//go:build !unix

package ingest

import "os"

// openFile opens p for reading.
func openFile(p string) (*os.File, error) {
	return os.Open(p)
}
