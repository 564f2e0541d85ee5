package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
)

// FeedStore is what the poller needs of the store.
type FeedStore interface {
	// DueFeeds returns the feeds whose NextPoll is at or before now,
	// disabled ones included (a disabled feed's NextPoll is its next
	// probe). Its errors are the store's.
	DueFeeds(ctx context.Context, now time.Time) ([]data.Feed, error)
	// Feed returns one feed, or an error wrapping data.ErrNotFound; other
	// errors are the store's.
	Feed(ctx context.Context, id int64) (data.Feed, error)
	// UpdateFeed saves f's polling state. It returns an error wrapping
	// data.ErrNotFound when the feed was removed meanwhile; other errors are
	// the store's.
	UpdateFeed(ctx context.Context, f data.Feed) error
}

// Notifier is told when a feed is disabled and when a disabled feed works
// again, so that the servers that follow it can be told. The Poller calls
// it once per change, after the feed's new state is saved, on the
// goroutine that polled the feed; it reports its own failures (it has no
// error to return) and should not hold the poll up for long.
type Notifier interface {
	// FeedDisabled is called when repeated failures have just disabled f;
	// f.LastError says why.
	FeedDisabled(ctx context.Context, f data.Feed)
	// FeedRecovered is called when f, disabled, was fetched and handled
	// successfully and is enabled again.
	FeedRecovered(ctx context.Context, f data.Feed)
}

// ErrBusy is returned by Retry for a feed that is being polled already.
var ErrBusy = errors.New("ingest: the feed is being fetched right now")

// DefaultProbeInterval is Poller.ProbeInterval when it is zero: a disabled
// feed is fetched again 6h after it was disabled, then after 12h, then
// daily.
const DefaultProbeInterval = 6 * time.Hour

// Poller fetches due feeds and records the pollOutcome on each: it schedules,
// fetches conditionally, backs off, disables, probes disabled feeds and
// re-enables those that work again. Parsing and storing are the Handle
// callback's, so the poller does not depend on the parsers.
type Poller struct {
	Store   FeedStore
	Fetcher *fetch.Client
	// Handle parses and stores a fetched feed body; an error counts as a
	// failed poll (e.g. malformed feed) and its message becomes the feed's
	// LastError. It is not called for a 304.
	Handle func(ctx context.Context, f data.Feed, res fetch.Result) error
	// Now is the clock, default time.Now.
	Now func() time.Time
	// Rand is the jitter source in [0,1), default math/rand/v2. It must be
	// safe for concurrent use.
	Rand func() float64
	// MaxFailures is how many consecutive failures disable a feed, default 8.
	MaxFailures int
	// ProbeInterval is how long after being disabled a feed is fetched
	// again to see whether it works; each failed probe doubles the wait,
	// up to a day (or ProbeInterval, when longer). Zero means
	// DefaultProbeInterval; a negative value turns probing off, so that
	// only Retry re-enables a feed.
	ProbeInterval time.Duration
	// Notify, when set, is told when a feed is disabled and when it
	// recovers.
	Notify Notifier
	// Workers bounds concurrent fetches, default 4.
	Workers int
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Leases, when set, shares the feeds with the other processes that
	// poll the same store: PollOnce claims the due feeds a batch (Workers)
	// at a time under Owner instead of listing them, so that each feed is
	// polled by one process at a time, and releases each feed once its
	// poll is saved. Nil polls every due feed, as one process alone does.
	Leases FeedLeaser
	// Owner names this process in Leases; required with Leases, and
	// different in every process.
	Owner string
	// Lease is how long a claimed feed stays this poller's; zero means
	// DefaultLease.
	Lease time.Duration

	mu   sync.Mutex
	busy map[int64]bool // feeds being polled, so that Retry and PollOnce do not poll one twice at once
}

// PollReport counts the pollOutcome of one PollOnce. Polled counts every feed
// fetched, whatever the pollOutcome; NotModified, Failed, Disabled (feeds
// disabled by this poll) and Recovered (disabled feeds that worked again)
// are subsets of it. Errors holds one error per failed feed and per failed
// update.
type PollReport struct {
	Polled, NotModified, Failed, Disabled, Recovered int
	Errors                                           []error
}

