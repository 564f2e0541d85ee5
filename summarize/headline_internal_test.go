package summarize

import "testing"

func TestHeadlineSentence(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Harlow council approves the new bridge", "Harlow council approves the new bridge."},
		{"Harlow council approves the new bridge | Marlow Herald", "Harlow council approves the new bridge."},
		{"Storm cuts power to 40,000 homes in the ...", "Storm cuts power to 40,000 homes."},
		{"In pictures: Serena Vale's final match at Harlow", "Serena Vale's final match at Harlow."},
		{"Opinion: The bridge was never the problem", "The bridge was never the problem."},
		{"5 things to know for July 14: Floods, Harlow vote, Vale trial", ""},
		{"Ten Things You Need to Know Today: 14 July 2022", ""},
		{"Bridge closed", ""},
	}
	for _, tt := range tests {
		if got := headlineSentence(tt.title); got != tt.want {
			t.Errorf("headlineSentence(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
