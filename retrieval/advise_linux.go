package retrieval

import (
	"syscall"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// adviseRandom tells the kernel that seg's file, which bleve maps into
// memory, is read at random: a search reads a few postings here and a
// dictionary path there, and the kernel's default read-ahead of the pages
// around each one would make most of a large index resident for nothing
// (at a million articles, most of 1.6 GB). Segments held in memory, not
// yet written, have no file and are left alone; so is an advice the
// kernel refuses, which only costs memory.
func adviseRandom(seg segment.Segment) {
	if m, ok := seg.(interface{ Data() []byte }); ok {
		if b := m.Data(); len(b) > 0 {
			_ = syscall.Madvise(b, syscall.MADV_RANDOM)
		}
	}
}
