package bot_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

func TestParseConsoleLine(t *testing.T) {
	tests := []struct {
		line string
		cmd  string
		sub  string
		opts map[string]string
	}{
		{"what happened at the port?", "ask", "", map[string]string{"question": "what happened at the port?"}},
		{"/ask rail bill news since:2d source:Metro Wire", "ask", "", map[string]string{"question": "rail bill news", "since": "2d", "source": "Metro Wire"}},
		{"/summarize https://example.com/a?x=1", "summarize", "", map[string]string{"url": "https://example.com/a?x=1"}},
		{"/summarize flood relief since:1w", "summarize", "", map[string]string{"topic": "flood relief", "since": "1w"}},
		{"/summarize article:u123", "summarize", "", map[string]string{"article": "u123"}},
		{"/digest now", "digest", "now", map[string]string{}},
		{"/digest storms", "digest", "now", map[string]string{"topic": "storms"}},
		{"/digest now topic:rail since:12h", "digest", "now", map[string]string{"topic": "rail", "since": "12h"}},
		{"/feeds", "feeds", "list", map[string]string{}},
		{"/feeds add https://example.com/feed.xml", "feeds", "add", map[string]string{"url": "https://example.com/feed.xml"}},
		{"/newsbot-admin feeds add https://example.com/feed.xml", "feeds", "add", map[string]string{"url": "https://example.com/feed.xml"}},
		{"/newsbot-admin digest off", "digest", "off", map[string]string{}},
		{"/search bridge pier", "search", "", map[string]string{"query": "bridge pier"}},
		{"/frobnicate", "frobnicate", "", map[string]string{}},
	}
	for _, tc := range tests {
		inv := bot.ParseConsoleLine(tc.line)
		if inv.Command != tc.cmd || inv.Sub != tc.sub || !reflect.DeepEqual(inv.Options, tc.opts) {
			t.Errorf("%q → %s/%s %v, want %s/%s %v", tc.line, inv.Command, inv.Sub, inv.Options, tc.cmd, tc.sub, tc.opts)
		}
	}
}

func TestConsoleRunsTheHandlers(t *testing.T) {
	var mu sync.Mutex
	var asks []summarize.AskRequest
	svc := &fakeService{
		AskFn: func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
			mu.Lock()
			asks = append(asks, r)
			mu.Unlock()
			return summarize.Answer{
				Text:      "The pier cracked [1].",
				Citations: []summarize.Citation{{N: 1, Title: "Eastgate pier", URL: "https://v.example/1", Source: "Valley Post", Quote: "Engineers found a crack in pier 4."}},
				Searched:  27,
			}, nil
		},
		SearchFn: func(_ context.Context, q retrieval.Query) (retrieval.Results, error) {
			return retrieval.Results{Searched: 27, Hits: []retrieval.Result{{Title: "Eastgate pier", Source: "Valley Post", Score: 0.82, Snippet: "a «crack» in pier 4", URL: "https://v.example/1"}}}, nil
		},
	}
	svc.ModelName = "local-model"
	h := bot.NewHandlers(svc, openStore(t), nil, bot.HandlerConfig{})
	in := strings.NewReader("what happened to the bridge?\nand when?\n/sources\n/search crack\n/newsbot status\n/frobnicate\n/quit\n/ask never reached\n")
	var out strings.Builder
	c := &bot.Console{Handlers: h}
	if err := c.Run(context.Background(), in, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"The pier cracked [1].",
		"[1] Valley Post · Eastgate pier <https://v.example/1>",
		"Searched 27 articles",
		"> Engineers found a crack in pier 4.", // /sources shows the quote
		"1. Eastgate pier",
		"a crack in pier 4",      // «» become bold marks, removed in text
		"Valley Post",            // the outlet, but never the score
		"AI model `local-model`", // /newsbot status, with the console's
		"No daily limit.",        // unlimited budget
		"I don't know that command.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "0.82") {
		t.Errorf("search shows its raw score:\n%s", got)
	}
	if strings.Contains(got, "never reached") || len(asks) != 2 {
		t.Fatalf("asks = %d (want 2, /quit stops)", len(asks))
	}
	if len(asks[0].History) != 0 || len(asks[1].History) != 1 || asks[1].History[0].Question != "what happened to the bridge?" {
		t.Errorf("follow-up history = %+v", asks[1].History)
	}
	if asks[0].Scoped {
		t.Error("the console searches everything, unscoped")
	}
}

// The console reads since in the same grammar as the CLI and Discord.
func TestConsoleSince(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		line  string
		since time.Time // of the search; zero when refused
		reply string    // in the output
	}{
		{"/search crack since:2026/11/24", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), "1. Eastgate pier"},
		{"/search crack since:2026-11-24", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), "1. Eastgate pier"},
		{"/search crack since:yesterday", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), "1. Eastgate pier"},
		{"/search crack since:3 days", now.Add(-72 * time.Hour), "1. Eastgate pier"},
		{"/search crack since:monday", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), "1. Eastgate pier"},
		{"/search crack since:soon", time.Time{}, `Since: can't read "soon" as a time; try a duration`},
		{"/search crack since:2026-12-01", time.Time{}, "Since: 2026-12-01 is later than 2026-11-25 12:00 UTC."},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var got []retrieval.Query
			svc := &fakeService{SearchFn: func(_ context.Context, q retrieval.Query) (retrieval.Results, error) {
				got = append(got, q)
				return retrieval.Results{Searched: 1, Hits: []retrieval.Result{{Title: "Eastgate pier", Source: "Valley Post", URL: "https://v.example/1"}}}, nil
			}}
			h := bot.NewHandlers(svc, openStore(t), nil, bot.HandlerConfig{Now: func() time.Time { return now }})
			var out strings.Builder
			if err := (&bot.Console{Handlers: h}).Run(context.Background(), strings.NewReader(tt.line+"\n"), &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.reply) {
				t.Errorf("output lacks %q:\n%s", tt.reply, out.String())
			}
			switch {
			case tt.since.IsZero() && len(got) != 0:
				t.Errorf("searched with since %v; want the option refused", got[0].Since)
			case !tt.since.IsZero() && (len(got) != 1 || !got[0].Since.Equal(tt.since)):
				t.Errorf("searches = %+v; want one since %v", got, tt.since)
			}
		})
	}
}

// Issue 12: an outlet that matches nothing gets the close ones suggested,
// not "something went wrong".
func TestAskUnknownSourceSuggestsOutlets(t *testing.T) {
	svc := &fakeService{
		AskFn: func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
			return summarize.Answer{}, fmt.Errorf("wrapped: %w", &summarize.UnknownSourceError{Name: r.Sources[0], Near: []string{"cnn.com"}, Close: true})
		},
	}
	h := bot.NewHandlers(svc, openStore(t), nil, bot.HandlerConfig{})
	var out strings.Builder
	c := &bot.Console{Handlers: h}
	if err := c.Run(context.Background(), strings.NewReader("/ask ferry fares source:CNNN\n"), &out); err != nil {
		t.Fatal(err)
	}
	if want := `No outlet matches "CNNN"; did you mean cnn.com?`; !strings.Contains(out.String(), want) {
		t.Errorf("reply lacks %q:\n%s", want, out.String())
	}
}
