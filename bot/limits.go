package bot

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimiters bounds how many per-user or per-server buckets are kept;
// beyond it, full (idle) buckets are dropped.
const maxLimiters = 10000

// limiter holds a token bucket per user and per server, read against an
// injected clock.
type limiter struct {
	mu                    sync.Mutex
	userRate, guildRate   rate.Limit
	userBurst, guildBurst int
	users, guilds         map[string]*rate.Limiter
}

func newLimiter(userRate rate.Limit, userBurst int, guildRate rate.Limit, guildBurst int) *limiter {
	return &limiter{
		userRate: userRate, userBurst: max(userBurst, 1),
		guildRate: guildRate, guildBurst: max(guildBurst, 1),
		users: map[string]*rate.Limiter{}, guilds: map[string]*rate.Limiter{},
	}
}

// bucket returns key's bucket in m, creating it full.
func bucket(m map[string]*rate.Limiter, key string, r rate.Limit, burst int, now time.Time) *rate.Limiter {
	if l, ok := m[key]; ok {
		return l
	}
	if len(m) >= maxLimiters {
		for k, l := range m {
			if l.TokensAt(now) >= float64(burst) {
				delete(m, k)
			}
		}
	}
	l := rate.NewLimiter(r, burst)
	m[key] = l
	return l
}

// allow takes one token from the user's and the server's buckets at now.
// When either is empty it takes none and returns a refusal naming the wait.
func (l *limiter) allow(userID, guildID string, now time.Time) (ok bool, msg string) {
	if l == nil {
		return true, ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var user *rate.Reservation
	if l.userRate > 0 && userID != "" {
		user = bucket(l.users, userID, l.userRate, l.userBurst, now).ReserveN(now, 1)
		if d := user.DelayFrom(now); !user.OK() || d > 0 {
			user.CancelAt(now)
			return false, fmt.Sprintf("You're asking quickly — try again in %d s.", seconds(d))
		}
	}
	if l.guildRate > 0 && guildID != "" {
		g := bucket(l.guilds, guildID, l.guildRate, l.guildBurst, now).ReserveN(now, 1)
		if d := g.DelayFrom(now); !g.OK() || d > 0 {
			g.CancelAt(now)
			if user != nil {
				user.CancelAt(now)
			}
			return false, fmt.Sprintf("This server is asking quickly — try again in %d s.", seconds(d))
		}
	}
	return true, ""
}

// seconds rounds a wait up to whole seconds, at least 1.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
