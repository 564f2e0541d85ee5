package bot_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the zones load where the system has none

	"github.com/newsbot/newsbot/bot"
)

func TestPlainMarkup(t *testing.T) {
	users := map[string]string{"700000000000000001": "alice"}
	tests := []struct{ in, want string }{
		{"what did <@700000000000000001> say?", "what did @alice say?"},
		{"ask <@!700000000000000001>", "ask @alice"},
		{"and <@700000000000000009>?", "and @someone?"},
		{"news for <@&800000000000000001>", "news for @role"},
		{"see <#600000000000000001> now", "see #channel now"},
		{"rail bill <:party:900000000000000001> <a:wave:900000000000000002>", "rail bill :party: :wave:"},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"<@alice> <#> <:no id:1> <:x:y> <b:x:1>", "<@alice> <#> <:no id:1> <:x:y> <b:x:1>"},
		{"unclosed <@7000", "unclosed <@7000"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := bot.PlainMarkup(tt.in, users); got != tt.want {
			t.Errorf("PlainMarkup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggestedTimeZonesAllLoad(t *testing.T) {
	names := bot.TimeZoneNames()
	if len(names) < 400 {
		t.Fatalf("%d time zones", len(names))
	}
	for _, z := range names {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("suggested time zone %s does not load: %v", z, err)
		}
	}
}
