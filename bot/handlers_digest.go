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

// digestReply draws a digest for readers in loc (the schedule's time
// zone; UTC when nil): a title with the local date of its end, times as
// Discord timestamps, and one numbered section per story whose title
// links to its lead article, with its outlets and a numbered "Discuss"
// button.
func (h *Handlers) digestReply(d summarize.Digest, loc *time.Location) Reply {
	if loc == nil {
		loc = time.UTC
	}
	until := d.Until
	if until.IsZero() {
		until = h.cfg.Now()
	}
	title := "News digest"
	if d.Topic != "" {
		title += ": " + d.Topic
	}
	title += " · " + until.In(loc).Format("Monday, January 2, 2006")
	r := Reply{Title: title, Notice: d.Notice, Time: until}
	window := "since " + discordTime(d.Since, "f") + " (" + discordTime(d.Since, "R") + ")"
	if d.Since.IsZero() {
		window = "of the last day"
	}
	if len(d.Stories) == 0 {
		r.Text = "Nothing new " + window + "."
		return r
	}
	r.Text = fmt.Sprintf("%s %s. Pick a number below to discuss a story in its thread.", plural(len(d.Stories), "story"), window)
	r.Text = strings.Replace(r.Text, "storys", "stories", 1)
	for i, s := range d.Stories {
		r.Sections = append(r.Sections, h.storySection(i+1, s))
	}
	return r
}

// storySection draws the nth story of a digest.
func (h *Handlers) storySection(n int, s summarize.Story) Section {
	text := safeMarkdown(h.capText(s.Summary.Text))
	var about []string
	if len(s.Outlets) > 0 {
		about = append(about, safeMarkdown(oneLine(strings.Join(s.Outlets, ", "))))
	}
	if !s.Latest.IsZero() {
		about = append(about, "updated "+discordTime(s.Latest, "R"))
	}
	if len(about) > 0 {
		text += "\n*" + strings.Join(about, " · ") + "*"
	}
	sec := Section{Title: fmt.Sprintf("%d. %s", n, s.Headline), URL: s.URL, Text: text, Citations: s.Summary.Citations}
	if len(s.ArticleIDs) > 0 {
		sec.Button = &Button{Label: fmt.Sprintf("Discuss %d", n), ID: "story:" + s.ArticleIDs[0], Hint: "/summarize article:" + s.ArticleIDs[0]}
	}
	return sec
}

// digestLocation is the time zone of the server's daily digest, in which
// its members read dates; UTC when none is scheduled.
func (h *Handlers) digestLocation(ctx context.Context, guildID string) *time.Location {
	if guildID == "" {
		return time.UTC
	}
	s, err := h.store.DigestSchedule(ctx, guildID)
	if err != nil {
		if !errors.Is(err, data.ErrNotFound) {
			h.cfg.Logger.WarnContext(ctx, "bot: digest time zone", "guild_id", guildID, "err", err)
		}
		return time.UTC
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
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
	return h.digestReply(d, h.digestLocation(ctx, inv.GuildID))
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
		r.Fields = append(r.Fields, Field{Name: "Last", Value: discordTime(last, "f"), Inline: true})
	}
	if s.CreatedBy != "" {
		r.Fields = append(r.Fields, Field{Name: "Set by", Value: "<@" + s.CreatedBy + ">", Inline: true})
	}
	return r
}
