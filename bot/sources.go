package bot

import (
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/summarize"
)

// sourceLine formats one citation as "[1] Outlet · 2026-11-20 · [Title](<url>)".
// The angle brackets keep Discord from unfurling a preview of every link.
// With links false (terminals) the URL follows the title in angle brackets.
func sourceLine(c summarize.Citation, links bool) string {
	var parts []string
	if c.Source != "" {
		parts = append(parts, safeMarkdown(oneLine(c.Source)))
	}
	if !c.Published.IsZero() {
		parts = append(parts, c.Published.UTC().Format("2006-01-02"))
	}
	title := oneLine(c.Title)
	if title == "" {
		title = "untitled"
	}
	switch {
	case c.URL != "" && links && looksLikeAddress(title):
		// A title that reads as an address must not be the text of a
		// link to another one.
		parts = append(parts, safeMarkdown(escapeLinkText(truncate(title, 200)))+" <"+escapeURL(c.URL)+">")
	case c.URL != "" && links:
		parts = append(parts, "["+escapeLinkText(truncate(title, 200))+"](<"+escapeURL(c.URL)+">)")
	case c.URL != "":
		parts = append(parts, title+" <"+c.URL+">")
	default:
		parts = append(parts, title)
	}
	return "[" + strconv.Itoa(c.N) + "] " + strings.Join(parts, " · ")
}

// oneLine folds every run of whitespace, newlines included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// escapeLinkText keeps brackets in a title from ending a markdown link.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// escapeURL keeps a URL from ending a markdown link early.
func escapeURL(s string) string {
	return strings.NewReplacer(")", "%29", ">", "%3E", "<", "%3C", " ", "%20").Replace(s)
}
