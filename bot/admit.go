package bot

import "context"

// newSlots returns n slots, or nil (no limit) when n is negative.
func newSlots(n int) chan struct{} {
	if n < 0 {
		return nil
	}
	return make(chan struct{}, n)
}

// limiter returns the rate limits of c, nil when it has none, kept in
// store (nil: in the process only).
func (c Config) limiter(store RateStore) *limiter {
	ur, gr := max(c.UserRate, 0), max(c.GuildRate, 0)
	if ur == 0 && gr == 0 {
		return nil
	}
	l := newLimiter(ur, c.UserBurst, gr, c.GuildBurst)
	l.store, l.logger = store, c.Logger
	return l
}

// admit decides how a reply is written and takes the slot it needs. The
// model writes it when one is configured and the member, the server, the
// daily budget and a free model slot all allow; then it holds a model
// slot. Otherwise inv.Offline says why the offline engine writes it, and
// it waits for a reply slot until ctx ends. It returns false when no slot
// came in time: only then, with the machine itself overloaded, is a
// question refused.
//
// The limits are asked before a model slot is taken, so that no slot is
// held while the store answers (the rate limits are the store's, and a
// burst of questions would otherwise find every slot taken by questions
// waiting on it). A question that finds no slot free asks no limit and so
// spends no token; only one whose slot is taken by another between the
// look and the take spends a token on an offline reply.
//
// The slots are admission control, not a fan-out an errgroup could own:
// each reply runs on the goroutine of its Discord event.
func (b *Bot) admit(ctx context.Context, inv *Invocation) (release func(), ok bool) {
	if b.model != "" && usesModel(*inv) {
		if full(b.modelSlots) {
			inv.Offline = modelBusyNotice
		} else if why := b.modelTurn(ctx, *inv); why != "" {
			inv.Offline = why
		} else if !take(b.modelSlots) {
			inv.Offline = modelBusyNotice
		} else {
			return func() { give(b.modelSlots) }, true
		}
	}
	if b.slots != nil {
		select {
		case b.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, false
		}
	}
	return func() { give(b.slots) }, true
}

// modelTurn returns "" and takes the model's turn for inv from the rate
// limits, or returns why it may not have one. A server over its budget
// takes no turn.
func (b *Bot) modelTurn(ctx context.Context, inv Invocation) string {
	if b.h.overBudget(ctx, inv) {
		return budgetNotice
	}
	return b.limits.allow(ctx, inv.UserID, inv.GuildID, b.cfg.Now())
}

// take takes a slot if one is free at once; nil slots are always free.
func take(slots chan struct{}) bool {
	if slots == nil {
		return true
	}
	select {
	case slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// full reports whether every slot of slots is taken now; nil slots never
// are.
func full(slots chan struct{}) bool {
	return slots != nil && len(slots) == cap(slots)
}

// give gives back a slot of slots (nil: no limit).
func give(slots chan struct{}) {
	if slots != nil {
		<-slots
	}
}

// busyReply refuses a question when no reply slot came in time.
func busyReply() Reply {
	return errorReply("I'm very busy right now. Please try again in a minute.")
}
