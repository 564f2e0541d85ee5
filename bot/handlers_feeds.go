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
	var notice string
	if f.Disabled {
		f, notice = h.reprobe(ctx, f)
	}
	name := feedName(f)
	if inv.GuildID != "" {
		err := h.store.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: inv.GuildID, FeedID: f.ID, ChannelID: inv.ChannelID, AddedBy: inv.UserID})
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
	if f.Disabled {
		text = "I follow <" + shownFeedURL(f) + "> for this server, but it is disabled: " + truncate(oneLine(f.LastError), 300) +
			".\n\nI'll try it again every few hours and say so here when it works."
	}
	return Reply{Title: "Following " + name, Text: text, Notice: notice}
}

// reprobe fetches a disabled feed again at once, as feeds add of a
// disabled feed does: it returns the feed's new state and a notice saying
// it was tried.
func (h *Handlers) reprobe(ctx context.Context, f data.Feed) (data.Feed, string) {
	r, ok := h.follower.(FeedRetrier)
	if !ok {
		return f, ""
	}
	nf, err := r.RetryFeed(ctx, f.ID)
	switch {
	case err == nil:
		return nf, "It had been disabled after failing; I tried it again just now and it works."
	case errors.Is(err, ingest.ErrBusy), nf.ID == 0:
		h.cfg.Logger.WarnContext(ctx, "bot: retry a disabled feed", "feed_id", f.ID, "err", err)
		return f, ""
	}
	h.cfg.Logger.InfoContext(ctx, "bot: disabled feed still fails", "feed_id", f.ID, "err", err)
	return nf, "I tried it again just now and it still fails."
}

// findGuildFeed is the server's feed that arg names: its ID (from
// autocomplete) or its URL.
func (h *Handlers) findGuildFeed(ctx context.Context, inv Invocation, arg string) (*data.Feed, error) {
	feeds, err := h.guildFeeds(ctx, inv)
	if err != nil {
		return nil, err
	}
	for i, f := range feeds {
		if strconv.FormatInt(f.ID, 10) == arg || f.URL == arg || shownFeedURL(f) == arg || data.CanonicalURL(arg) != "" && data.CanonicalURL(f.URL) == data.CanonicalURL(arg) {
			return &feeds[i], nil
		}
	}
	return nil, nil
}

// feedsRetry fetches one of the server's feeds again at once; a disabled
// feed that works is enabled again.
func (h *Handlers) feedsRetry(ctx context.Context, inv Invocation) Reply {
	found, err := h.findGuildFeed(ctx, inv, inv.opt("feed"))
	if err != nil {
		return h.fail(ctx, inv, "reading this server's feeds", err)
	}
	if found == nil {
		return errorReply("This server doesn't follow that feed. `/feeds` shows the ones it does.")
	}
	r, ok := h.follower.(FeedRetrier)
	if !ok {
		return errorReply("Retrying feeds isn't available here.")
	}
	name := feedName(*found)
	f, err := r.RetryFeed(ctx, found.ID)
	if err == nil {
		text := "I fetched it just now, and it works."
		if found.Disabled {
			text = "I fetched it just now, and it works again: answers here draw on it again."
		}
		return Reply{Title: "Retried " + name, Text: text, Fields: []Field{{Name: truncate(name, 200), Value: feedHealth(f)}}}
	}
	if errors.Is(err, ingest.ErrBusy) {
		return errorReply("I'm fetching **" + name + "** right now. Look at `/feeds` in a minute.")
	}
	if errors.Is(err, data.ErrNotFound) || f.ID == 0 {
		return h.fail(ctx, inv, "retrying the feed", err)
	}
	h.cfg.Logger.InfoContext(ctx, "bot: retried feed still fails", "feed_id", f.ID, "err", err)
	next := "I'll try it again by itself later."
	if f.Disabled {
		next = "It stays disabled; I'll try it again every few hours and say so here when it works."
	}
	return errorReply("**" + name + "** still fails: " + truncate(oneLine(retryReason(err, f)), 300) + ". " + next)
}

// retryReason is what a user is shown of a failed retry: the fetch's
// reason, or the feed's last error.
func retryReason(err error, f data.Feed) string {
	var fe *fetch.Error
	if errors.As(err, &fe) && fe.Reason != "" {
		return fe.Reason
	}
	if f.LastError != "" {
		return f.LastError
	}
	return "it is not a feed I can read"
}

// feedsRemove unfollows a feed for the server; the option is the feed's ID
// (from autocomplete) or its URL.
func (h *Handlers) feedsRemove(ctx context.Context, inv Invocation) Reply {
	arg := inv.opt("feed")
	if arg == "" {
		arg = inv.opt("url")
	}
	found, err := h.findGuildFeed(ctx, inv, arg)
	if err != nil {
		return h.fail(ctx, inv, "reading this server's feeds", err)
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
