package bot_test

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot"
)

// zw is the zero-width space that breaks a mention's or a pill's syntax.
const zw = "\u200b"

func TestSafeMarkdownHostileCases(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"masked link with an address as text", "Verify at [https://discord.com/verify](https://evil.example/) now.", "Verify at <https://evil.example/> now."},
		{"masked link with a domain as text", "[discord.com](https://evil.example/login)", "<https://evil.example/login>"},
		{"masked link with www text", `[www.discord.com](https://evil.example "Discord")`, "<https://evil.example>"},
		{"masked link with words", "[Click here to verify](https://evil.example/)", "Click here to verify (<https://evil.example/>)"},
		{"masked link in angle brackets", "[Discord Support](<https://evil.example/>)", "Discord Support (<https://evil.example/>)"},
		{"masked link nested in a masked link", "[[discord.com](https://a.example)](https://b.example)", "<https://b.example>"},
		{"masked link to a script", "[verify](javascript:alert(1))", "verify"},
		{"masked link with empty text", "[](https://evil.example)", "<https://evil.example>"},
		{"masked citation marker", "It reopened [1](https://evil.example).", "It reopened [1] (<https://evil.example>)."},
		{"masked link with brackets in its text", "[discord.com [verify]](https://evil.example)", "[discord.com [verify]] (https://evil.example)"},
		{"masked link with an escape in its target", `[Discord](https://evil.example/\))`, `Discord (<https://evil.example/\>))`},
		{"link target with parentheses", "[Bridge](https://en.wikipedia.org/wiki/Bridge_(structure))", "Bridge (<https://en.wikipedia.org/wiki/Bridge_(structure)>)"},
		{"credentials disguising the host", "See https://discord.com@evil.example/gift today", "See https://evil.example/gift today"},
		{"credentials in a masked link", "[gift](https://discord.com:nitro@evil.example/)", "gift (<https://evil.example/>)"},
		{"heading", "# Official Discord notice\nYour account is flagged.", "Official Discord notice\nYour account is flagged."},
		{"level-3 heading", "### Action required", "Action required"},
		{"subtext", "The answer.\n-# sent by Discord Trust & Safety", "The answer.\nsent by Discord Trust & Safety"},
		{"heading in a quote", "> ## Staff message", "> Staff message"},
		{"heading in a list", "- # Free Nitro\n1. ## Claim", "- Free Nitro\n1. Claim"},
		{"role pill", "<@&123456789> please verify", "<" + zw + "@&123456789> please verify"},
		{"user and channel pills", "Ask <@!42> in <#99>", "Ask <" + zw + "@!42> in <" + zw + "#99>"},
		{"slash-command link", "Run </verify:123456>", "Run <" + zw + "/verify:123456>"},
		{"escaped pill stays broken", `\<@&1>`, `\<` + zw + "@&1>"},
		{"mass mention", "@everyone free nitro, @here too", "@" + zw + "everyone free nitro, @" + zw + "here too"},
		{"right-to-left override", "Visit \u202eelpmaxe.drocsid\u202c now", "Visit elpmaxe.drocsid now"},
		// What must not change.
		{"citation markers", "The bridge reopened [1]. Tolls rose [2, 3].", "The bridge reopened [1]. Tolls rose [2, 3]."},
		{"hashtags and C#", "#bridge news in C# and F#", "#bridge news in C# and F#"},
		{"emphasis, code, quotes", "**Bold**, *it*, `code` and\n> a quote", "**Bold**, *it*, `code` and\n> a quote"},
		{"autolink and bare address", "<https://example.com/a> and https://example.com/b", "<https://example.com/a> and https://example.com/b"},
		{"brackets without a link", "[sic] and [Ed. note]", "[sic] and [Ed. note]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := bot.SafeMarkdown(tc.in); got != tc.want {
				t.Errorf("SafeMarkdown(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// No masked link survives, whatever the nesting and escapes.
func FuzzSafeMarkdownLeavesNoMaskedLink(f *testing.F) {
	for _, s := range []string{"[a](https://b.example)", "[[a](https://b.example)](https://c.example)", `[a\]](https://b.example)`, "# x\n-# y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := bot.SafeMarkdown(s); strings.Contains(out, "](") {
			t.Errorf("SafeMarkdown(%q) = %q keeps a masked link", s, out)
		}
	})
}
