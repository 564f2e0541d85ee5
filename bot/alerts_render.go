package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
)

// Limits of an alert post, which must stay one message so that it can be
// edited with later coverage.
const (
	// alertSummaryChars caps the story's summary.
	alertSummaryChars = 1500
	// alertCoverageLines caps the outlets listed by name; the others are
	// counted.
	alertCoverageLines = 10
	// alertTitleChars caps each listed article's title.
	alertTitleChars = 100
)

// alertReply draws a story posted for an alert: its headline linking to
// its lead article, its summary with sources, and every outlet that
// covered it with a link to its article. arts are the story's articles
// so far, newest first; a non-zero updated says when later coverage was
// added. The reply is one message, so that it can be edited: when it
// would not fit, the sources go first, then outlets are only counted.
func (h *Handlers) alertReply(al data.Alert, b alertBody, arts []data.Article, updated time.Time) Reply {
	r := h.drawAlert(al, b, arts, updated, alertCoverageLines, true)
	for lines := alertCoverageLines; len(renderDiscord(r)) > 1 && lines > 0; lines /= 2 {
		r = h.drawAlert(al, b, arts, updated, lines, false)
	}
	return r
}

// drawAlert is alertReply with at most lines outlets listed, and the
// summary's sources when withSources.
func (h *Handlers) drawAlert(al data.Alert, b alertBody, arts []data.Article, updated time.Time, lines int, withSources bool) Reply {
	st := b.Story
	title := "News alert"
	if al.Topic != "" {
		title += ": " + oneLine(al.Topic)
	}
	outlets := coverage(arts)
	text := fmt.Sprintf("Covered by %s.", plural(len(outlets), "outlet"))
	if !updated.IsZero() {
		text += fmt.Sprintf(" Updated <t:%d:R> with later coverage.", updated.Unix())
	}
	summary := safeMarkdown(truncate(h.capText(st.Summary.Text), alertSummaryChars))
	sec := Section{Title: st.Headline, URL: b.URL, Text: summary + "\n\n" + coverageText(outlets, lines)}
	if withSources {
		sec.Citations = st.Summary.Citations
	}
	if len(st.ArticleIDs) > 0 {
		sec.Button = &Button{Label: "Ask: " + truncate(oneLine(st.Headline), 70), ID: "story:" + st.ArticleIDs[0], Hint: "/summarize article:" + st.ArticleIDs[0]}
	}
	return Reply{Title: title, Text: text, Sections: []Section{sec}, Notice: st.Summary.Notice}
}

// coverage is each outlet's newest article of a story, in the order of
// arts.
func coverage(arts []data.Article) []data.Article {
	var out []data.Article
	seen := map[string]bool{}
	for _, a := range arts {
		key := strings.ToLower(strings.TrimSpace(a.Source))
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, a)
	}
	return out
}

// coverageText lists the outlets of a story, each with a link to its
// article, up to lines of them.
func coverageText(outlets []data.Article, lines int) string {
	var b strings.Builder
	b.WriteString("**Coverage**")
	for i, a := range outlets {
		if i == lines {
			// "…and 4 more outlets"
			b.WriteString("\n…and " + strings.Replace(plural(len(outlets)-i, "outlet"), " ", " more ", 1))
			break
		}
		src := oneLine(a.Source)
		if src == "" {
			src = "unknown outlet"
		}
		title := oneLine(a.Title)
		if title == "" {
			title = "untitled"
		}
		b.WriteString("\n- **" + safeMarkdown(truncate(src, 60)) + "** · ")
		if a.URL != "" && !looksLikeAddress(title) {
			b.WriteString("[" + escapeLinkText(truncate(title, alertTitleChars)) + "](<" + escapeURL(fetch.RedactURL(a.URL)) + ">)")
		} else {
			b.WriteString(safeMarkdown(truncate(title, alertTitleChars)))
			if a.URL != "" {
				b.WriteString(" <" + escapeURL(fetch.RedactURL(a.URL)) + ">")
			}
		}
	}
	return b.String()
}

// newestArticles orders a story's articles newest first.
func newestArticles(arts []data.Article) []data.Article {
	out := slices.Clone(arts)
	slices.SortStableFunc(out, func(a, b data.Article) int { return b.Published.Compare(a.Published) })
	return out
}
