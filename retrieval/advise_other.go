//go:build !linux

package retrieval

import segment "github.com/blevesearch/scorch_segment_api/v2"

// adviseRandom does nothing where the kernel's read-ahead is not advised
// (see the Linux version).
func adviseRandom(segment.Segment) {}
