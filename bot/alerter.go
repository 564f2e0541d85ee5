package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// AlertPoster posts and edits the messages of alerts; the Bot implements
// it.
type AlertPoster interface {
	// PostMessage posts r in the channel as one message and returns its
	// ID. When key is set, posting with the same key again within
	// Discord's few minutes returns the message posted before and posts
	// nothing new. Its error wraps ErrForbidden when the bot may not post
	// there and ErrUnknownChannel when the channel is gone; other errors
	// are Discord's, wrapped.
	PostMessage(ctx context.Context, channelID, key string, r Reply) (string, error)
	// EditMessage replaces a message the bot posted with r. Its errors
	// are PostMessage's.
	EditMessage(ctx context.Context, channelID, messageID string, r Reply) error
	// DirectMessage sends text to a user privately. Its errors are
	// Discord's, wrapped.
	DirectMessage(ctx context.Context, userID, text string) error
}

// Defaults of AlerterConfig.
const (
	// DefaultAlertEvery is how often the alerts are checked.
	DefaultAlertEvery = time.Minute
	// DefaultAlertWindow is how far back articles are grouped into the
	// stories alerts post and update.
	DefaultAlertWindow = 24 * time.Hour
	// DefaultAlertTimeout bounds the summary of one alerted story.
	DefaultAlertTimeout = time.Minute
	// DefaultAlertsPerTick is how many new stories one alert posts per
	// check; the others wait for the next check.
	DefaultAlertsPerTick = 3
)

// alertPostWait is how long posting a summarised story may take: a claim
// older than the summary's Timeout and this, with no message recorded, was
// abandoned by a process that died before it posted (or before it heard
// back), and the next check posts the story. The message's nonce (see
// alertKey) makes Discord answer a repeat of a post it accepted in the
// past few minutes with that post.
const alertPostWait = 30 * time.Second

// AlerterConfig configures an Alerter. Zero values mean the defaults.
type AlerterConfig struct {
	// Every is how often Run checks the alerts (default DefaultAlertEvery).
	Every time.Duration
	// Window is how far back stories are grouped (default
	// DefaultAlertWindow); later coverage of a story posted before the
	// window is posted as a new story.
	Window time.Duration
	// Timeout bounds the summary of one story (default
	// DefaultAlertTimeout). The service keeps part of it back from the
	// model, so a model that hangs still ends in an extractive summary.
	Timeout time.Duration
	// PerTick caps the new stories one alert posts per check (default
	// DefaultAlertsPerTick; negative means no limit), so that a burst of
	// news does not flood a channel at once.
	PerTick int
	// Owns reports whether a server is this process's to post for (its
	// shard is one the process runs); nil means every server.
	Owns func(guildID string) bool
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
}

// Alerter posts the stories that match the servers' alerts as they
// break, each once per alert, and adds later coverage of a posted story to
// its post.
type Alerter struct {
	h     *Handlers
	svc   AlertService
	store AlertStore
	post  AlertPoster
	cfg   AlerterConfig

	mu   sync.Mutex
	told map[int64]bool // alerts whose admin was told the channel is unusable
}

// NewAlerter returns an alerter that finds stories with svc, in the
// scopes h knows, and posts them with post.
func NewAlerter(h *Handlers, svc AlertService, store AlertStore, post AlertPoster, cfg AlerterConfig) *Alerter {
	if cfg.Every <= 0 {
		cfg.Every = DefaultAlertEvery
	}
	if cfg.Window <= 0 {
		cfg.Window = DefaultAlertWindow
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultAlertTimeout
	}
	if cfg.PerTick == 0 {
		cfg.PerTick = DefaultAlertsPerTick
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
	return &Alerter{h: h, svc: svc, store: store, post: post, cfg: cfg, told: map[int64]bool{}}
}

// Run checks the alerts every cfg.Every until ctx is done.
func (a *Alerter) Run(ctx context.Context) {
	t := time.NewTicker(a.cfg.Every)
	defer t.Stop()
	a.Tick(ctx, a.cfg.Now())
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.Tick(ctx, a.cfg.Now())
		}
	}
}

// AlertTick counts what one check of the alerts did.
type AlertTick struct {
	// Posted is the new stories posted; Updated the posts that got later
	// coverage.
	Posted, Updated int
}

