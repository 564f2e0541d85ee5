package data_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// limitsT0 is the clock of the rate limits' tests.
var limitsT0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// takeFunc is TakeTokens or its test hook TakeTokensInTransaction.
type takeFunc func(s *data.Store, ctx context.Context, now time.Time, buckets ...data.Bucket) (int, time.Duration, error)

// eachTake runs fn as a subtest per backend and per way of taking: through
// TakeTokens, where a read sees most empty buckets, and with every take
// decided in the transaction.
func eachTake(t *testing.T, fn func(t *testing.T, be backend, take takeFunc)) {
	t.Helper()
	for _, w := range []struct {
		name string
		take takeFunc
	}{
		{"read first", (*data.Store).TakeTokens},
		{"in the transaction", (*data.Store).TakeTokensInTransaction},
	} {
		t.Run(w.name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, be backend) { fn(t, be, w.take) })
		})
	}
}

// takeAt takes a token of key (one every 10s, 3 at most) at t0+at and
// returns the wait.
func takeAt(t *testing.T, s *data.Store, take takeFunc, key string, at time.Duration) time.Duration {
	t.Helper()
	refused, wait, err := take(s, t.Context(), limitsT0.Add(at), data.Bucket{Key: key, Interval: 10 * time.Second, Burst: 3})
	if err != nil {
		t.Fatalf("take(%s, +%v): %v", key, at, err)
	}
	if (refused == -1) != (wait == 0) {
		t.Fatalf("take(%s, +%v) = %d, %v: a refusal without a wait, or a wait without one", key, at, refused, wait)
	}
	return wait
}

func TestTakeTokenBurstThenRefill(t *testing.T) {
	eachTake(t, func(t *testing.T, be backend, take takeFunc) {
		s, _ := be.open(t)
		for i := range 3 {
			if w := takeAt(t, s, take, "user:1", 0); w != 0 {
				t.Fatalf("token %d of the burst refused, wait %v", i+1, w)
			}
		}
		if w := takeAt(t, s, take, "user:1", 0); w != 10*time.Second {
			t.Fatalf("4th token at once: wait %v, want 10s", w)
		}
		// A refused take takes nothing: the wait is still counted from
		// the third token.
		if w := takeAt(t, s, take, "user:1", 4*time.Second); w != 6*time.Second {
			t.Fatalf("at +4s: wait %v, want 6s", w)
		}
		// Another key is another bucket.
		if w := takeAt(t, s, take, "user:2", 0); w != 0 {
			t.Fatalf("other key refused, wait %v", w)
		}
		// One token comes back per interval: one more at +10s, none at +11s.
		if w := takeAt(t, s, take, "user:1", 10*time.Second); w != 0 {
			t.Fatalf("at +10s refused, wait %v", w)
		}
		if w := takeAt(t, s, take, "user:1", 11*time.Second); w != 9*time.Second {
			t.Fatalf("at +11s: wait %v, want 9s", w)
		}
		// Idle for longer than the burst takes to fill, the bucket is full
		// again, and no fuller than burst.
		for i := range 3 {
			if w := takeAt(t, s, take, "user:1", time.Hour); w != 0 {
				t.Fatalf("after an hour, token %d refused, wait %v", i+1, w)
			}
		}
		if w := takeAt(t, s, take, "user:1", time.Hour); w != 10*time.Second {
			t.Fatalf("after an hour, 4th token: wait %v, want 10s", w)
		}
		// TakeToken is one bucket's TakeTokens.
		if w, err := s.TakeToken(t.Context(), "user:1", limitsT0.Add(time.Hour+time.Second), 10*time.Second, 3); err != nil || w != 9*time.Second {
			t.Fatalf("TakeToken = %v, %v; want 9s", w, err)
		}
	})
}

