package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// chatHistoryLines caps the lines newsbot chat remembers between sessions
// (NEWSBOT_CHAT_HISTORY; negative: no cap).
const chatHistoryLines = 500

// chatHistoryFile is the name of the chat's history in the data directory.
const chatHistoryFile = "chat_history"

// termLines reads the chat's lines from a terminal with line editing
// (arrows, Home/End, Ctrl-A/E/K/U/W) and history (Up/Down), by way of
// golang.org/x/term. The terminal is raw only while a line is read, so
// that replies print as usual and Ctrl-C interrupts a slow answer.
type termLines struct {
	t *term.Terminal
	// raw puts the terminal in raw mode and returns how to restore it.
	raw func() (restore func(), err error)
}

// newTermLines returns a line reader on the terminal in and out, with the
// prompt and the history hist.
func newTermLines(in, out *os.File, prompt string, hist term.History) *termLines {
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, prompt)
	t.History = hist
	if w, h, err := term.GetSize(int(out.Fd())); err == nil && w > 0 && h > 0 {
		t.SetSize(w, h)
	}
	fd := int(in.Fd())
	return &termLines{t: t, raw: func() (func(), error) {
		st, err := term.MakeRaw(fd)
		if err != nil {
			return nil, err
		}
		return func() { term.Restore(fd, st) }, nil
	}}
}

func (l *termLines) ReadLine() (string, error) {
	restore, err := l.raw()
	if err != nil {
		return "", fmt.Errorf("terminal: %w", err)
	}
	defer restore()
	return l.t.ReadLine()
}

// fileHistory is the chat's history: at most limit lines (any number when
// limit is negative), kept in memory for the terminal and in a file, so
// that the next session can recall them. The file is rewritten, capped,
// when it has grown to twice limit.
type fileHistory struct {
	path    string
	limit   int
	lines   []string // oldest first
	written int      // lines in the file
	// warn reports a history that cannot be saved, once.
	warn func(error)
}

var _ term.History = (*fileHistory)(nil)

// loadHistory reads the history at path, keeping its last limit lines. A
// missing file is an empty history.
func loadHistory(path string, limit int, warn func(error)) (*fileHistory, error) {
	h := &fileHistory{path: path, limit: limit, warn: warn}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			h.lines = append(h.lines, line)
			h.written++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	h.trim()
	return h, nil
}

// Add remembers entry, unless it repeats the latest one, and saves it.
func (h *fileHistory) Add(entry string) {
	entry = strings.TrimSpace(entry)
	if entry == "" || strings.ContainsAny(entry, "\r\n") || (len(h.lines) > 0 && h.lines[len(h.lines)-1] == entry) {
		return
	}
	h.lines = append(h.lines, entry)
	h.trim()
	if err := h.save(entry); err != nil && h.warn != nil {
		h.warn(err)
		h.warn = nil
	}
}

// save appends entry to the file, or rewrites the file with the capped
// history when it has grown to twice the cap.
func (h *fileHistory) save(entry string) error {
	if h.limit > 0 && h.written+1 >= 2*h.limit {
		tmp := h.path + ".tmp"
		if err := os.WriteFile(tmp, []byte(strings.Join(h.lines, "\n")+"\n"), 0o600); err != nil {
			return err
		}
		h.written = len(h.lines)
		return os.Rename(tmp, h.path)
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	h.written++
	if _, err := f.WriteString(entry + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// trim keeps the last limit lines; a negative limit keeps them all.
func (h *fileHistory) trim() {
	if h.limit > 0 && len(h.lines) > h.limit {
		h.lines = h.lines[len(h.lines)-h.limit:]
	}
}

// Len is the number of lines remembered.
func (h *fileHistory) Len() int { return len(h.lines) }

// At returns a line, 0 being the latest.
func (h *fileHistory) At(i int) string { return h.lines[len(h.lines)-1-i] }
