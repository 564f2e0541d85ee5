package ingest

import (
	"embed"
	"io/fs"
)

// sampleFiles is the embedded sample corpus: short articles written for
// this project about a few invented running stories, in every input format
// newsbot reads. It is read-only.
//
//go:embed sample
var sampleFiles embed.FS

// SampleCorpus returns the embedded sample corpus as a file system whose
// root holds the article files.
func SampleCorpus() fs.FS {
	sub, err := fs.Sub(sampleFiles, "sample")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "sample" is valid.
		panic(err)
	}
	return sub
}
