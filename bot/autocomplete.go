package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/retrieval"
)

// maxChoices is how many suggestions Discord shows for an option.
const maxChoices = 25

// Choice is one autocomplete suggestion: what the user sees and the value
// the option takes when it is picked.
type Choice struct{ Name, Value string }

// Suggest returns the suggestions for the option being typed (typed is
// what was typed so far): headlines for an article, outlets for a source,
// the server's feeds for a feed, IANA names for a time zone and common
// windows for since. Articles, outlets and feeds come from the
// invocation's scope only, so a server is never offered another server's
// news. It returns nil when it has nothing to suggest; failures are
// logged.
func (h *Handlers) Suggest(ctx context.Context, inv Invocation, option, typed string) []Choice {
	typed = strings.TrimSpace(typed)
	switch option {
	case "article":
		return h.suggestArticles(ctx, inv, typed)
	case "source":
		return h.suggestOutlets(ctx, inv, typed)
	case "feed":
		return h.suggestFeeds(ctx, inv, typed)
	case "timezone":
		return suggestTimeZones(typed)
	case "since":
		return suggestSince(typed, h.cfg.Now())
	}
	return nil
}

// storeScope is the scope as the store's filters take it: nil for every
// feed.
func (h *Handlers) storeScope(ctx context.Context, inv Invocation) ([]int64, error) {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil || !scoped {
		return nil, err
	}
	return ids, nil
}

func (h *Handlers) suggestArticles(ctx context.Context, inv Invocation, typed string) []Choice {
	ids, err := h.storeScope(ctx, inv)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: autocomplete headlines", "guild_id", inv.GuildID, "err", err)
		return nil
	}
	arts, err := h.store.Headlines(ctx, typed, ids, maxChoices)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: autocomplete headlines", "guild_id", inv.GuildID, "err", err)
	}
	var out []Choice
	for _, a := range arts {
		name := oneLine(a.Title)
		if a.Source != "" {
			src := truncate(oneLine(a.Source), 30)
			name = truncate(name, 100-len(" — ")-runeLen(src)) + " — " + src
		}
		out = append(out, Choice{Name: truncate(name, 100), Value: a.ID})
	}
	return out
}

func (h *Handlers) suggestOutlets(ctx context.Context, inv Invocation, typed string) []Choice {
	ids, err := h.storeScope(ctx, inv)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: autocomplete outlets", "guild_id", inv.GuildID, "err", err)
		return nil
	}
	outlets, err := h.store.Outlets(ctx, typed, ids, maxChoices)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: autocomplete outlets", "guild_id", inv.GuildID, "err", err)
	}
	var out []Choice
	for _, o := range outlets {
		name := oneLine(o.Name)
		if o.Domain != "" && !strings.EqualFold(name, o.Domain) {
			name = truncate(name, 100-len(" ()")-runeLen(o.Domain)) + " (" + o.Domain + ")"
		}
		out = append(out, Choice{Name: truncate(name, 100), Value: truncate(o.Name, 100)})
	}
	return out
}

func (h *Handlers) suggestFeeds(ctx context.Context, inv Invocation, typed string) []Choice {
	feeds, err := h.guildFeeds(ctx, inv)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: autocomplete feeds", "guild_id", inv.GuildID, "err", err)
	}
	low := strings.ToLower(typed)
	var out []Choice
	for _, f := range feeds {
		name := feedName(f)
		if low != "" && !strings.Contains(strings.ToLower(name+" "+shownFeedURL(f)), low) {
			continue
		}
		if len(out) == maxChoices {
			break
		}
		out = append(out, Choice{Name: truncate(name, 100), Value: strconv.FormatInt(f.ID, 10)})
	}
	return out
}

