package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/summarize"
)

// Caps of the Sources view: how many cited sentences it shows, and how
// long a sentence may be there. Quotes come capped from summarize.
const (
	maxSupportShown  = 20
	maxShownSentence = 400
	supportTitle     = "Quoted passages"
	noPassageQuoted  = "(no passage quoted)"
)

// sourcesReply draws the Sources view of an answer: each cited sentence
// with the passage of each source it cites, then the sources as numbered
// links. The body is paragraphs, one a sentence, so the renderers split
// it within Discord's limits between sentences. An entry kept without
// per-sentence support shows each source's quote instead.
func sourcesReply(e sourceEntry) Reply {
	if len(e.Support) == 0 {
		return quotesReply(e.Citations)
	}
	r := Reply{Title: supportTitle, Ephemeral: true, Citations: e.Citations}
	blocks := make([]string, 0, min(len(e.Support), maxSupportShown+1))
	for i, s := range e.Support {
		if i == maxSupportShown {
			blocks = append(blocks, fmt.Sprintf("*…and %d more cited sentences.*", len(e.Support)-i))
			break
		}
		blocks = append(blocks, supportBlock(s))
	}
	r.Text = strings.Join(blocks, "\n\n")
	return r
}

// supportBlock is one cited sentence and its passages:
//
//	Kestrel's shares rose 18%, and unemployment fell to 3.9%. [1][2]
//	> **[1]** Kestrel's shares rose 18% after the announcement …
//	> **[2]** Unemployment in the state fell to 3.9% in May …
func supportBlock(s summarize.SentenceSupport) string {
	var nums, quotes strings.Builder
	for _, q := range s.Quotes {
		n := "[" + strconv.Itoa(q.N) + "]"
		nums.WriteString(n)
		text := safeMarkdown(oneLine(q.Quote))
		if text == "" {
			text = noPassageQuoted
		}
		quotes.WriteString("\n> **" + n + "** " + text)
	}
	return safeMarkdown(truncate(oneLine(s.Sentence), maxShownSentence)) + " " + nums.String() + quotes.String()
}

// quotesReply draws the Sources view from the citations alone: each
// source with its quoted passage.
func quotesReply(cs []summarize.Citation) Reply {
	r := Reply{Title: supportTitle, Ephemeral: true}
	for _, c := range cs {
		text := safeMarkdown(strings.TrimSpace(c.Quote))
		if text == "" {
			text = noPassageQuoted
		}
		head := safeMarkdown(oneLine(c.Source))
		if !c.Published.IsZero() {
			head = strings.TrimPrefix(head+" · "+c.Published.UTC().Format("2006-01-02"), " · ")
		}
		r.Sections = append(r.Sections, Section{
			Title: "[" + strconv.Itoa(c.N) + "] " + oneLine(c.Title),
			URL:   c.URL,
			Text:  quoteBlock(text) + "\n— " + head,
		})
	}
	return r
}

// quoteBlock makes text a markdown block quote.
func quoteBlock(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}
