package main

import (
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// parseWindow reads --since and --until in retrieval's since/until grammar.
// --until counts back from ref, and --since from --until when it is given,
// so that "--until 2026-11-24 --since 2d" is the two days up to the end of
// 2026-11-24.
func parseWindow(since, until string, ref time.Time) (s, u time.Time, err error) {
	if u, err = retrieval.ParseUntil(until, ref); err != nil {
		return s, u, usageErr("--until: %v", err)
	}
	if !u.IsZero() {
		ref = u
	}
	if s, err = retrieval.ParseSince(since, ref); err != nil {
		return s, u, usageErr("--since: %v", err)
	}
	return s, u, nil
}
