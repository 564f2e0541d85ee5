package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsbot/newsbot/retrieval"
)

// searchHits is how many articles /search shows.
const searchHits = 5

// search shows the top passages for a query, with their scores.
func (h *Handlers) search(ctx context.Context, inv Invocation) Reply {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "looking up this server's feeds", err)
	}
	since, _ := retrieval.ParseSince(inv.opt("since"), h.cfg.Now())
	q := retrieval.Query{Text: inv.opt("query"), K: searchHits, AsOf: h.cfg.Now(), Since: since, FeedIDs: ids, Scoped: scoped}
	res, err := h.svc.Search(ctx, q)
	if err != nil {
		return h.fail(ctx, inv, "searching", err)
	}
	r := Reply{Title: "Search: " + q.Text, Notice: "Searched " + plural(res.Searched, "article")}
	if len(res.Hits) == 0 {
		r.Text = "Nothing matched. Try other words, or a longer time window."
		return r
	}
	for i, hit := range res.Hits {
		if i == searchHits {
			break
		}
		meta := []string{}
		if hit.Source != "" {
			meta = append(meta, oneLine(hit.Source))
		}
		if !hit.Published.IsZero() {
			meta = append(meta, hit.Published.UTC().Format("2006-01-02"))
		}
		meta = append(meta, fmt.Sprintf("score %.2f", hit.Score))
		snippet := hit.Snippet
		if snippet == "" && len(hit.Passages) > 0 {
			snippet = hit.Passages[0].Text
		}
		snippet = strings.NewReplacer("«", "**", "»", "**").Replace(safeMarkdown(truncate(oneLine(snippet), 700)))
		r.Sections = append(r.Sections, Section{
			Title: fmt.Sprintf("%d. %s", i+1, oneLine(hit.Title)),
			URL:   hit.URL,
			Text:  snippet + "\n*" + strings.Join(meta, " · ") + "*",
		})
	}
	return r
}

// helpReply lists the commands.
func helpReply() Reply {
	return Reply{
		Title: "newsbot",
		Text: "I answer questions about the news I follow, with numbered sources. " +
			"Mention me with a question to start a thread; I'll keep answering follow-ups there.",
		Fields: []Field{
			{Name: "/ask question [since] [source]", Value: "A cited answer from the news."},
			{Name: "/summarize url | article | topic [since]", Value: "Summarise an article, a page or a topic."},
			{Name: "/digest now [topic] [since]", Value: "The news grouped into stories."},
			{Name: "/digest schedule channel time timezone [topic] · off · status", Value: "A daily digest (needs Manage Server)."},
			{Name: "/feeds add url · remove feed · list", Value: "The feeds this server follows and their health (add and remove need Manage Server)."},
			{Name: "/search query", Value: "The best matching passages, with scores."},
		},
		Ephemeral: true,
	}
}
