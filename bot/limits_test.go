package bot_test

import (
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"golang.org/x/time/rate"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	l := bot.NewLimiter(rate.Every(10*time.Second), 3, rate.Every(time.Second), 5)
	for i := 0; i < 3; i++ {
		if ok, msg := l.Allow("u1", "g1", t0); !ok {
			t.Fatalf("request %d refused: %s", i, msg)
		}
	}
	ok, msg := l.Allow("u1", "g1", t0)
	if ok || msg != "You're asking quickly — try again in 10 s." {
		t.Fatalf("4th request: %v %q", ok, msg)
	}
	// Another user in the same server still has a turn.
	if ok, msg := l.Allow("u2", "g1", t0); !ok {
		t.Fatalf("other user refused: %s", msg)
	}
	// A refused request takes no token: after 10s exactly one more is allowed.
	if ok, _ := l.Allow("u1", "g1", t0.Add(10*time.Second)); !ok {
		t.Fatal("refused after the bucket refilled")
	}
	if ok, msg := l.Allow("u1", "g1", t0.Add(11*time.Second)); ok || msg != "You're asking quickly — try again in 9 s." {
		t.Fatalf("second after refill: %v %q", ok, msg)
	}
	// The server's bucket (burst 5) runs out across users.
	l2 := bot.NewLimiter(rate.Every(10*time.Second), 3, rate.Every(2*time.Second), 2)
	l2.Allow("a", "g", t0)
	l2.Allow("b", "g", t0)
	ok, msg = l2.Allow("c", "g", t0)
	if ok || msg != "This server is asking quickly — try again in 2 s." {
		t.Fatalf("server bucket: %v %q", ok, msg)
	}
	// c's own bucket was not charged for the refused request.
	for i := 0; i < 3; i++ {
		if ok, _ := l2.Allow("c", "other"+string(rune('0'+i)), t0); !ok {
			t.Fatalf("c's request %d in another server refused", i)
		}
	}
}
