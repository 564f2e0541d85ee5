package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsbot/newsbot/data"
)

// Poster posts to Discord on the scheduler's behalf; the Bot implements it.
type Poster interface {
	// Post posts r in the channel. When key is set, posting r with the
	// same key again within Discord's few minutes posts nothing new (a
	// process that takes over a post left unrecorded does not repeat
	// it). Its error wraps ErrForbidden when the bot may not post there
	// and ErrUnknownChannel when the channel is gone; other errors are
	// Discord's, wrapped.
	Post(ctx context.Context, channelID, key string, r Reply) error
	// DirectMessage sends text to a user privately. Its errors are
	// Discord's, wrapped.
	DirectMessage(ctx context.Context, userID, text string) error
}

// ErrForbidden is returned by a Poster that lacks access to a channel.
var ErrForbidden = errors.New("bot: missing access")

// ErrUnknownChannel is returned by a Poster for a channel that is gone.
var ErrUnknownChannel = errors.New("bot: unknown channel")

// SchedulerConfig configures a Scheduler.
type SchedulerConfig struct {
	// Window is how late a missed slot may still be posted (default 6h);
	// older missed slots are skipped.
	Window time.Duration
	// Every is how often Run checks the schedules (default 30s).
	Every time.Duration
	// Timeout is how long building one digest may take (default
	// DefaultDigestTimeout). The service keeps part of it back from the
	// model, so a model that hangs still ends in an extractive digest
	// posted on time, and a slow one does not hold up the other servers'.
	Timeout time.Duration
	// Owns reports whether a server is this process's to post for (its
	// shard is one the process runs); nil means every server.
	Owns func(guildID string) bool
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
}

// Scheduler posts each server's daily digest at its local time, each slot
// exactly once, also across restarts (slots are claimed in the store).
type Scheduler struct {
	h     *Handlers
	store ScheduleStore
	post  Poster
	cfg   SchedulerConfig
}

// DefaultDigestTimeout is SchedulerConfig.Timeout when it is zero: room
// for the model to write each of a digest's stories, one after another.
const DefaultDigestTimeout = 5 * time.Minute

// NewScheduler returns a scheduler that builds digests with h and posts
// them with post.
func NewScheduler(h *Handlers, store ScheduleStore, post Poster, cfg SchedulerConfig) *Scheduler {
	if cfg.Window <= 0 {
		cfg.Window = 6 * time.Hour
	}
	if cfg.Every <= 0 {
		cfg.Every = 30 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultDigestTimeout
	}
	if cfg.Owns == nil {
		cfg.Owns = ownsAll
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{h: h, store: store, post: post, cfg: cfg}
}

// Run checks the schedules every cfg.Every until ctx is done.
func (s *Scheduler) Run(ctx context.Context) error {
	t := time.NewTicker(s.cfg.Every)
	defer t.Stop()
	s.Tick(ctx, s.cfg.Now())
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.Tick(ctx, s.cfg.Now())
		}
	}
}

// Tick posts every digest of the servers it owns whose slot has come by
// now and was not posted yet. It returns how many digests it posted.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) int {
	scheds, err := s.store.DigestSchedules(ctx)
	if err != nil {
		s.cfg.Logger.ErrorContext(ctx, "bot: list digest schedules", "err", err)
		return 0
	}
	posted := 0
	for _, sc := range scheds {
		if ctx.Err() != nil {
			break
		}
		if !s.cfg.Owns(sc.GuildID) {
			continue
		}
		if s.runOne(ctx, sc, now) {
			posted++
		}
	}
	return posted
}

// ownsAll is the Owns of a process that runs every shard.
func ownsAll(string) bool { return true }

