package data_test

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestIsHTTPURL(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://example.com/a", true},
		{"http://example.com", true},
		{"HTTPS://Example.com/A", true},
		{"  https://example.com/a b  ", true},
		{"http://[::1]:8080/x", true},
		{"http://", false},
		{"http:///path", false},
		{"https://exa mple.com/", false},
		{"ftp://example.com/f", false},
		{"file:///etc/passwd", false},
		{"mailto:someone@example.com", false},
		{"example.com/a", false},
		{"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", false},
		{"news/file.html", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := data.IsHTTPURL(tt.in); got != tt.want {
			t.Errorf("IsHTTPURL(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}
