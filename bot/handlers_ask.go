package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// ask answers a question from the news in the server's scope.
func (h *Handlers) ask(ctx context.Context, inv Invocation) Reply {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "looking up this server's feeds", err)
	}
	since, _ := retrieval.ParseSince(inv.opt("since"), h.cfg.Now())
	req := summarize.AskRequest{
		Question: inv.opt("question"),
		AsOf:     h.cfg.Now(),
		Since:    since,
		FeedIDs:  ids,
		Scoped:   scoped,
		History:  inv.History,
		OnDelta:  inv.OnDelta,
	}
	if s := inv.opt("source"); s != "" {
		req.Sources = h.outletNames(ctx, inv, s)
	}
	extra := h.offline(ctx, inv)
	req.Extractive = extra != ""
	a, err := h.svc.Ask(ctx, req)
	if ue, ok := errors.AsType[*summarize.UnknownSourceError](err); ok {
		// The hint starts with a lower-case ASCII "no outlet matches".
		hint := ue.Hint()
		return errorReply(strings.ToUpper(hint[:1]) + hint[1:])
	}
	if err != nil {
		return h.fail(ctx, inv, "answering your question", err)
	}
	h.spend(ctx, inv, a.TokensUsed)
	return h.answerReply(ctx, inv.opt("question"), a, extra)
}

// answerReply draws a cited answer, with a Sources button when there are
// quoted passages to show.
func (h *Handlers) answerReply(ctx context.Context, title string, a summarize.Answer, extra string) Reply {
	r := Reply{
		Title:     title,
		Text:      safeMarkdown(h.capText(a.Text)),
		Citations: a.Citations,
		Notice:    answerNotice(a, extra),
	}
	if a.NotCovered && len(a.Headlines) > 0 {
		lines := make([]string, len(a.Headlines))
		for i, c := range a.Headlines {
			c.N = i + 1
			lines[i] = sourceLine(c, true)
		}
		r.Fields = append(r.Fields, Field{Name: "Closest headlines", Value: strings.Join(lines, "\n")})
	}
	if hasQuotes(a.Citations) || len(a.Support) > 0 {
		key := h.sources.put(ctx, sourceEntry{Citations: a.Citations, Support: a.Support})
		r.Buttons = append(r.Buttons, Button{Label: "Sources", ID: "src:" + key, Hint: "/sources"})
	}
	return r
}

func hasQuotes(cs []summarize.Citation) bool {
	for _, c := range cs {
		if strings.TrimSpace(c.Quote) != "" {
			return true
		}
	}
	return false
}

// summarize summarises an article (by ID or URL) or a topic.
func (h *Handlers) summarize(ctx context.Context, inv Invocation) Reply {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "looking up this server's feeds", err)
	}
	since, _ := retrieval.ParseSince(inv.opt("since"), h.cfg.Now())
	req := summarize.SummaryRequest{
		ArticleID: inv.opt("article"),
		URL:       inv.opt("url"),
		Topic:     inv.opt("topic"),
		Since:     since,
		AsOf:      h.cfg.Now(),
		FeedIDs:   ids,
		Scoped:    scoped,
		OnDelta:   inv.OnDelta,
	}
	extra := h.offline(ctx, inv)
	req.Extractive = extra != ""
	a, err := h.svc.Summarize(ctx, req)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return errorReply("I couldn't find that article. Pick one from the list as you type, or give its URL.")
	case err != nil:
		var fe *fetch.Error
		if errors.As(err, &fe) && fe.Reason != "" {
			return errorReply("I couldn't read that page: " + truncate(oneLine(fe.Reason), 300))
		}
		return h.fail(ctx, inv, "writing the summary", err)
	}
	h.spend(ctx, inv, a.TokensUsed)
	title := "Summary: " + req.Topic
	if req.Topic == "" {
		title = "Summary"
		if len(a.Citations) > 0 && a.Citations[0].Title != "" {
			title = "Summary: " + a.Citations[0].Title
		}
	}
	return h.answerReply(ctx, title, a, extra)
}

// showSources shows the quoted passages behind an answer, ephemerally.
func (h *Handlers) showSources(ctx context.Context, key string) Reply {
	e, ok := h.sources.get(ctx, key)
	if !ok {
		return errorReply("I no longer have those passages: I keep only the latest answers' sources. Ask again to see them.")
	}
	return sourcesReply(e)
}

// story summarises one digest story, to open a thread about it. The
// article ID comes from the story's "Ask about this" button.
//
// The ID is the button's, and a button's custom ID is whatever the client
// sends: the article must be in the server's scope, as for /summarize.
func (h *Handlers) story(ctx context.Context, inv Invocation) Reply {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "looking up this server's feeds", err)
	}
	req := summarize.SummaryRequest{ArticleID: inv.opt("article"), AsOf: h.cfg.Now(), FeedIDs: ids, Scoped: scoped}
	offline := h.offline(ctx, inv)
	req.Extractive = offline != ""
	a, err := h.svc.Summarize(ctx, req)
	if errors.Is(err, data.ErrNotFound) {
		return errorReply("That story's article is no longer in my index.")
	}
	if err != nil {
		return h.fail(ctx, inv, "looking up that story", err)
	}
	h.spend(ctx, inv, a.TokensUsed)
	title := "About this story"
	if len(a.Citations) > 0 && a.Citations[0].Title != "" {
		title = a.Citations[0].Title
	}
	r := h.answerReply(ctx, title, a, offline)
	r.Notice = strings.TrimPrefix(r.Notice+" · Ask me anything about this story in this thread.", " · ")
	return r
}
