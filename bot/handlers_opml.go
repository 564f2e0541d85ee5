package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/newsbot/newsbot/data"
)

// maxShownSkips is how many unusable entries of an OPML file the import's
// reply names.
const maxShownSkips = 10

// feedsImport makes the server follow every feed of the attached OPML file.
// The new feeds are fetched by the poller soon after.
func (h *Handlers) feedsImport(ctx context.Context, inv Invocation) Reply {
	imp, ok := h.follower.(OPMLImporter)
	if !ok {
		return errorReply("Importing feeds isn't available here.")
	}
	if len(inv.File) == 0 {
		return errorReply("Attach an OPML file (the subscription list a feed reader exports).")
	}
	feeds, skipped, err := imp.ImportOPMLFeeds(ctx, bytes.NewReader(inv.File))
	if err != nil && len(feeds) == 0 && len(skipped) == 0 {
		h.cfg.Logger.InfoContext(ctx, "bot: import OPML", "guild_id", inv.GuildID, "err", err)
		return errorReply("That file isn't an OPML subscription list I can read. Export one from your feed reader (File → Export OPML) and attach it.")
	}
	if err != nil {
		return h.fail(ctx, inv, "importing the feeds", err)
	}
	added, already := 0, 0
	for _, f := range feeds {
		if inv.Local {
			added++
			continue
		}
		err := h.store.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: inv.GuildID, FeedID: f.ID, ChannelID: inv.ChannelID, AddedBy: inv.UserID})
		switch {
		case errors.Is(err, data.ErrExists):
			already++
		case err != nil:
			return h.fail(ctx, inv, "saving the imported feeds", err)
		default:
			added++
		}
	}
	if added+already+len(skipped) == 0 {
		return errorReply("That OPML file lists no feeds.")
	}
	var b strings.Builder
	switch {
	case added == 0 && already > 0:
		fmt.Fprintf(&b, "This server already follows the %s of the file.", plural(already, "feed"))
	case already > 0:
		fmt.Fprintf(&b, "This server now follows %s from the file (it followed %d already). I'll fetch the new ones within a few minutes.", plural(added, "more feed"), already)
	case added > 0:
		fmt.Fprintf(&b, "This server now follows %s from the file. I'll fetch them within a few minutes.", plural(added, "more feed"))
	}
	if len(skipped) > 0 {
		entries := fmt.Sprintf("%d entries", len(skipped))
		if len(skipped) == 1 {
			entries = "1 entry"
		}
		fmt.Fprintf(&b, "\n\nI skipped %s:", entries)
		for i, s := range skipped {
			if i == maxShownSkips {
				fmt.Fprintf(&b, "\n…and %d more", len(skipped)-maxShownSkips)
				break
			}
			fmt.Fprintf(&b, "\n- `%s`: %s", truncate(oneLine(s.Item), 100), truncate(oneLine(s.Reason), 100))
		}
	}
	return Reply{Title: "Imported feeds", Text: strings.TrimSpace(b.String())}
}
