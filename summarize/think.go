package summarize

import (
	"regexp"
	"strings"
)

// thinkRE matches the reasoning block that some local models (DeepSeek-R1,
// Qwen3 via Ollama or llama.cpp) put before their answer.
var thinkRE = regexp.MustCompile(`(?s)<think>.*?</think>`)

// stripThinking removes reasoning blocks, and an unfinished one at the end
// of a reply still streaming, so that users see only the answer.
func stripThinking(s string) string {
	s = thinkRE.ReplaceAllString(s, "")
	if i := strings.Index(s, "<think>"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimLeft(s, " \n")
}

// thinkFilter is stripThinking for a reply that arrives in pieces. Each
// piece is looked at once, so a streamed reply costs time linear in its
// length, where running stripThinking on the whole text so far at every
// piece costs its square.
type thinkFilter struct {
	out strings.Builder
	// pending is the end of the text so far that may be the start of a
	// tag; it is held back until the next piece tells.
	pending string
	inThink bool
}

// write adds the next piece and reports whether the visible text grew.
func (f *thinkFilter) write(piece string) bool {
	before := f.out.Len()
	s := f.pending + piece
	f.pending = ""
	for s != "" {
		tag := "<think>"
		if f.inThink {
			tag = "</think>"
		}
		if i := strings.Index(s, tag); i >= 0 {
			if !f.inThink {
				f.emit(s[:i])
			}
			s = s[i+len(tag):]
			f.inThink = !f.inThink
			continue
		}
		k := partialSuffix(s, tag)
		if !f.inThink {
			f.emit(s[:len(s)-k])
		}
		f.pending = s[len(s)-k:]
		break
	}
	return f.out.Len() > before
}

// emit adds visible text, without the blanks stripThinking trims at the
// start.
func (f *thinkFilter) emit(s string) {
	if f.out.Len() == 0 {
		s = strings.TrimLeft(s, " \n")
	}
	f.out.WriteString(s)
}

// visible is the text so far with the reasoning left out.
func (f *thinkFilter) visible() string { return f.out.String() }

// partialSuffix is the length of the longest end of s that is a proper
// start of tag.
func partialSuffix(s, tag string) int {
	for k := min(len(s), len(tag)-1); k > 0; k-- {
		if strings.HasSuffix(s, tag[:k]) {
			return k
		}
	}
	return 0
}
