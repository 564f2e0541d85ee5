package bot_test

import (
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
)

func TestAlertKeyIsTheStorysEarliestArticle(t *testing.T) {
	day := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	lead := data.Article{ID: "lead", Published: day.Add(2 * time.Hour)}
	early := data.Article{ID: "early", Published: day}
	twin := data.Article{ID: "aaa-twin", Published: day}
	later := data.Article{ID: "later", Published: day.Add(5 * time.Hour)}
	key := bot.AlertKey(1, []data.Article{lead, early})
	tests := []struct {
		name string
		id   int64
		arts []data.Article
		same bool
	}{
		{"the same story in another order", 1, []data.Article{early, lead}, true},
		{"with later coverage leading", 1, []data.Article{later, lead, early}, true},
		{"another alert", 2, []data.Article{lead, early}, false},
		{"an earlier article joined, ties broken by ID", 1, []data.Article{lead, early, twin}, false},
	}
	for _, tc := range tests {
		if got := bot.AlertKey(tc.id, tc.arts); (got == key) != tc.same {
			t.Errorf("%s: key %q, first %q; want same %v", tc.name, got, key, tc.same)
		}
	}
	if a, b := bot.AlertKey(1, []data.Article{twin, early}), bot.AlertKey(1, []data.Article{early, twin}); a != b {
		t.Errorf("articles published at once give keys %q and %q by their order; want one", a, b)
	}
	if k := bot.AlertKey(1, nil); k != "" {
		t.Errorf("key of no articles = %q, want none", k)
	}
}

func TestPostNonceFitsDiscordAndDiffersByPart(t *testing.T) {
	seen := map[string]bool{}
	for _, key := range []string{"digest 1 100", "digest 1 200", "digest 2 100"} {
		for part := range 3 {
			n := bot.PostNonce(key, part)
			if len(n) == 0 || len(n) > 25 || seen[n] {
				t.Errorf("nonce of %q part %d = %q: want 1 to 25 characters, unlike the others", key, part, n)
			}
			seen[n] = true
			if again := bot.PostNonce(key, part); again != n {
				t.Errorf("nonce of %q part %d is %q, then %q", key, part, n, again)
			}
		}
	}
}
