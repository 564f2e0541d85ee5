package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/time/rate"

	"github.com/newsbot/newsbot/bot"
)

// Limits are the bot's limits on the model's replies and on replies being
// written at once. Zero is unset (the bot's default); a negative value
// lifts the limits that can be lifted.
type Limits struct {
	// UserRate and ServerRate are replies a minute the model writes for
	// one member and one server (NEWSBOT_USER_RATE, NEWSBOT_SERVER_RATE);
	// the rest are written by the offline engine.
	UserRate, ServerRate float64
	// UserBurst and ServerBurst are how many of those may come at once
	// (NEWSBOT_USER_BURST, NEWSBOT_SERVER_BURST).
	UserBurst, ServerBurst int
	// MaxModelReplies is NEWSBOT_MAX_MODEL_REPLIES: replies waiting on the
	// model at once.
	MaxModelReplies int
	// MaxReplies is NEWSBOT_MAX_CONCURRENT_REPLIES: the other replies
	// being written at once.
	MaxReplies int
}

// loadLimits reads the limits; each error names its variable.
func (c *Config) loadLimits(getenv func(string) string) []error {
	var errs []error
	number := func(key string, dst *float64, whole bool) {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return
		}
		n, err := strconv.ParseFloat(v, 64)
		if whole && err == nil && n != float64(int(n)) {
			err = errors.New("not whole")
		}
		switch {
		case err != nil && whole:
			errs = append(errs, fmt.Errorf("%s: %q is not a whole number", key, v))
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %q is not a number such as 6 or 0.5", key, v))
		case n == 0:
			errs = append(errs, fmt.Errorf("%s: must not be 0; leave it empty for the default, or -1 for no limit", key))
		default:
			*dst = n
		}
	}
	integer := func(key string, dst *int) {
		var f float64
		number(key, &f, true)
		*dst = int(f)
	}
	number("NEWSBOT_USER_RATE", &c.Limits.UserRate, false)
	integer("NEWSBOT_USER_BURST", &c.Limits.UserBurst)
	number("NEWSBOT_SERVER_RATE", &c.Limits.ServerRate, false)
	integer("NEWSBOT_SERVER_BURST", &c.Limits.ServerBurst)
	integer("NEWSBOT_MAX_MODEL_REPLIES", &c.Limits.MaxModelReplies)
	integer("NEWSBOT_MAX_CONCURRENT_REPLIES", &c.Limits.MaxReplies)
	return errs
}

// validate checks the limits that were set; a burst cannot be lifted.
func (l Limits) validate() []error {
	var errs []error
	for key, v := range map[string]int{"NEWSBOT_USER_BURST": l.UserBurst, "NEWSBOT_SERVER_BURST": l.ServerBurst} {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s: must be at least 1 (a negative rate lifts the limit)", key))
		}
	}
	return errs
}

// apply passes the limits that were set on to the bot's configuration.
func (l Limits) apply(c *bot.Config) {
	perSecond := func(perMinute float64) rate.Limit {
		if perMinute < 0 {
			return -1
		}
		return rate.Limit(perMinute / 60)
	}
	c.UserRate, c.UserBurst = perSecond(l.UserRate), l.UserBurst
	c.GuildRate, c.GuildBurst = perSecond(l.ServerRate), l.ServerBurst
	c.MaxModelReplies, c.MaxConcurrent = l.MaxModelReplies, l.MaxReplies
}
