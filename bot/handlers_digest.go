package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// buildDigest asks the service for the digest of a window in the
// invocation's scope, falling back to the extractive engine when the
// server's daily budget is spent or the bot says so (Invocation.Offline).
func (h *Handlers) buildDigest(ctx context.Context, inv Invocation, since, until time.Time, topic string) (summarize.Digest, error) {
	ids, scoped, err := h.scope(ctx, inv)
	if err != nil {
		return summarize.Digest{}, err
	}
	req := summarize.DigestRequest{Since: since, Until: until, Topic: topic, FeedIDs: ids, Scoped: scoped}
	offline := h.offline(ctx, inv)
	req.Extractive = offline != ""
	d, err := h.svc.Digest(ctx, req)
	if err != nil {
		return d, fmt.Errorf("bot: digest: %w", err)
	}
	tokens := 0
	for _, s := range d.Stories {
		tokens += s.Summary.TokensUsed
	}
	h.spend(ctx, inv, tokens)
	if req.Extractive && d.Notice == "" {
		d.Notice = offline
	}
	return d, nil
}

// digestReply draws a digest: one section per story, each with its
// sources and an "Ask about this" button.
func (h *Handlers) digestReply(d summarize.Digest) Reply {
	title := "News digest"
	if d.Topic != "" {
		title += ": " + d.Topic
	}
	r := Reply{Title: title, Notice: d.Notice}
	window := "since " + d.Since.UTC().Format("Jan 2 15:04 MST")
	if d.Since.IsZero() {
		window = "of the last day"
	}
	if len(d.Stories) == 0 {
		r.Text = "Nothing new " + window + "."
		return r
	}
	r.Text = fmt.Sprintf("%s %s.", plural(len(d.Stories), "story"), window)
	r.Text = strings.Replace(r.Text, "storys", "stories", 1)
	for _, s := range d.Stories {
		text := safeMarkdown(h.capText(s.Summary.Text))
		if len(s.Outlets) > 0 {
			text += "\n*" + oneLine(strings.Join(s.Outlets, ", ")) + "*"
		}
		sec := Section{Title: s.Headline, Text: text, Citations: s.Summary.Citations}
		if len(s.ArticleIDs) > 0 {
			sec.Button = &Button{Label: "Ask: " + truncate(oneLine(s.Headline), 70), ID: "story:" + s.ArticleIDs[0], Hint: "/summarize article:" + s.ArticleIDs[0]}
		}
		r.Sections = append(r.Sections, sec)
	}
	return r
}

// digestNow writes a digest of the last day (or since the since option).
func (h *Handlers) digestNow(ctx context.Context, inv Invocation) Reply {
	now := h.cfg.Now()
	since, _ := retrieval.ParseSince(inv.opt("since"), now)
	if since.IsZero() {
		since = now.Add(-24 * time.Hour)
	}
	d, err := h.buildDigest(ctx, inv, since, now, inv.opt("topic"))
	if err != nil {
		return h.fail(ctx, inv, "writing the digest", err)
	}
	return h.digestReply(d)
}

// digestSchedule sets the server's daily digest.
func (h *Handlers) digestSchedule(ctx context.Context, inv Invocation) Reply {
	channel := inv.opt("channel")
	if channel == "" {
		channel = inv.ChannelID
	}
	if channel == "" {
		return errorReply("Pick a channel for the digest.")
	}
	hh, mm, clock, err := parseClock(inv.opt("time"))
	if err != nil {
		return errorReply("Give the time as HH:MM on a 24-hour clock, such as 08:00 or 18:30.")
	}
	tz := inv.opt("timezone")
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || strings.EqualFold(tz, "local") {
		return errorReply(fmt.Sprintf("I don't know the time zone %q. Use a name such as Europe/Paris or America/New_York.", truncate(tz, 60)))
	}
	s := data.DigestSchedule{
		GuildID:   inv.GuildID,
		ChannelID: channel,
		Clock:     clock,
		TimeZone:  loc.String(),
		Topic:     inv.opt("topic"),
		CreatedBy: inv.UserID,
		UpdatedAt: h.cfg.Now(),
	}
	if err := h.store.SetDigestSchedule(ctx, s); err != nil {
		return h.fail(ctx, inv, "saving the schedule", err)
	}
	next := nextSlot(h.cfg.Now(), hh, mm, loc)
	return Reply{
		Title:  "Daily digest scheduled",
		Text:   scheduleText(s) + fmt.Sprintf("\nNext: %s.", next.In(loc).Format("Mon Jan 2 15:04 MST")),
		Notice: "If I can't post there, I'll tell you in a direct message.",
	}
}

// scheduleText describes a schedule in one line.
func scheduleText(s data.DigestSchedule) string {
	t := fmt.Sprintf("Every day at %s (%s) in <#%s>", s.Clock, s.TimeZone, s.ChannelID)
	if s.Topic != "" {
		t += ", about " + oneLine(s.Topic)
	}
	return t + "."
}

// digestOff removes the server's daily digest.
func (h *Handlers) digestOff(ctx context.Context, inv Invocation) Reply {
	err := h.store.DeleteDigestSchedule(ctx, inv.GuildID)
	if errors.Is(err, data.ErrNotFound) {
		return Reply{Text: "There was no daily digest to turn off.", Ephemeral: true}
	}
	if err != nil {
		return h.fail(ctx, inv, "turning the digest off", err)
	}
	return Reply{Title: "Daily digest off", Text: "I won't post the daily digest any more. `/newsbot-admin digest schedule` turns it back on."}
}

// digestStatus shows the server's daily digest and when it last ran.
func (h *Handlers) digestStatus(ctx context.Context, inv Invocation) Reply {
	s, err := h.store.DigestSchedule(ctx, inv.GuildID)
	if errors.Is(err, data.ErrNotFound) {
		return Reply{Title: "Daily digest", Text: "No daily digest is scheduled. An admin can set one with `/newsbot-admin digest schedule`.", Ephemeral: true}
	}
	if err != nil {
		return h.fail(ctx, inv, "reading the schedule", err)
	}
	r := Reply{Title: "Daily digest", Text: scheduleText(s), Ephemeral: true}
	if hh, mm, _, err := parseClock(s.Clock); err == nil {
		if loc, err := time.LoadLocation(s.TimeZone); err == nil {
			r.Fields = append(r.Fields, Field{Name: "Next", Value: nextSlot(h.cfg.Now(), hh, mm, loc).In(loc).Format("Mon Jan 2 15:04 MST"), Inline: true})
		}
	}
	if last, err := h.store.LastDigestSlot(ctx, inv.GuildID); err == nil && !last.IsZero() {
		r.Fields = append(r.Fields, Field{Name: "Last", Value: last.UTC().Format("Mon Jan 2 15:04 MST"), Inline: true})
	}
	if s.CreatedBy != "" {
		r.Fields = append(r.Fields, Field{Name: "Set by", Value: "<@" + s.CreatedBy + ">", Inline: true})
	}
	return r
}
