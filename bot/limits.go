package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/newsbot/newsbot/data"
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

// rateStoreTimeout bounds how long a question waits on the store's token
// buckets; past it the process's own buckets decide, as on any other
// failure of the store.
const rateStoreTimeout = 2 * time.Second

// limiter holds a token bucket per member and per server, read against an
// injected clock. A token is one reply written by the model.
//
// With a store the buckets are the store's (see RateStore), and so shared
// by every process on it: a member asking in servers handled by several
// processes has one bucket, not one per process, and a server's bucket
// holds also while its shard moves between processes. A member's and a
// server's tokens are taken together or not at all. When the store fails
// (or takes longer than rateStoreTimeout) the process's own buckets decide
// instead, and the failure is logged; they are charged for every token
// the store gives this process, so that a store slow under a burst of
// questions does not let a second burst through: a question is answered whatever
// becomes of the store, and waits on it no longer than rateStoreTimeout. Without a store the process's own buckets are all there is.
// The model slots (MaxModelReplies) bound what one process keeps waiting
// on the model, which is a process's affair and stays in memory.
type limiter struct {
	// store keeps the shared buckets; nil when there is none.
	store  RateStore
	logger *slog.Logger

	mu                    sync.Mutex
	userRate, guildRate   rate.Limit
	userBurst, guildBurst int
	users, guilds         map[string]*rate.Limiter
}

// newLimiter returns a limiter of the process's own buckets only; rates of
// zero mean no limit.
func newLimiter(userRate rate.Limit, userBurst int, guildRate rate.Limit, guildBurst int) *limiter {
	return &limiter{
		userRate: userRate, userBurst: max(userBurst, 1),
		guildRate: guildRate, guildBurst: max(guildBurst, 1),
		users: map[string]*rate.Limiter{}, guilds: map[string]*rate.Limiter{},
		logger: slog.New(slog.DiscardHandler),
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
func (l *limiter) allow(ctx context.Context, userID, guildID string, now time.Time) (offline string) {
	if l == nil {
		return ""
	}
	if l.store != nil {
		why, err := l.allowShared(ctx, userID, guildID, now)
		if err == nil {
			if why == "" {
				l.charge(userID, guildID, now)
			}
			return why
		}
		l.logger.WarnContext(ctx, "bot: shared rate limits failed; this process's own decide", "user_id", userID, "guild_id", guildID, "err", err)
	}
	return l.allowLocal(userID, guildID, now)
}

// charge takes from the process's own buckets the tokens the store gave,
// so that when they decide (the store failing) they start from what this
// process spent rather than full. They never go below empty: the store
// gave this process no more than the buckets hold.
func (l *limiter) charge(userID, guildID string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.userRate > 0 && userID != "" {
		bucket(l.users, userID, l.userRate, l.userBurst, now).ReserveN(now, 1)
	}
	if l.guildRate > 0 && guildID != "" {
		bucket(l.guilds, guildID, l.guildRate, l.guildBurst, now).ReserveN(now, 1)
	}
}

// allowShared is allow with the store's buckets.
func (l *limiter) allowShared(ctx context.Context, userID, guildID string, now time.Time) (string, error) {
	var buckets []data.Bucket
	var whys []func(time.Duration) string
	if b, ok := storeBucket("user:"+userID, l.userRate, l.userBurst); ok && userID != "" {
		buckets, whys = append(buckets, b), append(whys, userWait)
	}
	if b, ok := storeBucket("guild:"+guildID, l.guildRate, l.guildBurst); ok && guildID != "" {
		buckets, whys = append(buckets, b), append(whys, guildWait)
	}
	if len(buckets) == 0 {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, rateStoreTimeout)
	defer cancel()
	refused, wait, err := l.store.TakeTokens(ctx, now, buckets...)
	if err != nil {
		return "", err
	}
	if refused < 0 {
		return "", nil
	}
	return whys[refused](wait), nil
}

// storeBucket returns the store's bucket key of rate r and burst, and
// false when r sets no limit (zero, negative or rate.Inf). A rate too slow for the store is one token
// per the longest interval it keeps.
func storeBucket(key string, r rate.Limit, burst int) (data.Bucket, bool) {
	if r <= 0 || r == rate.Inf {
		return data.Bucket{}, false
	}
	longest := data.MaxBucketSpan / time.Duration(burst)
	interval := longest
	if secs := 1 / float64(r); secs < longest.Seconds() {
		// Rounded to the microsecond, so that the float's last bits do
		// not make a wait of 10 s one of 11 s.
		interval = max(time.Duration(math.Round(secs*1e6))*time.Microsecond, time.Microsecond)
	}
	return data.Bucket{Key: key, Interval: interval, Burst: burst}, true
}

// allowLocal is allow with the process's own buckets.
func (l *limiter) allowLocal(userID, guildID string, now time.Time) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var user *rate.Reservation
	if l.userRate > 0 && userID != "" {
		user = bucket(l.users, userID, l.userRate, l.userBurst, now).ReserveN(now, 1)
		if d := user.DelayFrom(now); !user.OK() || d > 0 {
			user.CancelAt(now)
			return userWait(d)
		}
	}
	if l.guildRate > 0 && guildID != "" {
		g := bucket(l.guilds, guildID, l.guildRate, l.guildBurst, now).ReserveN(now, 1)
		if d := g.DelayFrom(now); !g.OK() || d > 0 {
			g.CancelAt(now)
			if user != nil {
				user.CancelAt(now)
			}
			return guildWait(d)
		}
	}
	return ""
}

// userWait says that the member's bucket is empty for d.
func userWait(d time.Duration) string {
	return fmt.Sprintf("You're asking quickly, so this answer quotes the articles directly; the AI answers you again in %d s.", seconds(d))
}

// guildWait says that the server's bucket is empty for d.
func guildWait(d time.Duration) string {
	return fmt.Sprintf("Many questions are coming in here, so this answer quotes the articles directly; the AI answers again in %d s.", seconds(d))
}

// seconds rounds a wait up to whole seconds, at least 1.
func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
