package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxLine caps one line of a question or query file.
const maxLine = 16 << 20

// readLines decodes each non-blank JSONL line of r into a fresh *T and
// hands it to add with its line number; what names the file's contents in
// errors ("questions").
func readLines[T any](r io.Reader, what string, add func(n int, v *T) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		v := new(T)
		if err := json.Unmarshal([]byte(line), v); err != nil {
			return fmt.Errorf("eval: %s line %d: %w", what, n, err)
		}
		if err := add(n, v); err != nil {
			return fmt.Errorf("eval: %s line %d: %w", what, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: read %s: %w", what, err)
	}
	return nil
}

// asOfDay reads an "as_of" day, YYYY-MM-DD; "" is no day.
func asOfDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("as_of: %w", err)
	}
	return t, nil
}
