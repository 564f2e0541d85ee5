package summarize_test

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

func TestLead(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"simple", "One is here. Two is here! Three? Four.", []string{"One is here.", "Two is here!", "Three?"}},
		{"closing quote", `He said "Go." Then 5 left. 'Yes' she said. No.`, []string{`He said "Go."`, "Then 5 left.", "'Yes' she said."}},
		{"lower case does not split", "Mr. smith came. e.g. this. Done", []string{"Mr. smith came. e.g. this.", "Done"}},
		{"abbreviation before capital splits", "Mr. Smith came.", []string{"Mr.", "Smith came."}},
		{"no terminal punctuation", "just words", []string{"just words"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize.Lead(tt.text, 3)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Lead(%q, 3) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
