package bot

import (
	"context"
	"fmt"
	"net/http"
)

// PostMessage posts r in a channel as one message (an alert's story),
// once per key within Discord's few minutes when key is set, and returns
// its ID. It implements AlertPoster; a 403 wraps ErrForbidden and a 404
// ErrUnknownChannel. A reply too big for one message loses the rest:
// alert replies are drawn to fit.
func (b *Bot) PostMessage(ctx context.Context, channelID, key string, r Reply) (string, error) {
	if b.session == nil {
		return "", fmt.Errorf("bot: post message: not connected")
	}
	m, err := sendMessage(ctx, b.session, channelID, key, 0, renderDiscord(r)[0])
	if err != nil {
		return "", channelError(fmt.Errorf("bot: post message: %w", err))
	}
	return m.ID, nil
}

// EditMessage replaces a message the bot posted with r, drawn as one
// message. It implements AlertPoster; its errors are PostMessage's.
func (b *Bot) EditMessage(ctx context.Context, channelID, messageID string, r Reply) error {
	if b.session == nil {
		return fmt.Errorf("bot: edit message: not connected")
	}
	t := &channelTarget{s: b.session, channelID: channelID, messageID: messageID}
	return channelError(t.edit(ctx, renderDiscord(r)[0]))
}

// channelError wraps a Discord error with ErrForbidden or
// ErrUnknownChannel when its status says so.
func channelError(err error) error {
	switch {
	case err == nil:
		return nil
	case isStatus(err, http.StatusForbidden):
		return fmt.Errorf("%w: %w", ErrForbidden, err)
	case isStatus(err, http.StatusNotFound):
		return fmt.Errorf("%w: %w", ErrUnknownChannel, err)
	}
	return err
}
