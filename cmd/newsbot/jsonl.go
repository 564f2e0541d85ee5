package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// errSkipLine marks a JSONL line that cannot be processed; the batch goes
// on with the next line.
var errSkipLine = errors.New("skipped")

// batchJSONL reads JSONL from path ("-" for standard input) and calls fn
// with each non-blank line and an encoder for the output line. A line that
// fn rejects with an error wrapping errSkipLine is reported on stderr and
// the batch goes on; any other error stops it. Skipped lines make the
// command exit 1.
func batchJSONL(e *env, path string, fn func(raw []byte, out *json.Encoder) error) error {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	line, skipped := 0, 0
	for sc.Scan() {
		line++
		raw := []byte(strings.TrimSpace(sc.Text()))
		if len(raw) == 0 {
			continue
		}
		if err := fn(raw, enc); err != nil {
			if !errors.Is(err, errSkipLine) {
				return err
			}
			skipped++
			fmt.Fprintf(e.stderr, "line %d: %v\n", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if skipped > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d lines skipped", skipped)}
	}
	return nil
}

// skipLine is an errSkipLine with a reason.
func skipLine(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errSkipLine, fmt.Sprintf(format, args...))
}
