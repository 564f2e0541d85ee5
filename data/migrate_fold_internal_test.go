package data

import "testing"

func TestRepointJSON(t *testing.T) {
	renamed := map[string]string{"uold1": "unew1", "uold2": "unew2"}
	tests := []struct {
		name, doc, want string
		changed         bool
	}{
		{"citations", `[{"n":1,"article_id":"uold1","url":"https://x.example/a"}, {"n":2,"article_id":"uold2"}]`,
			`[{"n":1,"article_id":"unew1","url":"https://x.example/a"}, {"n":2,"article_id":"unew2"}]`, true},
		{"layout and key order kept", "{ \"z\": 1.50,\n  \"id\" : \"uold1\" }", "{ \"z\": 1.50,\n  \"id\" : \"unew1\" }", true},
		{"a key", `{"uold1":{"n":1}}`, `{"unew1":{"n":1}}`, true},
		{"a bare string", `"uold2"`, `"unew2"`, true},
		{"only whole strings", `[{"q":"what about uold1?","a":"uold1x"}]`, "", false},
		{"escaped spelling left alone", `["\u0075old1"]`, "", false},
		{"nothing named", `[{"n":1,"article_id":"ukeep"}]`, "", false},
		{"not JSON", `[{"article_id":"uold1"`, "", false},
	}
	for _, tt := range tests {
		got, changed := repointJSON(tt.doc, renamed)
		if got != tt.want || changed != tt.changed {
			t.Errorf("%s: repointJSON(%s) = %s, %v; want %s, %v", tt.name, tt.doc, got, changed, tt.want, tt.changed)
		}
	}
}