const (
	// maxBackoff caps the wait after failures, and a server's Retry-After.
	maxBackoff = 24 * time.Hour
	// jitterFraction spreads polls by ±10% so feeds added together drift apart.
	jitterFraction = 0.1
	// maxLastError bounds the stored error, which may quote a feed's text.
	maxLastError = 500
)

// PollOnce polls every due feed once, concurrently but at most Workers at a
// time, and records the pollOutcome on each feed:
//   - success: Failures = 0, LastSuccess, ETag/LastModified, NextPoll = now +
//     Interval ± 10% jitter;
//   - 304: the same, without calling Handle;
//   - failure: Failures++, LastError = the reason, NextPoll = now + backoff
//     (Interval × 2^(Failures-1), capped at 24h, ± jitter), or the server's
//     Retry-After if longer; after MaxFailures consecutive failures the feed
//     is Disabled with LastError "disabled after N failures: reason", and
//     its NextPoll is its first probe (now + ProbeInterval);
//   - a disabled feed that is due is probed: on success it is enabled
//     again as above; on failure its next probe is twice as far off as the
//     last, up to a day.
//
// Notify is told of each feed disabled or recovered. With Leases, the due
// feeds are those no other process holds, claimed a batch at a time and
// each released once its state is saved (or its poll cut short).
//
// It returns an error only when the due feeds cannot be listed; per-feed
// failures are in the report. When ctx ends it stops starting fetches, and
// feeds whose fetch was cut short are left untouched.
func (p *Poller) PollOnce(ctx context.Context) (PollReport, error) {
	if p.Store == nil || p.Fetcher == nil || p.Handle == nil {
		return PollReport{}, errors.New("ingest: poller: Store, Fetcher and Handle must be set")
	}
	if err := p.checkLeases(); err != nil {
		return PollReport{}, err
	}
	workers := p.Workers
	if workers <= 0 {
		workers = 4
	}
	src := &feedSource{p: p, batch: workers}
	feeds, err := src.next(ctx)
	if err != nil {
		return PollReport{}, fmt.Errorf("ingest: poll: list due feeds: %w", err)
	}

	var (
		mu     sync.Mutex
		report PollReport
		wg     sync.WaitGroup
		jobs   = make(chan data.Feed)
	)
	for range min(workers, len(feeds)) {
		wg.Go(func() {
			for f := range jobs {
				o := p.pollFeedOnce(ctx, f)
				p.release(ctx, f.ID)
				mu.Lock()
				report.add(o)
				mu.Unlock()
			}
		})
	}
	for len(feeds) > 0 {
		if sent := p.send(ctx, jobs, feeds); sent < len(feeds) {
			for _, f := range feeds[sent:] {
				p.release(ctx, f.ID)
			}
			break
		}
		if feeds, err = src.next(ctx); err != nil {
			mu.Lock()
			report.Errors = append(report.Errors, fmt.Errorf("ingest: poll: claim due feeds: %w", err))
			mu.Unlock()
		}
	}
	close(jobs)
	wg.Wait()
	return report, nil
}

// send hands feeds to the workers, skipping disabled ones when probing is
// off, and returns how many it dealt with: fewer than len(feeds) when ctx
// ended first.
func (p *Poller) send(ctx context.Context, jobs chan<- data.Feed, feeds []data.Feed) int {
	for i, f := range feeds {
		if f.Disabled && p.ProbeInterval < 0 {
			p.release(ctx, f.ID)
			continue
		}
		select {
		case jobs <- f:
		case <-ctx.Done():
			return i
		}
	}
	return len(feeds)
}

// pollOutcome is what happened to one feed.
type pollOutcome struct {
	skipped, notModified, failed, disabled, recovered bool
	errs                                              []error
	feed                                              data.Feed // its new state
}

func (r *PollReport) add(o pollOutcome) {
	if o.skipped {
		return
	}
	r.Polled++
	if o.notModified {
		r.NotModified++
	}
	if o.failed {
		r.Failed++
	}
	if o.disabled {
		r.Disabled++
	}
	if o.recovered {
		r.Recovered++
	}
	r.Errors = append(r.Errors, o.errs...)
}

