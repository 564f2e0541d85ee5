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
	// DueFeeds returns the enabled feeds whose NextPoll is at or before now.
	// Its errors are the store's.
	DueFeeds(ctx context.Context, now time.Time) ([]data.Feed, error)
	// UpdateFeed saves f's polling state. It returns an error wrapping
	// data.ErrNotFound when the feed was removed meanwhile; other errors are
	// the store's.
	UpdateFeed(ctx context.Context, f data.Feed) error
}

// Poller fetches due feeds and records the pollOutcome on each: it schedules,
// fetches conditionally, backs off and disables. Parsing and storing are the
// Handle callback's, so the poller does not depend on the parsers.
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
	// Workers bounds concurrent fetches, default 4.
	Workers int
	// Logger defaults to discarding.
	Logger *slog.Logger
}

// PollReport counts the pollOutcome of one PollOnce. Polled counts every feed
// fetched, whatever the pollOutcome; NotModified, Failed and Disabled are subsets
// of it. Errors holds one error per failed feed and per failed update.
type PollReport struct {
	Polled, NotModified, Failed, Disabled int
	Errors                                []error
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
//     is Disabled with LastError "disabled after N failures: reason".
//
// It returns an error only when the due feeds cannot be listed; per-feed
// failures are in the report. When ctx ends it stops starting fetches, and
// feeds whose fetch was cut short are left untouched.
func (p *Poller) PollOnce(ctx context.Context) (PollReport, error) {
	if p.Store == nil || p.Fetcher == nil || p.Handle == nil {
		return PollReport{}, errors.New("ingest: poller: Store, Fetcher and Handle must be set")
	}
	feeds, err := p.Store.DueFeeds(ctx, p.now())
	if err != nil {
		return PollReport{}, fmt.Errorf("ingest: poll: list due feeds: %w", err)
	}

	var (
		mu     sync.Mutex
		report PollReport
		wg     sync.WaitGroup
		jobs   = make(chan data.Feed)
	)
	workers := p.Workers
	if workers <= 0 {
		workers = 4
	}
	for range min(workers, len(feeds)) {
		wg.Go(func() {
			for f := range jobs {
				o := p.pollFeed(ctx, f)
				mu.Lock()
				report.add(o)
				mu.Unlock()
			}
		})
	}
send:
	for _, f := range feeds {
		if f.Disabled {
			continue
		}
		select {
		case jobs <- f:
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	return report, nil
}

// pollOutcome is what happened to one feed.
type pollOutcome struct {
	skipped, notModified, failed, disabled bool
	errs                                   []error
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
	r.Errors = append(r.Errors, o.errs...)
}

// pollFeed fetches one feed, hands a new body to Handle and saves the feed's
// new state.
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
	o := pollOutcome{notModified: err == nil && res.NotModified}
	if err == nil {
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
		o.disabled = f.Disabled
		log.Warn("ingest: feed poll failed", "failures", f.Failures, "disabled", f.Disabled, "reason", f.LastError, "next_poll", f.NextPoll)
	}
	if uerr := p.Store.UpdateFeed(ctx, f); uerr != nil {
		o.errs = append(o.errs, fmt.Errorf("ingest: poll feed %d: save state: %w", f.ID, uerr))
		log.Error("ingest: saving feed state failed", "err", uerr)
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
	wait = max(wait, p.jitter(failureBackoff(feedInterval(*f), f.Failures)))
	f.NextPoll = now.Add(wait)
	f.LastError = truncateReason(reason, maxLastError)
	maxFailures := p.MaxFailures
	if maxFailures <= 0 {
		maxFailures = 8
	}
	if f.Failures >= maxFailures {
		f.Disabled = true
		f.LastError = truncateReason(fmt.Sprintf("disabled after %d failures: %s", f.Failures, reason), maxLastError)
	}
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
				"failed", rep.Failed, "disabled", rep.Disabled)
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
