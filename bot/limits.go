package bot

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of Config's limits. They bound the model's answers, not the
// questions: a question over a limit is answered by the offline engine.
const (
	// DefaultUserRate is how often a member's question may go to the
	// model when UserRate is zero: one every 10s.
	DefaultUserRate rate.Limit = 1.0 / 10
	// DefaultUserBurst is how many of a member's questions may go to the
	// model at once when UserBurst is zero.
	DefaultUserBurst = 3
	// DefaultGuildRate is how often a server's questions may go to the
	// model when GuildRate is zero: 30 a minute.
	DefaultGuildRate rate.Limit = 30.0 / 60
	// DefaultGuildBurst is how many of a server's questions may go to the
	// model at once when GuildBurst is zero.
	DefaultGuildBurst = 10
	// DefaultMaxModelReplies is how many replies may wait on the model at
	// once when MaxModelReplies is zero.
	DefaultMaxModelReplies = 16
	// DefaultRepliesPerCPU times the CPUs is how many replies the offline
	// engine, searches and lists may write at once when MaxConcurrent is
	// zero.
	DefaultRepliesPerCPU = 4
)

// Why a reply is written by the offline engine although a model is
// configured; each is shown in the reply's footer.
const (
	// budgetNotice: the server spent its daily token budget.
	budgetNotice = "This server used today's AI budget, so this answer quotes the articles directly."
	// modelBusyNotice: every model slot is taken.
	modelBusyNotice = "The AI is busy with other questions, so this answer quotes the articles directly."
)

// maxLimiters bounds how many per-user or per-server buckets are kept;
// beyond it, full (idle) buckets are dropped.
const maxLimiters = 10000

// limiter holds a token bucket per user and per server, read against an
// injected clock. A token is one reply written by the model.
//
// The buckets are the process's own, also when several processes share a
// store, and deliberately so. A server's events all reach one process
// (its shard's), so its bucket there sees every question it asks. A
// member's bucket is kept by each process whose servers they ask in, so a
// member active in servers of N processes may reach the model up to N
// times their rate; each server's bucket and its daily token budget, which
// is in the store and so shared, still hold. The model slots
// (MaxModelReplies) bound what one process keeps waiting on the model,
// which is a process's affair.
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

// allow takes one token from the user's and the server's buckets at now
// and returns "". When either is empty it takes none and returns why the
// reply is written by the offline engine instead, naming the wait.
func (l *limiter) allow(userID, guildID string, now time.Time) (offline string) {
	if l == nil {
		return ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var user *rate.Reservation
	if l.userRate > 0 && userID != "" {
		user = bucket(l.users, userID, l.userRate, l.userBurst, now).ReserveN(now, 1)
		if d := user.DelayFrom(now); !user.OK() || d > 0 {
			user.CancelAt(now)
			return fmt.Sprintf("You're asking quickly, so this answer quotes the articles directly; the AI answers you again in %d s.", seconds(d))
		}
	}
	if l.guildRate > 0 && guildID != "" {
		g := bucket(l.guilds, guildID, l.guildRate, l.guildBurst, now).ReserveN(now, 1)
		if d := g.DelayFrom(now); !g.OK() || d > 0 {
			g.CancelAt(now)
			if user != nil {
				user.CancelAt(now)
			}
			return fmt.Sprintf("Many questions are coming in here, so this answer quotes the articles directly; the AI answers again in %d s.", seconds(d))
		}
	}
	return ""
}

// seconds rounds a wait up to whole seconds, at least 1.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
