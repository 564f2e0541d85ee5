package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// DefaultMaxAttachmentBytes is Config.MaxAttachmentBytes when it is zero:
// room for an OPML file of several thousand feeds.
const DefaultMaxAttachmentBytes = 1 << 20

// attachmentHosts are where Discord serves the files attached to commands;
// the bot downloads from nowhere else, so an attachment's URL cannot send
// it anywhere a user chooses.
var attachmentHosts = map[string]bool{"cdn.discordapp.com": true, "media.discordapp.net": true}

// readAttachment downloads the file attached to a command, if there is one,
// into inv.File, through the session's HTTP client. It returns the reply to
// give instead when the file is too big or cannot be downloaded.
func (b *Bot) readAttachment(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, inv *Invocation) *Reply {
	if i.Type != discordgo.InteractionApplicationCommand {
		return nil
	}
	d := i.ApplicationCommandData()
	id := attachmentID(d.Options)
	if id == "" {
		return nil
	}
	var att *discordgo.MessageAttachment
	if d.Resolved != nil {
		att = d.Resolved.Attachments[id]
	}
	if att == nil {
		r := errorReply("I couldn't find the attached file. Please attach it again.")
		return &r
	}
	limit := b.cfg.MaxAttachmentBytes
	if limit > 0 && att.Size > limit {
		r := errorReply(fmt.Sprintf("That file is %s; I take files of up to %s.", kib(att.Size), kib(limit)))
		return &r
	}
	body, err := b.download(ctx, s.Client, att.URL, limit)
	if err != nil {
		b.cfg.Logger.WarnContext(ctx, "bot: download attachment", "command", inv.Command, "err", err)
		r := errorReply("I couldn't download the attached file. Please try again.")
		if errors.Is(err, errTooBig) {
			r = errorReply(fmt.Sprintf("That file is bigger than the %s I take.", kib(limit)))
		}
		return &r
	}
	inv.File = body
	return nil
}

// errTooBig is download's error for a file over its limit.
var errTooBig = errors.New("bot: attachment over the size limit")

// download GETs an attachment from Discord's CDN, reading at most limit
// bytes (no limit when negative).
func (b *Bot) download(ctx context.Context, c *http.Client, rawURL string, limit int) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || !attachmentHosts[strings.ToLower(u.Hostname())] {
		return nil, fmt.Errorf("bot: attachment URL is not on Discord's CDN")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("bot: download attachment: %w", err)
	}
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bot: download attachment: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("bot: download attachment: status %s", resp.Status)
	}
	var r io.Reader = resp.Body
	if limit >= 0 {
		// The payload's size may not be the file's: read one byte more
		// than the limit to tell.
		r = io.LimitReader(resp.Body, int64(limit)+1)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("bot: download attachment: %w", err)
	}
	if limit >= 0 && len(body) > limit {
		return nil, errTooBig
	}
	return body, nil
}

// attachmentID is the value (the attachment's ID) of the first attachment
// option, under subcommands too.
func attachmentID(opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	for _, o := range opts {
		if o.Type == discordgo.ApplicationCommandOptionAttachment {
			id, _ := o.Value.(string)
			return id
		}
		if id := attachmentID(o.Options); id != "" {
			return id
		}
	}
	return ""
}

// kib is a size for people: "12 KiB".
func kib(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}
