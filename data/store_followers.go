package data

import (
	"context"
	"fmt"
)

// addGuildFeedOrigin records, for each server's feed, the channel it was
// added in and the admin who added it, so that the server can be told when
// the feed is disabled and when it recovers. Feeds added before this step
// have neither. Like schemaV5 it tolerates running again on a database
// whose version was set back by hand: a column already there is kept.
func addGuildFeedOrigin(ctx context.Context, tx *dbTx) error {
	have, err := tx.d.tableColumns(ctx, tx, "guild_feeds")
	if err != nil {
		return err
	}
	for _, col := range []string{"channel_id", "added_by"} {
		if have[col] {
			continue
		}
		// col is one of our two names, never input.
		if _, err := tx.ExecContext(ctx, `ALTER TABLE guild_feeds ADD COLUMN `+col+` TEXT NOT NULL DEFAULT ''`); err != nil {
			return err
		}
	}
	return nil
}

// GuildFeed is one server's subscription to a feed: ChannelID is where it
// was added and AddedBy the user ID of the admin who added it (both empty
// when unknown).
type GuildFeed struct {
	GuildID   string
	FeedID    int64
	ChannelID string
	AddedBy   string
}

// AddGuildFeedFrom subscribes g.GuildID to the feed g.FeedID, as
// AddGuildFeed does, and records where and by whom. Its errors are
// AddGuildFeed's.
func (s *Store) AddGuildFeedFrom(ctx context.Context, g GuildFeed) error {
	return s.addGuildFeed(ctx, g)
}

// FeedFollowers returns the servers that follow the feed feedID, by guild
// ID; none when no server does.
func (s *Store) FeedFollowers(ctx context.Context, feedID int64) ([]GuildFeed, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT guild_id, feed_id, channel_id, added_by FROM guild_feeds
		WHERE feed_id = ? ORDER BY guild_id`, feedID)
	if err != nil {
		return nil, fmt.Errorf("data: followers of feed %d: %w", feedID, err)
	}
	defer rows.Close()
	var out []GuildFeed
	for rows.Next() {
		var g GuildFeed
		if err := rows.Scan(&g.GuildID, &g.FeedID, &g.ChannelID, &g.AddedBy); err != nil {
			return nil, fmt.Errorf("data: followers of feed %d: %w", feedID, err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: followers of feed %d: %w", feedID, err)
	}
	return out, nil
}