// Tick checks every alert of the servers it owns at now: it posts the new stories that match
// and adds later coverage to the stories posted before.
func (a *Alerter) Tick(ctx context.Context, now time.Time) AlertTick {
	var out AlertTick
	alerts, err := a.store.Alerts(ctx)
	if err != nil {
		a.cfg.Logger.ErrorContext(ctx, "bot: list alerts", "err", err)
		return out
	}
	for _, al := range alerts {
		if ctx.Err() != nil {
			break
		}
		if !a.cfg.Owns(al.GuildID) {
			continue
		}
		t := a.runOne(ctx, al, now)
		out.Posted += t.Posted
		out.Updated += t.Updated
	}
	return out
}

// runOne checks one alert.
func (a *Alerter) runOne(ctx context.Context, al data.Alert, now time.Time) AlertTick {
	var out AlertTick
	log := a.cfg.Logger.With("guild_id", al.GuildID, "channel_id", al.ChannelID, "alert_id", al.ID)
	inv := Invocation{Command: "alerts", GuildID: al.GuildID, ChannelID: al.ChannelID, UserID: al.CreatedBy}
	ids, scoped, err := a.h.scope(ctx, inv)
	if err != nil {
		log.ErrorContext(ctx, "bot: alert scope", "err", err)
		return out
	}
	groups, err := a.svc.Stories(ctx, summarize.StoriesRequest{
		Since: now.Add(-a.cfg.Window), Until: now, Topic: al.Topic, MinOutlets: al.MinOutlets, FeedIDs: ids, Scoped: scoped,
	})
	if err != nil {
		log.ErrorContext(ctx, "bot: alert stories", "err", err)
		return out
	}
	for _, g := range groups {
		if ctx.Err() != nil {
			break
		}
		// A story that broke before the alert was set is not news to it;
		// later coverage makes it newer than that.
		if !g.Latest.After(al.CreatedAt) {
			continue
		}
		var articleIDs []string
		for _, art := range g.Articles {
			articleIDs = append(articleIDs, art.ID)
		}
		c, err := a.store.ClaimAlertStory(ctx, al.ID, articleIDs, now, now.Add(-a.cfg.Timeout-alertPostWait))
		if err != nil {
			log.ErrorContext(ctx, "bot: claim alert story", "err", err)
			return out
		}
		switch {
		case c.New && a.cfg.PerTick >= 0 && out.Posted >= a.cfg.PerTick:
			// Posted at a later check, as the news it is then.
			a.release(ctx, log, c.Post.ID)
		case c.New:
			posted, stop := a.postStory(ctx, log, al, g, c.Post.ID, now)
			if posted {
				out.Posted++
			}
			if stop {
				return out
			}
		case len(c.Added) > 0:
			if a.updateStory(ctx, log, al, c.Post, now) {
				out.Updated++
			}
		}
	}
	return out
}

// postStory summarises a claimed story and posts it. stop is set when the
// channel cannot be posted in, so the alert's other stories wait.
func (a *Alerter) postStory(ctx context.Context, log *slog.Logger, al data.Alert, g summarize.StoryGroup, postID int64, now time.Time) (posted, stop bool) {
	inv := Invocation{Command: "alerts", GuildID: al.GuildID, UserID: al.CreatedBy}
	sctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	st, err := a.svc.StorySummary(sctx, g, now, a.h.overBudget(ctx, inv))
	cancel()
	if err != nil {
		log.WarnContext(ctx, "bot: summarise alert story", "err", err)
		a.release(ctx, log, postID)
		return false, false
	}
	a.h.spend(ctx, inv, st.Summary.TokensUsed)
	body := alertBody{Story: st, URL: leadURL(g)}
	arts := newestArticles(g.Articles)
	msgID, err := a.post.PostMessage(ctx, al.ChannelID, alertKey(al.ID, g.Articles), a.h.alertReply(al, body, arts, time.Time{}))
	if err != nil {
		log.WarnContext(ctx, "bot: post alert story", "err", err)
		a.release(ctx, log, postID)
		unusable := errors.Is(err, ErrForbidden) || errors.Is(err, ErrUnknownChannel)
		if unusable {
			a.tellAdmin(ctx, al, err)
		}
		return false, unusable
	}
	raw, err := json.Marshal(body)
	if err == nil {
		err = a.store.SetAlertPost(ctx, postID, msgID, raw)
	}
	if err != nil {
		// The story was posted, but its claim has no message: once
		// abandoned, the next check posts it again, which Discord answers
		// with this message when its nonce is still remembered.
		log.ErrorContext(ctx, "bot: record alert post", "err", err)
	}
	log.InfoContext(ctx, "bot: posted alert story", "article_id", st.ArticleIDs[0], "outlets", len(st.Outlets))
	return true, false
}

