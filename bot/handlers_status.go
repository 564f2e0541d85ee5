package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/data"
)

// statusCommand is the member command whose status subcommand says what
// newsbot runs on in this server.
const statusCommand = "newsbot"

// status shows the model in use, the budget left today, the health of the
// server's feeds and how many articles its answers draw on.
func (h *Handlers) status(ctx context.Context, inv Invocation) Reply {
	r := Reply{Title: "newsbot status", Ephemeral: true}
	model := h.svc.Model()
	engine := "Offline engine: answers quote the articles directly (no AI model is configured)."
	if model != "" {
		// A code span: model names carry _ and * that Markdown would eat.
		engine = "AI model `" + strings.ReplaceAll(oneLine(model), "`", "") + "`, and the offline engine when a limit is reached."
	}
	r.Fields = append(r.Fields, Field{Name: "Answers", Value: engine})

	budget, err := h.budgetLine(ctx, inv, model != "")
	if err != nil {
		return h.fail(ctx, inv, "reading today's budget", err)
	}
	r.Fields = append(r.Fields, Field{Name: "AI budget today", Value: budget})

	feeds, err := h.scopeFeeds(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "reading the feeds", err)
	}
	r.Fields = append(r.Fields, Field{Name: "Feeds", Value: feedCounts(feeds)})

	ids, _, err := h.scope(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "looking up this server's feeds", err)
	}
	n, err := h.store.ArticleCount(ctx, ids)
	if err != nil {
		return h.fail(ctx, inv, "counting the articles", err)
	}
	r.Fields = append(r.Fields, Field{Name: "Articles", Value: thousands(n) + " to answer from"})
	return r
}

// budgetLine says how much of today's token budget is left.
func (h *Handlers) budgetLine(ctx context.Context, inv Invocation, llm bool) (string, error) {
	switch {
	case !llm:
		return "Not needed: the offline engine costs nothing.", nil
	case inv.Local || h.cfg.DailyTokenBudget < 0:
		return "No daily limit.", nil
	}
	used, err := h.store.TokenUsage(ctx, budgetKey(inv), h.day())
	if err != nil {
		return "", fmt.Errorf("bot: status: %w", err)
	}
	left := max(h.cfg.DailyTokenBudget-used, 0)
	line := fmt.Sprintf("%s of %s tokens left; it renews at 00:00 UTC.", thousands(left), thousands(h.cfg.DailyTokenBudget))
	if left == 0 {
		line += " Until then the offline engine answers."
	}
	return line, nil
}

// scopeFeeds is the feeds in a server's scope: its own and the default
// feeds, each once.
func (h *Handlers) scopeFeeds(ctx context.Context, inv Invocation) ([]data.Feed, error) {
	feeds, err := h.guildFeeds(ctx, inv)
	if err != nil {
		return nil, err
	}
	if inv.Local {
		return feeds, nil
	}
	seen := map[int64]bool{}
	for _, f := range feeds {
		seen[f.ID] = true
	}
	for _, id := range h.cfg.DefaultFeedIDs {
		if seen[id] {
			continue
		}
		f, err := h.store.Feed(ctx, id)
		if err != nil {
			continue // a default feed removed since start: nothing to count
		}
		seen[id] = true
		feeds = append(feeds, f)
	}
	return feeds, nil
}

// feedCounts counts feeds by health, as /feeds shows it one by one.
func feedCounts(feeds []data.Feed) string {
	if len(feeds) == 0 {
		return "None yet. An admin can follow one with `/" + adminCommand + " feeds add`."
	}
	var ok, failing, disabled int
	for _, f := range feeds {
		switch {
		case f.Disabled:
			disabled++
		case f.Failures > 0:
			failing++
		default:
			ok++
		}
	}
	return fmt.Sprintf("✅ %d ok · ⚠️ %d failing · ⛔ %d disabled. `/feeds` shows each.", ok, failing, disabled)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
