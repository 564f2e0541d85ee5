package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsbot/newsbot/data"
)

// FeedLeaser leases feeds to one poller at a time, for a store that several
// processes poll. *data.Store is one.
type FeedLeaser interface {
	// ClaimDueFeeds leases to owner, until now+lease, up to limit of the
	// feeds due at now whose lease is free or expired, most overdue first,
	// and returns them; concurrent claims never return the same feed. Its
	// errors are the store's.
	ClaimDueFeeds(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]data.Feed, error)
	// ClaimFeed leases the feed id to owner, due or not, unless another
	// owner holds it, and reports whether owner does. It returns an error
	// wrapping data.ErrNotFound for an unknown feed; other errors are the
	// store's.
	ClaimFeed(ctx context.Context, id int64, now time.Time, owner string, lease time.Duration) (bool, error)
	// ReleaseFeed ends owner's lease on the feed id, if owner still holds
	// it. Its errors are the store's.
	ReleaseFeed(ctx context.Context, id int64, owner string) error
}

// DefaultLease is Poller.Lease when it is zero: how long a claimed feed is
// held for one poller. It must outlast a poll (the fetch, and Handle's
// work), or another process polls the feed too; a poller that dies holds
// its feeds at most that long.
const DefaultLease = 10 * time.Minute

// releaseTimeout bounds releasing a lease once the poll's context ended:
// a lease left held only delays the feed's next poll until it expires.
const releaseTimeout = 5 * time.Second

// feedSource hands PollOnce the feeds to poll, a batch at a time; an empty
// batch ends the round.
type feedSource struct {
	p     *Poller
	batch int
	done  bool
	// seen is the feeds claimed this round: one whose poll could not be
	// saved is due still, and is left for the next round rather than
	// claimed again and again.
	seen map[int64]bool
}

// next returns the next batch of due feeds: all of them at once, without
// Leases; with Leases, up to batch feeds claimed under Owner, so that a
// lease starts shortly before its feed's poll and other processes claim
// the rest meanwhile.
func (s *feedSource) next(ctx context.Context) ([]data.Feed, error) {
	if s.done {
		return nil, nil
	}
	p := s.p
	if p.Leases == nil {
		s.done = true
		return p.Store.DueFeeds(ctx, p.now())
	}
	claimed, err := p.Leases.ClaimDueFeeds(ctx, p.now(), p.Owner, p.lease(), s.batch)
	if s.seen == nil {
		s.seen = map[int64]bool{}
	}
	var feeds []data.Feed
	for _, f := range claimed {
		if s.seen[f.ID] {
			p.release(ctx, f.ID)
			continue
		}
		s.seen[f.ID] = true
		feeds = append(feeds, f)
	}
	if len(feeds) == 0 {
		s.done = true
	}
	return feeds, err
}

func (p *Poller) lease() time.Duration {
	if p.Lease <= 0 {
		return DefaultLease
	}
	return p.Lease
}

// checkLeases reports a Poller whose Leases lack an Owner.
func (p *Poller) checkLeases() error {
	if p.Leases != nil && p.Owner == "" {
		return errors.New("ingest: poller: Leases need an Owner")
	}
	return nil
}

// claimOne leases the feed id to this poller for Retry, when it leases
// feeds; it fails with ErrBusy when another process holds the feed.
func (p *Poller) claimOne(ctx context.Context, id int64) error {
	if p.Leases == nil {
		return nil
	}
	ok, err := p.Leases.ClaimFeed(ctx, id, p.now(), p.Owner, p.lease())
	if err != nil {
		return err
	}
	if !ok {
		return ErrBusy
	}
	return nil
}

// release ends this poller's lease on the feed id, when it leases feeds;
// also after ctx ended, so that another process can poll the feed at once.
// A failure is logged: the lease then runs out by itself.
func (p *Poller) release(ctx context.Context, id int64) {
	if p.Leases == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if err := p.Leases.ReleaseFeed(ctx, id, p.Owner); err != nil {
		p.logger().Warn("ingest: releasing feed lease failed", "feed_id", id, "err", fmt.Errorf("ingest: release feed %d: %w", id, err))
	}
}
