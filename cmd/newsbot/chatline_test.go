package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/term"
)

// keys is a terminal whose user types the given keys; what the terminal
// echoes is kept in out.
type keys struct {
	in  *strings.Reader
	out bytes.Buffer
}

func (k *keys) Read(p []byte) (int, error)  { return k.in.Read(p) }
func (k *keys) Write(p []byte) (int, error) { return k.out.Write(p) }

// Issue 12: the console had no line editing or history.
func TestTermLinesEditAndRecall(t *testing.T) {
	hist, err := loadHistory(filepath.Join(t.TempDir(), chatHistoryFile), 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	hist.Add("why is the bridge closed?")
	const (
		backspace = "\x7f"
		left      = "\x1b[D"
		up        = "\x1b[A"
		ctrlA     = "\x01"
		ctrlD     = "\x04"
	)
	k := &keys{in: strings.NewReader(
		"whta" + backspace + backspace + "at happened?\r" + // backspace
			"ac" + left + "b\r" + // a cursor moved left
			up + up + up + "\r" + // the previous session's line
			"news" + ctrlA + "/search \r" + // Ctrl-A goes to the start
			ctrlD)}
	lines := &termLines{t: term.NewTerminal(k, "> "), raw: func() (func(), error) { return func() {}, nil }}
	lines.t.History = hist
	var got []string
	for {
		line, err := lines.ReadLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	want := []string{"what happened?", "abc", "why is the bridge closed?", "/search news"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	if hist.Len() != 5 || hist.At(0) != "/search news" || hist.At(1) != "why is the bridge closed?" {
		t.Errorf("history has %d lines, latest %q", hist.Len(), hist.At(0))
	}
}

func TestChatHistoryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), chatHistoryFile)
	h, err := loadHistory(path, 3, func(err error) { t.Errorf("save: %v", err) })
	if err != nil || h.Len() != 0 {
		t.Fatalf("a missing file: %d lines, %v", h.Len(), err)
	}
	for _, l := range []string{"one", "two", "two", " ", "three", "four"} {
		h.Add(l)
	}
	if h.Len() != 3 || h.At(0) != "four" || h.At(2) != "two" {
		t.Errorf("history %d lines, latest %q, oldest %q; want the last 3, repeats dropped", h.Len(), h.At(0), h.At(h.Len()-1))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("history file: %v, %v; want mode 0600", fi, err)
	}
	// The next session recalls the last 3 lines, and the file stays
	// under twice the cap.
	again, err := loadHistory(path, 3, nil)
	if err != nil || again.Len() != 3 || again.At(0) != "four" || again.At(2) != "two" {
		t.Fatalf("reloaded: %d lines, %v", again.Len(), err)
	}
	for i := range 10 {
		again.Add(fmt.Sprint("q", i))
	}
	b, err := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); err != nil || n >= 6 {
		t.Errorf("history file has %d lines, %v; want fewer than twice the cap", n, err)
	}
	last, _ := loadHistory(path, 3, nil)
	if last.Len() != 3 || last.At(0) != "q9" || last.At(2) != "q7" {
		t.Errorf("after a rewrite: %d lines, latest %q", last.Len(), last.At(0))
	}
}

// NEWSBOT_CHAT_HISTORY=-1 keeps every line.
func TestChatHistoryUncapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), chatHistoryFile)
	h, _ := loadHistory(path, -1, nil)
	for i := range 20 {
		h.Add(fmt.Sprint("q", i))
	}
	again, err := loadHistory(path, -1, nil)
	if err != nil || h.Len() != 20 || again.Len() != 20 || again.At(19) != "q0" {
		t.Errorf("kept %d and reloaded %d lines, %v; want all 20", h.Len(), again.Len(), err)
	}
}
