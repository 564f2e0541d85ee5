package data_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

func TestClaimIdentifyLeasesABucketUntilReleasedAndRested(t *testing.T) {
	const hold, rest = time.Minute, 5 * time.Second
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		other := be.reopen(t, target)
		ctx := t.Context()
		claim := func(st *data.Store, bucket int, owner string, at time.Duration, want time.Duration) {
			t.Helper()
			got, err := st.ClaimIdentify(ctx, bucket, owner, storeT0.Add(at), hold)
			if err != nil {
				t.Fatalf("%s claims bucket %d at +%v: %v", owner, bucket, at, err)
			}
			if got != want {
				t.Errorf("%s claims bucket %d at +%v: wait %v, want %v", owner, bucket, at, got, want)
			}
		}
		release := func(st *data.Store, bucket int, owner string, next time.Duration) {
			t.Helper()
			if err := st.ReleaseIdentify(ctx, bucket, owner, storeT0.Add(next)); err != nil {
				t.Fatalf("%s releases bucket %d: %v", owner, bucket, err)
			}
		}

		claim(s, 0, "a", 0, 0)
		// Held: another process, and a's own next shard, wait for the
		// hold at most.
		claim(other, 0, "b", 0, hold)
		claim(s, 0, "a", time.Second, hold-time.Second)
		// Another bucket is not held.
		claim(other, 1, "b", 0, 0)

		// Released when a's IDENTIFY was answered at +1s: the bucket rests
		// until +6s, and is b's then.
		release(s, 0, "a", time.Second+rest)
		claim(other, 0, "b", 2*time.Second, 4*time.Second)
		claim(other, 0, "b", time.Second+rest, 0)

		// b never releases bucket 1 (it died): its lease expires, and c's
		// claim is not undone by b's late release.
		claim(s, 1, "c", hold-time.Nanosecond, time.Nanosecond)
		claim(s, 1, "c", hold, 0)
		release(other, 1, "b", 0)
		claim(s, 1, "d", hold+time.Second, hold-time.Second)
	})
}

func TestClaimIdentifyGivesEachWindowToOneClaimant(t *testing.T) {
	const hold, claimants, rounds = 5 * time.Second, 8, 6
	eachBackend(t, func(t *testing.T, be backend) {
		s, target := be.open(t)
		stores := []*data.Store{s, be.reopen(t, target)}
		ctx := t.Context()
		for r := range rounds {
			// Every claimant of a round claims at the same moment, a hold
			// after the last round's: exactly one gets it, in each of two
			// buckets, and the others wait out the winner's hold.
			now := storeT0.Add(time.Duration(r) * hold)
			var (
				mu      sync.Mutex
				winners = map[int][]string{}
				wg      sync.WaitGroup
			)
			for c := range claimants {
				owner, bucket := fmt.Sprintf("process-%d", c), c%2
				wg.Go(func() {
					wait, err := stores[c%len(stores)].ClaimIdentify(ctx, bucket, owner, now, hold)
					if err != nil {
						t.Errorf("round %d: %s: %v", r, owner, err)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					switch wait {
					case 0:
						winners[bucket] = append(winners[bucket], owner)
					case hold:
					default:
						t.Errorf("round %d: %s waits %v, want 0 or %v", r, owner, wait, hold)
					}
				})
			}
			wg.Wait()
			for bucket := range 2 {
				if len(winners[bucket]) != 1 {
					t.Errorf("round %d: bucket %d claimed by %v, want one claimant", r, bucket, winners[bucket])
				}
			}
		}
	})
}

func TestClaimIdentifyNeedsAnOwnerAndAHold(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := t.Context()
	if _, err := s.ClaimIdentify(ctx, 0, "", storeT0, time.Minute); err == nil {
		t.Error("ClaimIdentify with no owner succeeded")
	}
	if _, err := s.ClaimIdentify(ctx, 0, "a", storeT0, 0); err == nil {
		t.Error("ClaimIdentify with no hold succeeded")
	}
	// A release by no one would end every released bucket's rest.
	if err := s.ReleaseIdentify(ctx, 0, "", storeT0); err == nil {
		t.Error("ReleaseIdentify with no owner succeeded")
	}
}
