package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// jsonValue is one item cut from a JSON stream: its bytes, or why it
// cannot be read, and its name ("line N" or "item N").
type jsonValue struct {
	name string
	raw  []byte
	err  error
}

// jsonScanner cuts a JSON stream into items without decoding them: the
// top-level values of JSONL or of objects written one after another, or the
// elements of an array when the stream opens with one. It reads lines of
// any length but keeps at most max bytes of one item. It tracks strings and
// nesting only, so an item with a syntax error inside still ends where its
// brackets close and costs only itself. An item that breaks the nesting
// ends early: a line break inside a string ends it (JSON strings hold no
// raw line breaks), and so does a line that starts with "{" while an
// object is still open, which is how a line cut short looks in JSONL.
type jsonScanner struct {
	max         int
	line        int  // the current line, from 1
	atLineStart bool // no byte of the current line has been seen yet

	started bool // the first value or array has begun
	inArray bool // inside the opening array: items are its elements
	items   int  // array elements begun so far

	// The item being read.
	inValue   bool
	primitive bool // it does not start with { or [, so it is no article
	depth     int
	inString  bool
	escape    bool
	name      string
	buf       []byte
	over      bool // buf reached max: the rest of the item is not kept
}

// errItemCut is the reason for an object whose line ends before it closes.
var errItemCut = errors.New("invalid JSON: the item ends before its closing brace")

// scan reads br to its end, calling emit with each item; it stops early,
// returning nil, when emit returns false. The error is a failed read.
func (sc *jsonScanner) scan(br *bufio.Reader, emit func(jsonValue) bool) error {
	for {
		chunk, err := br.ReadSlice('\n')
		if !sc.feed(chunk, emit) {
			return nil
		}
		switch {
		case err == io.EOF:
			sc.finish(emit)
			return nil
		case err != nil && !errors.Is(err, bufio.ErrBufferFull):
			return err
		}
	}
}

// feed scans one chunk of input; false means emit asked to stop.
func (sc *jsonScanner) feed(chunk []byte, emit func(jsonValue) bool) bool {
	for i := 0; i < len(chunk); i++ {
		if sc.inValue && sc.inString && !sc.escape {
			// Most bytes are inside strings: copy up to the next byte
			// that matters in one step.
			j := bytes.IndexAny(chunk[i:], "\"\\\n")
			if j < 0 {
				sc.add(chunk[i:]...)
				sc.atLineStart = false
				return true
			}
			if j > 0 {
				sc.add(chunk[i : i+j]...)
				sc.atLineStart = false
				i += j
			}
		}
		c := chunk[i]
		if !sc.byte(c, emit) {
			return false
		}
		if c == '\n' {
			sc.line++
			sc.atLineStart = true
		} else {
			sc.atLineStart = false
		}
	}
	return true
}

// byte scans one byte; false means emit asked to stop.
func (sc *jsonScanner) byte(c byte, emit func(jsonValue) bool) bool {
	if sc.inValue && sc.inString {
		switch {
		case c == '\n':
			return sc.emit(emit, errors.New("invalid JSON: the line ends inside a string"))
		case sc.escape:
			sc.escape = false
		case c == '\\':
			sc.escape = true
		case c == '"':
			sc.inString = false
		}
		sc.add(c)
		return true
	}
	wasInValue := sc.inValue
	if !sc.inValue {
		switch {
		case isJSONSpace(c):
			return true
		case sc.inArray && c == ',':
			return true
		case sc.inArray && c == ']':
			sc.inArray = false
			return true
		case !sc.started && c == '[':
			sc.started, sc.inArray = true, true
			return true
		}
		sc.begin(c)
	}
	if sc.primitive {
		if c == '\n' || (sc.inArray && (c == ',' || c == ']')) {
			ok := sc.emit(emit, nil)
			if c == ']' {
				sc.inArray = false
			}
			return ok
		}
		if c == '"' {
			sc.inString = true
		}
		sc.add(c)
		return true
	}
	if wasInValue && sc.atLineStart && c == '{' {
		if !sc.emit(emit, errItemCut) {
			return false
		}
		sc.begin(c)
	}
	sc.add(c)
	switch c {
	case '"':
		sc.inString = true
	case '{', '[':
		sc.depth++
	case '}', ']':
		sc.depth--
		if sc.depth <= 0 {
			return sc.emit(emit, nil)
		}
	}
	return true
}

// begin starts an item with its first byte c.
func (sc *jsonScanner) begin(c byte) {
	sc.started, sc.inValue = true, true
	sc.primitive = c != '{' && c != '['
	sc.depth, sc.inString, sc.escape, sc.over = 0, false, false, false
	sc.buf = sc.buf[:0]
	if sc.inArray {
		sc.items++
		sc.name = "item " + strconv.Itoa(sc.items)
	} else {
		sc.name = "line " + strconv.Itoa(sc.line)
	}
}

// add keeps bytes of the item, up to max.
func (sc *jsonScanner) add(b ...byte) {
	if sc.over {
		return
	}
	if len(sc.buf)+len(b) > sc.max {
		sc.over = true
		return
	}
	sc.buf = append(sc.buf, b...)
}

// emit hands the item on, as bytes or, with a reason, as an error, and
// ends it.
func (sc *jsonScanner) emit(emit func(jsonValue) bool, reason error) bool {
	v := jsonValue{name: sc.name, raw: sc.buf, err: reason}
	if sc.over {
		v.raw, v.err = nil, fmt.Errorf("item larger than %s", sizeText(sc.max))
	}
	sc.inValue, sc.inString, sc.escape = false, false, false
	ok := emit(v)
	if cap(sc.buf) > 1<<20 {
		// Do not hold on to the largest item's memory for the rest.
		sc.buf = nil
	}
	return ok
}

// finish ends the stream: an item still open is cut short, except a
// primitive, which needs no closing.
func (sc *jsonScanner) finish(emit func(jsonValue) bool) {
	if !sc.inValue {
		return
	}
	if sc.primitive && !sc.inString {
		sc.emit(emit, nil)
		return
	}
	sc.emit(emit, errors.New("invalid JSON: unexpected end of input"))
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// sizeText writes n bytes as "16 MiB", "4 KiB" or "100 bytes".
func sizeText(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}