func TestTakeTokensAllOrNothing(t *testing.T) {
	eachTake(t, func(t *testing.T, be backend, takeFn takeFunc) {
		s, _ := be.open(t)
		ctx := t.Context()
		user := func(id string) data.Bucket {
			return data.Bucket{Key: "user:" + id, Interval: 10 * time.Second, Burst: 2}
		}
		server := data.Bucket{Key: "guild:g", Interval: 5 * time.Second, Burst: 1}
		take := func(bs ...data.Bucket) (int, time.Duration) {
			t.Helper()
			i, w, err := takeFn(s, ctx, limitsT0, bs...)
			if err != nil {
				t.Fatal(err)
			}
			return i, w
		}
		if i, w := take(user("a"), server); i != -1 || w != 0 {
			t.Fatalf("first take: refused %d, wait %v", i, w)
		}
		// The server's bucket is empty: b's token is given back.
		if i, w := take(user("b"), server); i != 1 || w != 5*time.Second {
			t.Fatalf("with the server empty: refused %d, wait %v; want 1, 5s", i, w)
		}
		for n := range 2 {
			if i, w := take(user("b")); i != -1 {
				t.Fatalf("b's own token %d refused (wait %v): the refused take spent it", n+1, w)
			}
		}
		if i, _ := take(user("b")); i != 0 {
			t.Fatalf("b's 3rd token taken, burst is 2")
		}
		// An empty user's bucket spends nothing of the server's, and is
		// the one named although the server's is empty too.
		other := data.Bucket{Key: "guild:h", Interval: 5 * time.Second, Burst: 1}
		if i, w := take(user("b"), other); i != 0 || w != 10*time.Second {
			t.Fatalf("b over their rate: refused %d, wait %v; want 0, 10s", i, w)
		}
		if i, _ := take(other); i != -1 {
			t.Fatal("the other server's token was spent by a refused take")
		}
		if i, w := take(user("c"), server, other); i != 1 || w != 5*time.Second {
			t.Fatalf("both servers empty: refused %d, wait %v; want the first, 1", i, w)
		}
	})
}

func TestTakeTokensRefusesBadBuckets(t *testing.T) {
	s, _ := openTestStore(t)
	for _, bs := range [][]data.Bucket{
		{{Key: "", Interval: time.Second, Burst: 1}},
		{{Key: "k", Interval: 0, Burst: 1}},
		{{Key: "k", Interval: time.Second, Burst: 0}},
		{{Key: "k", Interval: data.MaxBucketSpan, Burst: 2}},
		{{Key: "k", Interval: time.Second, Burst: 1}, {Key: "k", Interval: time.Second, Burst: 1}},
	} {
		if i, w, err := s.TakeTokens(t.Context(), limitsT0, bs...); err == nil {
			t.Errorf("TakeTokens(%+v) = %d, %v; want an error", bs, i, w)
		}
	}
	if i, w, err := s.TakeTokens(t.Context(), limitsT0); i != -1 || w != 0 || err != nil {
		t.Errorf("TakeTokens of no bucket = %d, %v, %v; want -1, 0, nil", i, w, err)
	}
}

// TestTakeTokenConcurrentlyAcrossHandles: 20 takes at once of one bucket
// of 5, through two handles as two processes would, get 5 tokens.
func TestTakeTokenConcurrentlyAcrossHandles(t *testing.T) {
	eachTake(t, func(t *testing.T, be backend, take takeFunc) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		const takers, burst = 20, 5
		var got atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range takers {
			st := []*data.Store{s, other}[i%2]
			wg.Go(func() {
				<-start
				// Each taker also takes from a bucket of its own, given
				// before or after the shared one, so the transactions
				// hold two rows, named in either order.
				own := data.Bucket{Key: fmt.Sprintf("user:%02d", i), Interval: time.Hour, Burst: 1}
				shared := data.Bucket{Key: "guild:busy", Interval: time.Hour, Burst: burst}
				bs := []data.Bucket{shared, own}
				if i%4 < 2 {
					bs = []data.Bucket{own, shared}
				}
				refused, _, err := take(st, t.Context(), limitsT0, bs...)
				if err != nil {
					t.Errorf("taker %d: %v", i, err)
					return
				}
				if refused == -1 {
					got.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if n := got.Load(); n != burst {
			t.Errorf("%d takers got a token, want %d", n, burst)
		}
	})
}

// TestTakeTokenDeletesFullBuckets: rows of buckets that have filled are
// deleted by later takes, so the table holds about the buckets in use.
func TestTakeTokenDeletesFullBuckets(t *testing.T) {
	eachTake(t, func(t *testing.T, be backend, take takeFunc) {
		s, _ := be.open(t)
		rows := func() int {
			t.Helper()
			var n int
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM rate_buckets`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for i := range 50 {
			takeAt(t, s, take, fmt.Sprint("user:old", i), 0)
		}
		if n := rows(); n != 50 {
			t.Fatalf("%d rows after 50 members asked, want 50", n)
		}
		// An hour later every old bucket is full: ten members asking
		// delete them all and leave their own ten.
		for i := range 10 {
			takeAt(t, s, take, fmt.Sprint("user:new", i), time.Hour)
		}
		if n := rows(); n != 10 {
			t.Errorf("%d rows after the old buckets filled and 10 members asked, want 10", n)
		}
		// A deleted bucket is full, as it was.
		for i := range 3 {
			if w := takeAt(t, s, take, "user:old0", time.Hour); w != 0 {
				t.Fatalf("old member's token %d refused, wait %v", i+1, w)
			}
		}
	})
}