// runOne posts sc's latest slot if it is due, within the window and
// unclaimed.
func (s *Scheduler) runOne(ctx context.Context, sc data.DigestSchedule, now time.Time) bool {
	log := s.cfg.Logger.With("guild_id", sc.GuildID, "channel_id", sc.ChannelID)
	hh, mm, _, err := parseClock(sc.Clock)
	if err != nil {
		log.WarnContext(ctx, "bot: bad digest clock", "clock", sc.Clock)
		return false
	}
	loc, err := time.LoadLocation(sc.TimeZone)
	if err != nil {
		log.WarnContext(ctx, "bot: bad digest time zone", "tz", sc.TimeZone, "err", err)
		return false
	}
	slot := lastSlot(now, hh, mm, loc)
	if now.Sub(slot) > s.cfg.Window {
		return false
	}
	last, err := s.store.LastDigestSlot(ctx, sc.GuildID)
	if err != nil {
		log.ErrorContext(ctx, "bot: last digest slot", "err", err)
		return false
	}
	if !slot.After(last) {
		return false
	}
	var posted bool
	_, err = s.store.ClaimDigestSlotWhile(ctx, sc.GuildID, slot, func(ctx context.Context) bool {
		var cut bool
		posted, cut = s.postSlot(ctx, sc, slot, now, hh, mm, loc, log)
		// A digest that shutdown cut short is left to the next process
		// to check; one that failed otherwise is not tried again.
		return !cut
	})
	if err != nil {
		log.ErrorContext(ctx, "bot: claim digest slot", "err", err)
	}
	return posted
}

// postSlot builds and posts sc's digest of slot, which it holds the claim
// of, and reports whether it posted it, or whether ctx ending cut it short
// before it did.
func (s *Scheduler) postSlot(ctx context.Context, sc data.DigestSchedule, slot, now time.Time, hh, mm int, loc *time.Location, log *slog.Logger) (posted, cut bool) {
	// The digest covers the day since the previous slot.
	since := lastSlot(slot.Add(-time.Minute), hh, mm, loc)
	inv := Invocation{Command: "digest", Sub: "now", GuildID: sc.GuildID, ChannelID: sc.ChannelID, UserID: sc.CreatedBy}
	bctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	d, err := s.h.buildDigest(bctx, inv, since, now, sc.Topic)
	cancel()
	if err != nil {
		log.ErrorContext(ctx, "bot: scheduled digest", "slot", slot, "err", err)
		return false, ctx.Err() != nil
	}
	if len(d.Stories) == 0 {
		log.InfoContext(ctx, "bot: nothing new for the scheduled digest", "slot", slot)
		return false, false
	}
	r := s.h.digestReply(d, loc)
	if err := s.post.Post(ctx, sc.ChannelID, digestKey(sc.GuildID, slot), r); err != nil {
		log.WarnContext(ctx, "bot: post scheduled digest", "slot", slot, "err", err)
		if ctx.Err() != nil {
			return false, true
		}
		s.tellAdmin(ctx, sc, err)
		return false, false
	}
	log.InfoContext(ctx, "bot: posted scheduled digest", "slot", slot, "stories", len(d.Stories))
	return true, false
}

// tellAdmin explains to the admin who scheduled the digest why it could
// not be posted.
func (s *Scheduler) tellAdmin(ctx context.Context, sc data.DigestSchedule, err error) {
	if sc.CreatedBy == "" {
		return
	}
	var why string
	switch {
	case errors.Is(err, ErrForbidden):
		why = fmt.Sprintf("I can't post the daily digest in <#%s>: Missing Access. Give me Send Messages and Embed Links there, or pick another channel with /newsbot-admin digest schedule.", sc.ChannelID)
	case errors.Is(err, ErrUnknownChannel):
		why = fmt.Sprintf("I can't post the daily digest in <#%s>: the channel no longer exists. Pick another with /newsbot-admin digest schedule.", sc.ChannelID)
	default:
		return
	}
	if err := s.post.DirectMessage(ctx, sc.CreatedBy, why); err != nil {
		s.cfg.Logger.WarnContext(ctx, "bot: tell admin about digest failure", "guild_id", sc.GuildID, "err", err)
	}
}
