package data_test

import (
	"context"
	"testing"
	"time"
)

func TestClaimDigestSlotWhile(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, path := be.open(t)
		other := be.reopen(t, path) // a second process's view of the same store
		ctx := t.Context()
		slot := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)

		// Cut short, the post releases its claim: the slot is posted later.
		won, err := s.ClaimDigestSlotWhile(ctx, "g1", slot, func(context.Context) bool { return false })
		if err != nil || !won {
			t.Fatalf("first claim: won %v, %v", won, err)
		}
		if last, err := other.LastDigestSlot(ctx, "g1"); err != nil || !last.IsZero() {
			t.Errorf("after a released claim the last slot is %v, %v; want none", last, err)
		}
		// While one post runs, the other process's claim loses at once.
		var during bool
		won, err = s.ClaimDigestSlotWhile(ctx, "g1", slot, func(ctx context.Context) bool {
			ok, err := other.ClaimDigestSlotWhile(ctx, "g1", slot, func(context.Context) bool {
				t.Error("the second claim ran its post")
				return true
			})
			if err != nil {
				t.Errorf("claim during a post: %v", err)
			}
			during = ok
			return true
		})
		if err != nil || !won || during {
			t.Fatalf("claim after release: won %v, %v; claim during its post won %v", won, err, during)
		}
		// Done, the post's claim stands for both processes.
		if ok, err := other.ClaimDigestSlot(ctx, "g1", slot); err != nil || ok {
			t.Errorf("claim after the post: %v, %v; want false", ok, err)
		}
		if last, err := other.LastDigestSlot(ctx, "g1"); err != nil || !last.Equal(slot) {
			t.Errorf("last slot %v, %v; want %v", last, err, slot)
		}
		if _, err := s.ClaimDigestSlotWhile(ctx, "g1", time.Time{}, func(context.Context) bool { return true }); err == nil {
			t.Error("a zero slot was claimed")
		}
	})
}
