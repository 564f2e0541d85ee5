package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Issue 12: the README must list only commands that exist: every command
// it shows, in a shell line, in inline code or in its Commands table, is
// one of commands().
func TestREADMEListsOnlyCommandsThatExist(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"help": true}
	for _, c := range commands() {
		known[c.name] = true
	}
	readme := string(b)
	shown := map[string]bool{}
	// "go run ./cmd/newsbot ask", "`newsbot feeds add URL`".
	for _, m := range regexp.MustCompile("(?:cmd/newsbot|`newsbot)((?: --?[a-z-]+(?: [A-Z]+)?)*) ([a-z][a-z-]*)").FindAllStringSubmatch(readme, -1) {
		shown[m[2]] = true
	}
	// The Commands table's rows start with the command: "| `ask [--json] …".
	_, table, ok := strings.Cut(readme, "\n## Commands\n")
	if !ok {
		t.Fatal("README has no Commands section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	for _, line := range strings.Split(table, "\n") {
		if rest, ok := strings.CutPrefix(line, "| `"); ok {
			for _, cell := range strings.Split(strings.SplitN(rest, "|", 2)[0], ", ") {
				if name := strings.Fields(strings.Trim(cell, "` "))[0]; name != "" {
					shown[strings.Trim(name, "`")] = true
				}
			}
		}
	}
	if len(shown) < 5 {
		t.Fatalf("found only %d commands in the README: %v", len(shown), shown)
	}
	for name := range shown {
		if !known[name] {
			t.Errorf("the README shows `newsbot %s`, which is no command (see newsbot help)", name)
		}
	}
}
