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
	l2 := bot.NewLimiter(rate.Every(10*time.Second), 3, rate.Every(2*time.Second), 2)
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
}
