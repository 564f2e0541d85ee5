package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
)

// feedsAdd follows a feed for the server, validating it first.
func (h *Handlers) feedsAdd(ctx context.Context, inv Invocation) Reply {
	raw := inv.opt("url")
	if raw == "" {
		return errorReply("Give the feed's address, such as `https://example.com/feed.xml`.")
	}
	if h.follower == nil {
		return errorReply("Following feeds isn't available here.")
	}
	f, err := h.follower.FollowFeed(ctx, raw)
	if err != nil {
		var fe *fetch.Error
		if errors.As(err, &fe) && fe.Reason != "" {
			return errorReply("I couldn't follow that feed: " + truncate(oneLine(fe.Reason), 300))
		}
		if errors.Is(err, ingest.ErrNoFeed) {
			return errorReply("I found no feed at <" + fetch.RedactURL(raw) + ">. Give the feed's own address, such as `https://example.com/feed.xml`.")
		}
		h.cfg.Logger.WarnContext(ctx, "bot: follow feed", "guild_id", inv.GuildID, "url", fetch.RedactURL(raw), "err", err)
		return errorReply("I couldn't follow that feed. Check that the address is an RSS, Atom or JSON feed that is reachable.")
	}
	name := feedName(f)
	if inv.GuildID != "" {
		err := h.store.AddGuildFeed(ctx, inv.GuildID, f.ID)
		if errors.Is(err, data.ErrExists) {
			return Reply{Text: "This server already follows **" + name + "**.", Ephemeral: true}
		}
		if err != nil {
			return h.fail(ctx, inv, "saving the feed", err)
		}
	}
	text := "I'll answer from <" + shownFeedURL(f) + "> from now on."
	if data.CanonicalURL(f.URL) != data.CanonicalURL(raw) {
		text = "I found the site's feed at <" + shownFeedURL(f) + ">, and I'll answer from it from now on."
	}
	return Reply{Title: "Following " + name, Text: text}
}

// feedsRemove unfollows a feed for the server; the option is the feed's ID
// (from autocomplete) or its URL.
func (h *Handlers) feedsRemove(ctx context.Context, inv Invocation) Reply {
	arg := inv.opt("feed")
	if arg == "" {
		arg = inv.opt("url")
	}
	feeds, err := h.guildFeeds(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "reading this server's feeds", err)
	}
	var found *data.Feed
	for i, f := range feeds {
		if strconv.FormatInt(f.ID, 10) == arg || f.URL == arg || shownFeedURL(f) == arg || data.CanonicalURL(arg) != "" && data.CanonicalURL(f.URL) == data.CanonicalURL(arg) {
			found = &feeds[i]
			break
		}
	}
	if found == nil {
		return errorReply("This server doesn't follow that feed. `/feeds` shows the ones it does.")
	}
	if inv.Local {
		return errorReply("In the console, remove feeds with `newsbot feeds remove`.")
	}
	if err := h.store.RemoveGuildFeed(ctx, inv.GuildID, found.ID); err != nil && !errors.Is(err, data.ErrNotFound) {
		return h.fail(ctx, inv, "removing the feed", err)
	}
	return Reply{Title: "Unfollowed " + feedName(*found), Text: "Answers here won't draw on it any more."}
}

// guildFeeds is the feeds a server follows; in the console, every feed;
// in a DM, none (the default feeds are in every scope, and other servers'
// feeds are theirs).
func (h *Handlers) guildFeeds(ctx context.Context, inv Invocation) ([]data.Feed, error) {
	switch {
	case inv.Local:
		return h.store.Feeds(ctx)
	case inv.GuildID == "":
		return nil, nil
	}
	return h.store.GuildFeeds(ctx, inv.GuildID)
}

// feedsList shows the server's feeds and the health of each.
func (h *Handlers) feedsList(ctx context.Context, inv Invocation) Reply {
	feeds, err := h.guildFeeds(ctx, inv)
	if err != nil {
		return h.fail(ctx, inv, "reading the feeds", err)
	}
	own := map[int64]bool{}
	for _, f := range feeds {
		own[f.ID] = true
	}
	var defaults []data.Feed
	if !inv.Local {
		for _, id := range h.cfg.DefaultFeedIDs {
			if own[id] {
				continue
			}
			f, err := h.store.Feed(ctx, id)
			if err != nil {
				continue
			}
			defaults = append(defaults, f)
		}
	}
	r := Reply{Title: "Feeds"}
	if len(feeds)+len(defaults) == 0 {
		r.Text = "No feeds yet. An admin can follow one with `/newsbot-admin feeds add`."
		return r
	}
	r.Text = plural(len(feeds)+len(defaults), "feed") + ", plus local articles."
	add := func(f data.Feed, suffix string) {
		if len(r.Fields) == 24 {
			return
		}
		r.Fields = append(r.Fields, Field{Name: truncate(feedName(f), 200) + suffix, Value: feedHealth(f)})
	}
	for _, f := range feeds {
		add(f, "")
	}
	for _, f := range defaults {
		add(f, " (default)")
	}
	if n := len(feeds) + len(defaults); n > 24 {
		r.Notice = fmt.Sprintf("Showing 24 of %d feeds.", n)
	}
	return r
}

// shownFeedURL is a feed's URL as members and logs may see it: without
// the user info and secret-looking query values it is fetched with.
func shownFeedURL(f data.Feed) string { return fetch.RedactURL(f.URL) }

// feedName is a feed's title, or its URL without credentials when it has
// none.
func feedName(f data.Feed) string {
	if t := oneLine(f.Title); t != "" {
		return t
	}
	return shownFeedURL(f)
}

// feedHealth says in one line whether a feed is healthy: "ok", "failing N
// times: reason" or "disabled: reason", with its last success.
func feedHealth(f data.Feed) string {
	var b strings.Builder
	switch {
	case f.Disabled:
		b.WriteString("⛔ disabled: " + truncate(oneLine(f.LastError), 200))
	case f.Failures > 0:
		b.WriteString(fmt.Sprintf("⚠️ failing %s: %s", plural(f.Failures, "time"), truncate(oneLine(f.LastError), 200)))
	default:
		b.WriteString("✅ ok")
	}
	if f.LastSuccess.IsZero() {
		b.WriteString(" · never fetched yet")
	} else {
		b.WriteString(" · last success " + f.LastSuccess.UTC().Format("2006-01-02 15:04 MST"))
	}
	b.WriteString("\n<" + shownFeedURL(f) + ">")
	return b.String()
}
