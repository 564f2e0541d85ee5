package bot

import (
	"context"
	"log/slog"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
)

// FollowerStore lists the servers that follow a feed; *data.Store
// implements it.
type FollowerStore interface {
	// FeedFollowers returns the servers that follow a feed, with the
	// channel it was added in and the admin who added it (empty when not
	// known); none when no server follows it. Its errors are the store's.
	FeedFollowers(ctx context.Context, feedID int64) ([]data.GuildFeed, error)
}

// FeedHealthNotifier tells the servers that follow a feed when it is
// disabled and when it works again: in the channel where the feed was
// added or, when the bot may not post there (or does not know it), in a
// direct message to the admin who added it. It implements
// ingest.Notifier; failures are logged.
type FeedHealthNotifier struct {
	Store  FollowerStore
	Post   Poster
	Logger *slog.Logger
}

var _ ingest.Notifier = (*FeedHealthNotifier)(nil)

// FeedDisabled tells f's servers that repeated failures disabled it.
func (n *FeedHealthNotifier) FeedDisabled(ctx context.Context, f data.Feed) {
	n.tell(ctx, f, Reply{
		Title: "Feed disabled: " + truncate(feedName(f), 200),
		Text: "I stopped reading <" + shownFeedURL(f) + "> after " + plural(f.Failures, "failed attempt") + ": " +
			truncate(oneLine(f.LastError), 300) + ".\n\nI'll try it again every few hours and say so here when it works. " +
			"An admin can try it now with `/newsbot-admin feeds retry`.",
	})
}

// FeedRecovered tells f's servers that it works again.
func (n *FeedHealthNotifier) FeedRecovered(ctx context.Context, f data.Feed) {
	n.tell(ctx, f, Reply{
		Title: "Feed back: " + truncate(feedName(f), 200),
		Text:  "<" + shownFeedURL(f) + "> works again, and answers here draw on it again.",
	})
}

func (n *FeedHealthNotifier) tell(ctx context.Context, f data.Feed, r Reply) {
	log := n.logger().With("feed_id", f.ID)
	subs, err := n.Store.FeedFollowers(ctx, f.ID)
	if err != nil {
		log.WarnContext(ctx, "bot: list the servers to tell about a feed", "err", err)
		return
	}
	for _, g := range subs {
		if ctx.Err() != nil {
			return
		}
		if g.ChannelID != "" {
			err := n.Post.Post(ctx, g.ChannelID, "", r)
			if err == nil {
				continue
			}
			log.WarnContext(ctx, "bot: tell a server about its feed", "guild_id", g.GuildID, "channel_id", g.ChannelID, "err", err)
		}
		if g.AddedBy == "" {
			log.InfoContext(ctx, "bot: nobody to tell about a feed", "guild_id", g.GuildID)
			continue
		}
		if err := n.Post.DirectMessage(ctx, g.AddedBy, r.Title+"\n"+r.Text); err != nil {
			log.WarnContext(ctx, "bot: tell an admin about their feed", "guild_id", g.GuildID, "err", err)
		}
	}
}

func (n *FeedHealthNotifier) logger() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// FeedDisabled tells every server that follows f that it was disabled,
// whichever shard and process its events reach: posting goes over REST,
// which any process may use, and the feed's lease makes the process that
// polled it the only one to tell. It implements ingest.Notifier; before Run has connected nobody is told (the
// change is logged).
func (b *Bot) FeedDisabled(ctx context.Context, f data.Feed) {
	if n := b.healthNotifier(ctx, f); n != nil {
		n.FeedDisabled(ctx, f)
	}
}

// FeedRecovered tells the servers that follow f that it works again. It
// implements ingest.Notifier, as FeedDisabled does.
func (b *Bot) FeedRecovered(ctx context.Context, f data.Feed) {
	if n := b.healthNotifier(ctx, f); n != nil {
		n.FeedRecovered(ctx, f)
	}
}

var _ ingest.Notifier = (*Bot)(nil)

// healthNotifier returns the notifier that posts through the bot, or nil
// (having logged why) when the bot is not connected.
func (b *Bot) healthNotifier(ctx context.Context, f data.Feed) *FeedHealthNotifier {
	select {
	case <-b.ready:
	default:
		b.cfg.Logger.WarnContext(ctx, "bot: not connected; the servers are not told about their feed", "feed_id", f.ID, "disabled", f.Disabled)
		return nil
	}
	return &FeedHealthNotifier{Store: b.store, Post: b, Logger: b.cfg.Logger}
}
