package bot_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"golang.org/x/time/rate"
)

// limiterKinds makes limiters of the process's own buckets and of a store's:
// both must keep the same limits.
var limiterKinds = []struct {
	name string
	make func(t *testing.T, userRate rate.Limit, userBurst int, guildRate rate.Limit, guildBurst int) allower
}{
	{"process", func(_ *testing.T, ur rate.Limit, ub int, gr rate.Limit, gb int) allower {
		return bot.NewLimiter(ur, ub, gr, gb)
	}},
	{"store", func(t *testing.T, ur rate.Limit, ub int, gr rate.Limit, gb int) allower {
		return bot.NewStoreLimiter(openLimitStore(t), ur, ub, gr, gb)
	}},
}

// allower is a limiter as the tests see it.
type allower interface {
	Allow(user, guild string, now time.Time) string
}

// openLimitStore opens a new SQLite store, closed when t ends.
func openLimitStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.OpenStore(t.Context(), filepath.Join(t.TempDir(), "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLimiter(t *testing.T) {
	for _, kind := range limiterKinds {
		t.Run(kind.name, func(t *testing.T) {
			t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			l := kind.make(t, rate.Every(10*time.Second), 3, rate.Every(time.Second), 5)
			for i := 0; i < 3; i++ {
				if why := l.Allow("u1", "g1", t0); why != "" {
					t.Fatalf("request %d sent offline: %s", i, why)
				}
			}
			const userWait = "You're asking quickly, so this answer quotes the articles directly; the AI answers you again in "
			if why := l.Allow("u1", "g1", t0); why != userWait+"10 s." {
				t.Fatalf("4th request: %q", why)
			}
			// Another user in the same server still has a turn.
			if why := l.Allow("u2", "g1", t0); why != "" {
				t.Fatalf("other user sent offline: %s", why)
			}
			// An offline reply takes no token: after 10s exactly one more goes to the model.
			if why := l.Allow("u1", "g1", t0.Add(10*time.Second)); why != "" {
				t.Fatalf("sent offline after the bucket refilled: %s", why)
			}
			if why := l.Allow("u1", "g1", t0.Add(11*time.Second)); why != userWait+"9 s." {
				t.Fatalf("second after refill: %q", why)
			}
			// The server's bucket (burst 2) runs out across users.
			l2 := kind.make(t, rate.Every(10*time.Second), 3, rate.Every(2*time.Second), 2)
			l2.Allow("a", "g", t0)
			l2.Allow("b", "g", t0)
			if why := l2.Allow("c", "g", t0); why != "Many questions are coming in here, so this answer quotes the articles directly; the AI answers again in 2 s." {
				t.Fatalf("server bucket: %q", why)
			}
			// c's own bucket was not charged for the offline reply.
			for i := 0; i < 3; i++ {
				if why := l2.Allow("c", "other"+string(rune('0'+i)), t0); why != "" {
					t.Fatalf("c's request %d in another server sent offline: %s", i, why)
				}
			}
			// Only the member's bucket: no server is charged or asked.
			l3 := kind.make(t, rate.Every(10*time.Second), 1, 0, 0)
			if why := l3.Allow("d", "g", t0); why != "" {
				t.Fatalf("member-only limit, first request: %s", why)
			}
			if why := l3.Allow("d", "h", t0); why != userWait+"10 s." {
				t.Fatalf("member-only limit, second request: %q", why)
			}
		})
	}
}

// TestStoreLimitersShareBuckets: two processes' limiters over one store
// keep one bucket per member and per server between them.
func TestStoreLimitersShareBuckets(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	store := openLimitStore(t)
	a := bot.NewStoreLimiter(store, rate.Every(10*time.Second), 2, rate.Every(time.Minute), 3)
	b := bot.NewStoreLimiter(store, rate.Every(10*time.Second), 2, rate.Every(time.Minute), 3)
	// The member asks in a server of each process.
	if why := a.Allow("u1", "g1", t0); why != "" {
		t.Fatalf("first request, in A: %s", why)
	}
	if why := b.Allow("u1", "g2", t0); why != "" {
		t.Fatalf("second request, in B: %s", why)
	}
	if why := a.Allow("u1", "g3", t0); why != "You're asking quickly, so this answer quotes the articles directly; the AI answers you again in 10 s." {
		t.Fatalf("third request, in A, with the member's burst of 2 spent across A and B: %q", why)
	}
	// A server whose shard moved from A to B keeps its bucket.
	a.Allow("u2", "g1", t0)
	a.Allow("u3", "g1", t0)
	if why := b.Allow("u4", "g1", t0); why != "Many questions are coming in here, so this answer quotes the articles directly; the AI answers again in 60 s." {
		t.Fatalf("server's 4th request, in B: %q", why)
	}
}

// failingRateStore is the real store's rate limits until fail is set, as
// when the database goes away or is slow under a burst.
type failingRateStore struct {
	*data.Store
	fail atomic.Bool
}

var _ bot.RateStore = (*failingRateStore)(nil)

func (s *failingRateStore) TakeTokens(ctx context.Context, now time.Time, buckets ...data.Bucket) (int, time.Duration, error) {
	if s.fail.Load() {
		return -1, 0, context.DeadlineExceeded
	}
	return s.Store.TakeTokens(ctx, now, buckets...)
}

// TestStoreLimiterFallsBackToWhatItSpent: when the store fails, the
// process's own buckets decide from what the store gave this process, not
// from full, so a burst spent through the store is not given again.
func TestStoreLimiterFallsBackToWhatItSpent(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	store := &failingRateStore{Store: openLimitStore(t)}
	l := bot.NewStoreLimiter(store, rate.Every(10*time.Second), 2, rate.Every(time.Minute), 3)
	for i := range 2 {
		if why := l.Allow("u1", "g1", t0); why != "" {
			t.Fatalf("request %d with the store working: %s", i+1, why)
		}
	}
	// Another process spent the server's last token.
	if _, err := store.TakeToken(t.Context(), "guild:g1", t0, time.Minute, 3); err != nil {
		t.Fatal(err)
	}
	store.fail.Store(true)
	if why := l.Allow("u1", "g1", t0); why != "You're asking quickly, so this answer quotes the articles directly; the AI answers you again in 10 s." {
		t.Fatalf("member's 3rd request with the store failing: %q", why)
	}
	// The process's own server bucket knows only its own 2 of 3 tokens.
	if why := l.Allow("u2", "g1", t0); why != "" {
		t.Fatalf("another member with the store failing: %q", why)
	}
	if why := l.Allow("u3", "g1", t0); why != "Many questions are coming in here, so this answer quotes the articles directly; the AI answers again in 60 s." {
		t.Fatalf("server's 4th request by this process with the store failing: %q", why)
	}
}
