package data_test

import (
	"context"
	"errors"
	"testing"

	"github.com/newsbot/newsbot/data"
)

// botKind is one of the two kinds of bot state: they are stored and pruned
// alike, so the same tests run over both.
type botKind struct {
	name string
	put  func(s *data.Store, ctx context.Context, key string, payload []byte, keep int) error
	get  func(s *data.Store, ctx context.Context, key string) ([]byte, error)
}

func botKinds() []botKind {
	return []botKind{
		{"threads", (*data.Store).SaveBotThread, (*data.Store).BotThread},
		{"sources", (*data.Store).PutBotSources, (*data.Store).BotSources},
	}
}

// wantBotRow fails tb unless key holds want; want "" means not stored.
func wantBotRow(tb testing.TB, k botKind, s *data.Store, key, want string) {
	tb.Helper()
	got, err := k.get(s, tb.Context(), key)
	switch {
	case want == "" && !errors.Is(err, data.ErrNotFound):
		tb.Errorf("%s %q = %s, %v; want data.ErrNotFound", k.name, key, got, err)
	case want != "" && (err != nil || string(got) != want):
		tb.Errorf("%s %q = %s, %v; want %s", k.name, key, got, err, want)
	}
}

func TestBotStateKeepsTheNewestRowsAcrossReopen(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		for _, k := range botKinds() {
			t.Run(k.name, func(t *testing.T) {
				s, path := be.open(t)
				put := func(key, payload string, keep int) {
					t.Helper()
					if err := k.put(s, t.Context(), key, []byte(payload), keep); err != nil {
						t.Fatalf("put %s: %v", key, err)
					}
				}
				put("a", `["a1"]`, 2)
				put("b", `["b1"]`, 2)
				put("c", `["c1"]`, 2)
				wantBotRow(t, k, s, "a", "") // the oldest went first
				wantBotRow(t, k, s, "b", `["b1"]`)
				wantBotRow(t, k, s, "c", `["c1"]`)

				// Writing b again makes it the newest, so c goes next.
				put("b", `["b1","b2"]`, 2)
				put("d", `["d1"]`, 2)
				wantBotRow(t, k, s, "c", "")
				wantBotRow(t, k, s, "b", `["b1","b2"]`)
				wantBotRow(t, k, s, "d", `["d1"]`)

				// No limit keeps every row.
				put("e", `[]`, 0)
				put("f", `[]`, 0)
				for _, key := range []string{"b", "d", "e", "f"} {
					if _, err := k.get(s, t.Context(), key); err != nil {
						t.Errorf("%s after puts without a limit: %v", key, err)
					}
				}

				// What was written survives closing the store.
				s.Close()
				s = be.reopen(t, path)
				wantBotRow(t, k, s, "b", `["b1","b2"]`)
				wantBotRow(t, k, s, "f", `[]`)
				wantBotRow(t, k, s, "c", "")
			})
		}
	})
}

func TestBotStateRejectsBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		for _, k := range botKinds() {
			tests := []struct {
				name, key, payload string
			}{
				{"empty key", "", `[]`},
				{"not JSON", "k", `{"unterminated`},
				{"empty payload", "k", ``},
				{"JSON that is not UTF-8", "k", "[\"caf\xe9\"]"},
			}
			for _, tc := range tests {
				if err := k.put(s, t.Context(), tc.key, []byte(tc.payload), 10); err == nil {
					t.Errorf("%s %s: put succeeded", k.name, tc.name)
				}
				wantBotRow(t, k, s, tc.key, "")
			}
		}
	})
}

func TestBotStateMigratesFromVersion2(t *testing.T) {
	s, path := openTestStore(t)
	v := storeSchemaVersion(t, s)
	if v < 3 {
		t.Fatalf("user_version = %d, want at least 3 (bot state)", v)
	}
	// A database written before the bot kept its state gets the tables.
	s = downgradeAndReopen(t, s, path, v, "DROP TABLE bot_threads", "DROP TABLE bot_sources",
		"DROP TABLE article_aliases", "PRAGMA user_version = 2")
	ctx := context.Background()
	for _, k := range botKinds() {
		if err := k.put(s, ctx, "x", []byte(`[1]`), 5); err != nil {
			t.Errorf("%s after upgrade: %v", k.name, err)
		}
		wantBotRow(t, k, s, "x", `[1]`)
	}
}
