package bot

import (
	"context"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// Post posts r in a channel (the scheduled digest), its messages once
// per key within Discord's few minutes when key is set. It implements
// Poster; a 403 wraps ErrForbidden and a 404 ErrUnknownChannel.
func (b *Bot) Post(ctx context.Context, channelID, key string, r Reply) error {
	if b.session == nil {
		return fmt.Errorf("bot: post: not connected")
	}
	t := &channelTarget{s: b.session, channelID: channelID, key: key}
	if err := deliver(ctx, t, r); err != nil {
		switch {
		case isStatus(err, http.StatusForbidden):
			return fmt.Errorf("%w: %w", ErrForbidden, err)
		case isStatus(err, http.StatusNotFound):
			return fmt.Errorf("%w: %w", ErrUnknownChannel, err)
		}
		return err
	}
	return nil
}

// DirectMessage sends text to a user privately. It implements Poster.
func (b *Bot) DirectMessage(ctx context.Context, userID, text string) error {
	if b.session == nil {
		return fmt.Errorf("bot: direct message: not connected")
	}
	ch, err := b.session.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("bot: open direct messages: %w", err)
	}
	t := &channelTarget{s: b.session, channelID: ch.ID}
	return deliver(ctx, t, errorReply(text))
}