// suggestTimeZones offers the IANA names that contain what was typed,
// those whose city starts with it first: "paris" gives Europe/Paris,
// "new y" America/New_York.
func suggestTimeZones(typed string) []Choice {
	low := strings.ToLower(strings.ReplaceAll(typed, " ", "_"))
	var first, rest []Choice
	for _, z := range strings.Fields(timeZoneNames) {
		lz := strings.ToLower(z)
		city := lz[strings.LastIndex(lz, "/")+1:]
		switch {
		case low == "" || strings.HasPrefix(city, low) || strings.HasPrefix(lz, low):
			first = append(first, Choice{Name: z, Value: z})
		case strings.Contains(lz, low):
			rest = append(rest, Choice{Name: z, Value: z})
		}
		if len(first) == maxChoices {
			break
		}
	}
	out := append(first, rest...)
	return out[:min(len(out), maxChoices)]
}

// suggestSince offers the common windows that match what was typed, after
// what was typed itself when it is a valid start of its own ("3d",
// "2026-11-20"), spelled out so the user sees how it was read.
func suggestSince(typed string, now time.Time) []Choice {
	var out []Choice
	low := strings.ToLower(typed)
	if typed != "" {
		if t, err := retrieval.ParseSince(typed, now); err == nil {
			out = append(out, Choice{Name: truncate(typed, 60) + " (since " + t.UTC().Format("Mon Jan 2 15:04 MST") + ")", Value: truncate(typed, 100)})
		}
	}
	windows := []Choice{
		{"Last 12 hours", "12h"}, {"Last day", "1d"}, {"Last 2 days", "2d"}, {"Last week", "1w"},
		{"Last 2 weeks", "2w"}, {"Last 30 days", "30d"}, {"Since today", "today"}, {"Since yesterday", "yesterday"},
	}
	for _, c := range windows {
		if c.Value == low {
			continue
		}
		if low == "" || strings.Contains(strings.ToLower(c.Name), low) || strings.HasPrefix(c.Value, low) {
			out = append(out, c)
		}
	}
	return out
}

// autocomplete answers Discord's autocomplete request with the
// handlers' suggestions for the focused option.
func (b *Bot) autocomplete(s *discordgo.Session, i *discordgo.Interaction) {
	// Discord drops autocomplete answers after 3s.
	ctx, cancel := context.WithTimeout(b.workCtx, 2500*time.Millisecond)
	defer cancel()
	inv := invocationOf(i)
	var focused *discordgo.ApplicationCommandInteractionDataOption
	var walk func(opts []*discordgo.ApplicationCommandInteractionDataOption)
	walk = func(opts []*discordgo.ApplicationCommandInteractionDataOption) {
		for _, o := range opts {
			if o.Focused {
				focused = o
			}
			walk(o.Options)
		}
	}
	walk(i.ApplicationCommandData().Options)
	if focused == nil {
		return
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if i.GuildID != "" || b.cfg.AllowDMs {
		for _, c := range b.h.Suggest(ctx, inv, focused.Name, optionString(focused)) {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: c.Name, Value: c.Value})
		}
	}
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.cfg.Logger.WarnContext(ctx, "bot: autocomplete", "err", err)
	}
}

// outletNames reads a source option as the outlets it means: the one so
// named, else those at that domain ("ledger.example", "www.ledger.example"),
// ignoring case, within the invocation's scope. What matches neither is
// kept as typed, for the search to match as it can.
func (h *Handlers) outletNames(ctx context.Context, inv Invocation, typed string) []string {
	typed = strings.TrimSpace(typed)
	ids, err := h.storeScope(ctx, inv)
	if err != nil {
		return []string{typed}
	}
	domain := strings.TrimPrefix(strings.ToLower(typed), "www.")
	outlets, err := h.store.Outlets(ctx, domain, ids, 0)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: read outlets", "guild_id", inv.GuildID, "err", err)
		return []string{typed}
	}
	var byDomain []string
	for _, o := range outlets {
		if strings.EqualFold(o.Name, typed) {
			return []string{o.Name}
		}
		if o.Domain == domain {
			byDomain = append(byDomain, o.Name)
		}
	}
	if len(byDomain) > 0 {
		return byDomain
	}
	return []string{typed}
}