// updateStory redraws a posted story with all its articles so far.
func (a *Alerter) updateStory(ctx context.Context, log *slog.Logger, al data.Alert, p data.AlertPost, now time.Time) bool {
	if p.MessageID == "" {
		// Still being posted by another check, or its record failed; the
		// articles are claimed for it and show at its next update.
		return false
	}
	var body alertBody
	if err := json.Unmarshal(p.Body, &body); err != nil {
		log.ErrorContext(ctx, "bot: read alert post", "post_id", p.ID, "err", err)
		return false
	}
	var arts []data.Article
	for _, id := range p.ArticleIDs {
		art, err := a.store.Article(ctx, id)
		if errors.Is(err, data.ErrNotFound) {
			continue // removed since, by retention or by hand
		}
		if err != nil {
			log.ErrorContext(ctx, "bot: read alert story's article", "article_id", id, "err", err)
			return false
		}
		arts = append(arts, art)
	}
	if err := a.post.EditMessage(ctx, al.ChannelID, p.MessageID, a.h.alertReply(al, body, newestArticles(arts), now)); err != nil {
		log.WarnContext(ctx, "bot: update alert story", "post_id", p.ID, "err", err)
		return false
	}
	log.InfoContext(ctx, "bot: updated alert story", "post_id", p.ID, "articles", len(arts))
	return true
}

// release forgets a claimed story that was not posted, so that a later
// check posts it.
func (a *Alerter) release(ctx context.Context, log *slog.Logger, postID int64) {
	if err := a.store.ReleaseAlertPost(ctx, postID); err != nil {
		log.ErrorContext(ctx, "bot: release alert story", "post_id", postID, "err", err)
	}
}

// tellAdmin explains, once per alert and run, to the admin who set the
// alert why its stories cannot be posted.
func (a *Alerter) tellAdmin(ctx context.Context, al data.Alert, err error) {
	a.mu.Lock()
	told := a.told[al.ID]
	a.told[al.ID] = true
	a.mu.Unlock()
	if told || al.CreatedBy == "" {
		return
	}
	why := fmt.Sprintf("I can't post alert #%d's stories in <#%s>: ", al.ID, al.ChannelID)
	if errors.Is(err, ErrForbidden) {
		why += "Missing Access. Give me Send Messages and Embed Links there, or remove the alert with /newsbot-admin alerts remove and add it for another channel."
	} else {
		why += "the channel no longer exists. Remove the alert with /newsbot-admin alerts remove and add it for another channel."
	}
	if err := a.post.DirectMessage(ctx, al.CreatedBy, why); err != nil {
		a.cfg.Logger.WarnContext(ctx, "bot: tell admin about alert failure", "guild_id", al.GuildID, "alert_id", al.ID, "err", err)
	}
}

// alertBody is what an alert post keeps to be redrawn with later
// coverage: the story as first summarised and its lead's address.
type alertBody struct {
	Story summarize.Story `json:"story"`
	URL   string          `json:"url"`
}

// leadURL is the address of a story's most representative article.
func leadURL(g summarize.StoryGroup) string {
	for _, a := range g.Articles {
		if a.URL != "" {
			return a.URL
		}
	}
	return ""
}

// startAlerts makes the bot's alerter and, unless AlertEvery is negative,
// runs its loop until ctx is done; done waits for it.
func (b *Bot) startAlerts(ctx context.Context, done *sync.WaitGroup) {
	b.alerter = NewAlerter(b.h, b.h.svc, b.store, b, AlerterConfig{
		Every: b.cfg.AlertEvery, Window: b.cfg.AlertWindow, Timeout: b.cfg.AlertTimeout, PerTick: b.cfg.AlertsPerTick,
		Owns: b.plan.owns, Now: b.cfg.Now, Logger: b.cfg.Logger,
	})
	if b.cfg.AlertEvery < 0 {
		return
	}
	done.Add(1)
	go func() {
		defer done.Done()
		b.alerter.Run(ctx)
	}()
}
