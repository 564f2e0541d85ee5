package data

import (
	"net/url"
	"strings"
)

// IsHTTPURL reports whether s, without surrounding space, is an absolute
// http or https URL with a host. It is the one test of "is this a web
// address" for configuration, commands and feed items alike.
func IsHTTPURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
