package summarize_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

func TestSmallTalk(t *testing.T) {
	tests := []struct {
		line string
		// ack is whether the line needs no answer in a followed thread.
		ack bool
	}{
		{"hi", false},
		{"Hi!", false},
		{"hello bot", false},
		{"hey there 👋", false},
		{"hiii", false},
		{"gm", false},
		{"Good morning everyone!", false},
		{"how are you?", false},
		{"what's up", false},
		{"👋", false},
		{"hi, thanks", false},
		{"thanks", true},
		{"thank you!", true},
		{"Thanks a lot :)", true},
		{"thanksss", true},
		{"thank you so much, newsbot", true},
		{"ty", true},
		{"thanks, that helps", true},
		{"much appreciated", true},
		{"lol", true},
		{"LOL", true},
		{"hahaha", true},
		{"lmao 😂", true},
		{"ok", true},
		{"okay cool", true},
		{"k.", true},
		{"got it, makes sense", true},
		{"nice one", true},
		{"good night", true},
		{"see you all tomorrow", true},
		{"bye!", true},
		{"lol thanks, see you all tomorrow", true},
		{"😂😂", true},
		{"👍", true},
		{"?!", true},
		{"...", true},
		{":D", true},
		{"you too", true},
		{"no worries", true},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			if !summarize.IsSmallTalk(tc.line) {
				t.Fatalf("IsSmallTalk(%q) = false, want true", tc.line)
			}
			if got := summarize.IsAcknowledgement(tc.line); got != tc.ack {
				t.Errorf("IsAcknowledgement(%q) = %v, want %v", tc.line, got, tc.ack)
			}
		})
	}
}

func TestSmallTalkLeavesQuestionsAlone(t *testing.T) {
	tests := []string{
		"thanks to the heat wave, what happened to crops?",
		"hi, who won the election?",
		"ok so why is the bridge closed",
		"how much is it?",
		"is it over?",
		"why?",
		"and when?",
		"What happened yesterday?",
		"any news?",
		"What's the latest?",
		"latest news",
		"What's new today?",
		"Good news for Harriers fans?",
		"Great Britain election results",
		"Who said thank you to the nurses?",
		"See you in court: who is suing Kestrel?",
		"Morning Star newspaper closes?",
		"what's up with the Eastgate bridge?",
		"2022",
		"no tolls on the bridge?",
		"sorry, what about the tolls?",
	}
	for _, q := range tests {
		t.Run(q, func(t *testing.T) {
			if summarize.IsSmallTalk(q) || summarize.IsAcknowledgement(q) {
				t.Errorf("%q was taken for chit-chat", q)
			}
		})
	}
}

func TestStripTalk(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hi, who won the election?", "who won the election?"},
		{"Hello bot! What happened to the Eastgate Bridge?", "What happened to the Eastgate Bridge?"},
		{"hey who won the cup", "who won the cup"},
		{"ok so why is the bridge closed", "why is the bridge closed"},
		{"thanks! and the tolls?", "and the tolls?"},
		{"thank you so much, when does it reopen?", "when does it reopen?"},
		{"why is the bridge closed? thanks!", "why is the bridge closed?"},
		{"Who won the cup? lol thanks, see you all tomorrow", "Who won the cup?"},
		{"good morning everyone! any news?", "any news?"},
		{"sorry, what about the tolls?", "what about the tolls?"},
		// Nothing to strip: the phrase is part of the question.
		{"thanks to the heat wave, what happened to crops?", "thanks to the heat wave, what happened to crops?"},
		{"thanks so much to the nurses, who is paying?", "thanks so much to the nurses, who is paying?"},
		{"Great Britain election results", "Great Britain election results"},
		{"All right-wing parties lost?", "All right-wing parties lost?"},
		{"So what happened this week?", "So what happened this week?"},
		{"What happened this week?", "What happened this week?"},
		// Chit-chat alone is left to be answered as such.
		{"hi, thanks", "hi, thanks"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := summarize.StripTalk(tc.in); got != tc.want {
				t.Errorf("StripTalk(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsWindowQuestion(t *testing.T) {
	asOf := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		q    string
		want bool
	}{
		{"What happened this week?", true},
		{"What happened yesterday?", true},
		{"What's new today?", true},
		{"any news?", true},
		{"latest news", true},
		{"What's the latest?", true},
		{"What happened?", true},
		{"Tell me the top stories from last week", true},
		{"So what's been happening since Monday, guys?", true},
		{"news", true},
		{"What happened in June?", true},
		{"What's the latest on the Eastgate bridge?", false},
		{"latest news about Kestrel", false},
		{"what's new with the Meridian probe", false},
		{"Kestrel news this week", false},
		{"What happened to the Eastgate Bridge yesterday?", false},
		{"Who won the cup this week?", false},
		{"today?", false},
		{"A bipartisan group of senators announced an agreement on gun safety legislation this week. Which measure did lawmakers leave out?", false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			if got := summarize.IsWindowQuestion(tc.q, asOf); got != tc.want {
				t.Errorf("IsWindowQuestion(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestAskSmallTalkMakesNoSearch(t *testing.T) {
	tests := []string{"hi", "hello bot", "thanks", "thank you!", "lol", "ok", "gm", "good night", "see you all tomorrow", "👍", "lol thanks, see you all tomorrow"}
	for _, q := range tests {
		t.Run(q, func(t *testing.T) {
			fs := searchReturning(corpus()...)
			svc := newService(t, fs, storeOf(corpus()), nil, nil)
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: q})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if !a.SmallTalk || a.NotCovered || len(a.Citations) != 0 || !strings.Contains(a.Text, "/digest") || len(a.Text) > 300 {
				t.Errorf("answer %+v, want a short friendly reply that says what the bot does", a)
			}
			if len(fs.queries) != 0 {
				t.Errorf("searched for %q", fs.queries[0].Text)
			}
		})
	}
}

func TestAskStripsGreeting(t *testing.T) {
	fs := searchReturning(corpus()...)
	svc := newService(t, fs, nil, nil, nil)
	a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: "hi, who won the mayoral election?"})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if q := fs.lastQuery(t); q.Text != "who won the mayoral election?" || !q.AsOf.Equal(svcNow) {
		t.Errorf("searched %q as of %v, want the question without its greeting", q.Text, q.AsOf)
	}
	if a.SmallTalk || a.NotCovered || !strings.Contains(a.Text, "Ortiz") {
		t.Errorf("answer %+v, want the election answered", a)
	}
}
