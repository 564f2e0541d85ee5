package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// searchHits is how many articles /search shows.
const searchHits = 5

// search shows the articles that best match a query: each one's
// headline (linking to it), outlet, age and the passage that matched.
// Scores mean nothing to members and are not shown.
func (h *Handlers) search(ctx context.Context, inv Invocation) Reply {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "looking up this server's feeds", err)
	}
	since, _ := retrieval.ParseSince(inv.opt("since"), h.cfg.Now())
	q := retrieval.Query{Text: inv.opt("query"), K: searchHits, AsOf: h.cfg.Now(), Since: since, FeedIDs: ids, Scoped: scoped}
	if s := inv.opt("source"); s != "" {
		q.Sources = h.outletNames(ctx, inv, s)
	}
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
		var meta []string
		if hit.Source != "" {
			meta = append(meta, oneLine(hit.Source))
		}
		if !hit.Published.IsZero() {
			meta = append(meta, when(inv, hit.Published))
		}
		snippet := hit.Snippet
		if snippet == "" && len(hit.Passages) > 0 {
			snippet = hit.Passages[0].Text
		}
		snippet = strings.NewReplacer("«", "**", "»", "**").Replace(safeMarkdown(truncate(oneLine(snippet), 700)))
		title := oneLine(hit.Title)
		if title == "" {
			title = "Untitled"
		}
		text := snippet
		if len(meta) > 0 {
			text += "\n*" + strings.Join(meta, " · ") + "*"
		}
		r.Sections = append(r.Sections, Section{Title: fmt.Sprintf("%d. %s", i+1, title), URL: hit.URL, Text: text})
	}
	return r
}

// when is how long ago t was: a Discord timestamp, which each member's
// app shows as "3 hours ago" in their own language, or in the console the
// UTC date and time.
func when(inv Invocation, t time.Time) string {
	if inv.Local {
		return t.UTC().Format("2006-01-02 15:04 MST")
	}
	return fmt.Sprintf("<t:%d:R>", t.Unix())
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
			{Name: "/digest now [topic] [since] · status", Value: "The news grouped into stories, and the daily digest's schedule."},
			{Name: "/search query [since] [source]", Value: "The articles that match: headline, outlet, when and the matching passage."},
			{Name: "/feeds", Value: "The feeds this server follows and their health."},
			{Name: "/" + statusCommand + " status", Value: "The AI model in use, today's budget left, the feeds' health and the article count."},
			{Name: "/" + adminCommand + " feeds add · remove · retry · import, digest schedule · off", Value: "Set up the server's feeds and daily digest (needs Manage Server)."},
			{Name: "/" + adminCommand + " alerts add · remove · list", Value: "Post stories to a channel as they break: about a topic, or covered by at least N outlets; later coverage is added to the post (needs Manage Server)."},
			{Name: "Privacy", Value: "Kept: the news, this server's feeds, digest schedule and alerts (with the stories they posted), and the last turns of bot threads. With an LLM configured, your question, a thread's last turns and the news passages that answer it go to the operator's LLM provider."},
		},
		Ephemeral: true,
	}
}