// pollFeedOnce polls f unless it is being polled already, in which case it
// is skipped.
func (p *Poller) pollFeedOnce(ctx context.Context, f data.Feed) pollOutcome {
	if !p.claim(f.ID) {
		return pollOutcome{skipped: true}
	}
	defer p.unclaim(f.ID)
	return p.pollFeed(ctx, f)
}

// claim marks the feed id as being polled; it returns false when it is
// already.
func (p *Poller) claim(id int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.busy[id] {
		return false
	}
	if p.busy == nil {
		p.busy = map[int64]bool{}
	}
	p.busy[id] = true
	return true
}

func (p *Poller) unclaim(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.busy, id)
}

// Retry polls the feed id at once, whatever its schedule or state: an
// admin's "try again now". A disabled feed that works is enabled again
// (and Notify told); one that fails stays disabled, its next probe counted
// from now. It returns the feed's new state and, when the poll failed, its
// error, which wraps a *fetch.Error when the feed could not be fetched. It
// returns an error wrapping data.ErrNotFound for an unknown feed and
// ErrBusy for a feed being polled already, here or, with Leases, by
// another process; other errors are the store's.
func (p *Poller) Retry(ctx context.Context, id int64) (data.Feed, error) {
	if p.Store == nil || p.Fetcher == nil || p.Handle == nil {
		return data.Feed{}, errors.New("ingest: retry feed: Store, Fetcher and Handle must be set")
	}
	if err := p.checkLeases(); err != nil {
		return data.Feed{}, err
	}
	if !p.claim(id) {
		return data.Feed{}, fmt.Errorf("ingest: retry feed %d: %w", id, ErrBusy)
	}
	defer p.unclaim(id)
	if err := p.claimOne(ctx, id); err != nil {
		return data.Feed{}, fmt.Errorf("ingest: retry feed %d: %w", id, err)
	}
	defer p.release(ctx, id)
	f, err := p.Store.Feed(ctx, id)
	if err != nil {
		return data.Feed{}, fmt.Errorf("ingest: retry feed %d: %w", id, err)
	}
	o := p.pollFeed(ctx, f)
	if o.skipped {
		return f, fmt.Errorf("ingest: retry feed %d: %w", id, context.Cause(ctx))
	}
	return o.feed, errors.Join(o.errs...)
}

// pollFeed fetches one feed, hands a new body to Handle, saves the feed's
// new state and tells Notify when the feed was disabled or recovered.
func (p *Poller) pollFeed(ctx context.Context, f data.Feed) pollOutcome {
	log := p.logger().With("feed_id", f.ID, "url", fetch.RedactURL(f.URL))
	res, err := p.Fetcher.Fetch(ctx, fetch.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified})
	if err == nil && !res.NotModified {
		if herr := p.Handle(ctx, f, res); herr != nil {
			err = fmt.Errorf("ingest: poll feed %d: handle: %w", f.ID, herr)
		}
	}
	if ctx.Err() != nil {
		// Shutting down: a fetch cut short says nothing about the feed.
		return pollOutcome{skipped: true}
	}

	now := p.now()
	f.LastPolled = now
	wasDisabled := f.Disabled
	o := pollOutcome{notModified: err == nil && res.NotModified}
	if err == nil {
		f.Disabled = false
		o.recovered = wasDisabled
		f.Failures = 0
		f.LastError = ""
		f.LastSuccess = now
		f.ETag, f.LastModified = res.ETag, res.LastModified
		f.NextPoll = now.Add(p.jitter(feedInterval(f)))
		log.Debug("ingest: polled feed", "not_modified", res.NotModified, "next_poll", f.NextPoll)
	} else {
		o.failed = true
		o.errs = append(o.errs, err)
		p.recordFailure(&f, now, err)
		o.disabled = f.Disabled && !wasDisabled
		log.Warn("ingest: feed poll failed", "failures", f.Failures, "disabled", f.Disabled, "reason", f.LastError, "next_poll", f.NextPoll)
	}
	o.feed = f
	if uerr := p.Store.UpdateFeed(ctx, f); uerr != nil {
		o.errs = append(o.errs, fmt.Errorf("ingest: poll feed %d: save state: %w", f.ID, uerr))
		log.Error("ingest: saving feed state failed", "err", uerr)
		// Unsaved, the change did not happen: the next poll finds the
		// feed as it was and tells then.
		return o
	}
	if p.Notify != nil {
		switch {
		case o.disabled:
			log.Info("ingest: feed disabled", "failures", f.Failures, "next_poll", f.NextPoll)
			p.Notify.FeedDisabled(ctx, f)
		case o.recovered:
			log.Info("ingest: disabled feed works again")
			p.Notify.FeedRecovered(ctx, f)
		}
	}
	return o
}

