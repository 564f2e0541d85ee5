package bot

import (
	"regexp"
	"strings"
)

// linkRE matches a markdown link whose URL may be in angle brackets.
var linkRE = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\(<?([^)>\s]*)>?\)`)

// renderText draws r for a terminal: plain text, links written out, the
// sources numbered under the body.
func renderText(r Reply) string {
	var b strings.Builder
	if r.Title != "" {
		t := oneLine(r.Title)
		b.WriteString(t + "\n" + strings.Repeat("─", min(runeLen(t), 72)) + "\n")
	}
	if s := strings.TrimSpace(r.Text); s != "" {
		b.WriteString(plainMarkdown(s) + "\n")
	}
	for _, f := range r.Fields {
		b.WriteString("\n" + oneLine(f.Name) + "\n")
		for _, l := range strings.Split(plainMarkdown(strings.TrimSpace(f.Value)), "\n") {
			b.WriteString("  " + l + "\n")
		}
	}
	writeSources(&b, r.Citations, "")
	for _, s := range r.Sections {
		b.WriteString("\n• " + oneLine(s.Title))
		if s.URL != "" {
			b.WriteString(" <" + s.URL + ">")
		}
		b.WriteString("\n")
		if t := strings.TrimSpace(s.Text); t != "" {
			for _, l := range strings.Split(plainMarkdown(t), "\n") {
				b.WriteString("  " + l + "\n")
			}
		}
		writeSources(&b, s.Citations, "  ")
		if s.Button != nil && s.Button.Hint != "" {
			b.WriteString("  (" + s.Button.Label + ": " + s.Button.Hint + ")\n")
		}
	}
	var hints []string
	for _, bt := range r.Buttons {
		if bt.Hint != "" {
			hints = append(hints, bt.Label+": "+bt.Hint)
		}
	}
	if len(hints) > 0 {
		b.WriteString("\n(" + strings.Join(hints, " · ") + ")\n")
	}
	if r.Notice != "" {
		b.WriteString("\n" + oneLine(r.Notice) + "\n")
	}
	return b.String()
}

func writeSources(b *strings.Builder, cs []Citation, indent string) {
	if len(cs) == 0 {
		return
	}
	b.WriteString("\n" + indent + "Sources\n")
	for _, c := range cs {
		b.WriteString(indent + sourceLine(c, false) + "\n")
	}
}

// plainMarkdown turns the markdown the handlers write into plain text:
// links become "text <url>", bold and italic marks go.
func plainMarkdown(s string) string {
	s = linkRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := linkRE.FindStringSubmatch(m)
		text := strings.NewReplacer(`\[`, "[", `\]`, "]", `\\`, `\`).Replace(sub[1])
		return text + " <" + sub[2] + ">"
	})
	s = plainTimestamps(s)
	s = strings.ReplaceAll(s, "**", "")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		// A line in *italics* loses its marks; stars inside text stay.
		if len(l) > 2 && strings.HasPrefix(l, "*") && strings.HasSuffix(l, "*") {
			lines[i] = l[1 : len(l)-1]
		}
	}
	return strings.Join(lines, "\n")
}