// recordFailure sets f's state after a failed poll at now.
func (p *Poller) recordFailure(f *data.Feed, now time.Time, err error) {
	reason := err.Error()
	var wait time.Duration
	var fe *fetch.Error
	if errors.As(err, &fe) {
		reason = fe.Reason
		wait = min(fe.RetryAfter, maxBackoff)
	} else if cause := errors.Unwrap(err); cause != nil {
		// A Handle error: keep the callback's own message, not our prefix.
		reason = cause.Error()
	}
	f.Failures++
	f.LastError = truncateReason(reason, maxLastError)
	maxFailures := p.MaxFailures
	if maxFailures <= 0 {
		maxFailures = 8
	}
	if f.Failures >= maxFailures {
		f.Disabled = true
		f.LastError = truncateReason(fmt.Sprintf("disabled after %d failures: %s", f.Failures, reason), maxLastError)
		// The probes: after ProbeInterval, and twice as long after each
		// one that fails.
		wait = max(wait, p.jitter(probeBackoff(p.probeInterval(), f.Failures-maxFailures)))
	} else {
		wait = max(wait, p.jitter(failureBackoff(feedInterval(*f), f.Failures)))
	}
	f.NextPoll = now.Add(wait)
}

// probeInterval is ProbeInterval or its default; for probing turned off it
// is the default too, which only schedules a NextPoll nobody acts on.
func (p *Poller) probeInterval() time.Duration {
	if p.ProbeInterval <= 0 {
		return DefaultProbeInterval
	}
	return p.ProbeInterval
}

// probeBackoff returns the wait before the probe that follows failed
// probes: interval × 2^failed, capped at a day or at interval when longer.
func probeBackoff(interval time.Duration, failed int) time.Duration {
	limit := max(maxBackoff, interval)
	d := interval
	for i := 0; i < failed && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// failureBackoff returns interval × 2^(failures-1), capped at maxBackoff.
func failureBackoff(interval time.Duration, failures int) time.Duration {
	d := interval
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// feedInterval is f's interval, or DefaultFeedInterval for a feed that has
// none (the store gives every feed one; other FeedStores may not).
func feedInterval(f data.Feed) time.Duration {
	if f.Interval <= 0 {
		return data.DefaultFeedInterval
	}
	return f.Interval
}

// jitter returns d moved by up to ±10%.
func (p *Poller) jitter(d time.Duration) time.Duration {
	r := rand.Float64
	if p.Rand != nil {
		r = p.Rand
	}
	return d + time.Duration((r()*2-1)*jitterFraction*float64(d))
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) logger() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// truncateReason cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncateReason(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// Run calls PollOnce at once and then every tick (default 1 minute) until
// ctx is done. Failures are logged, not returned, so one bad poll does not
// stop the loop. All goroutines have ended when Run returns; it returns nil
// when ctx is done.
func (p *Poller) Run(ctx context.Context, tick time.Duration) error {
	if tick <= 0 {
		tick = time.Minute
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		rep, err := p.PollOnce(ctx)
		if err != nil && ctx.Err() == nil {
			p.logger().Error("ingest: feed poll failed", "err", err)
		} else if rep.Polled > 0 {
			p.logger().Info("ingest: polled feeds", "polled", rep.Polled, "not_modified", rep.NotModified,
				"failed", rep.Failed, "disabled", rep.Disabled, "recovered", rep.Recovered)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			// A tick and the cancel may both be ready; select picks either.
			if ctx.Err() != nil {
				return nil
			}
		}
	}
}
