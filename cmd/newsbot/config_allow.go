package main

import (
	"fmt"
	"net/netip"
	"strings"
)

// loadAllowLists reads NEWSBOT_ALLOW_HOSTS and NEWSBOT_ALLOW_CIDRS, each a
// comma-, space- or newline-separated list.
func (c *Config) loadAllowLists(getenv func(string) string) []error {
	var errs []error
	c.AllowHosts = list(getenv("NEWSBOT_ALLOW_HOSTS"))
	for _, v := range list(getenv("NEWSBOT_ALLOW_CIDRS")) {
		p, err := parsePrefix(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("NEWSBOT_ALLOW_CIDRS: %q is not an address or a range such as 192.168.1.0/24", v))
			continue
		}
		c.AllowCIDRs = append(c.AllowCIDRs, p)
	}
	return errs
}

// validateAllowHosts checks that every allowed host is a bare name.
func (c Config) validateAllowHosts() []error {
	var errs []error
	for _, h := range c.AllowHosts {
		if !isHostName(h) {
			errs = append(errs, fmt.Errorf("NEWSBOT_ALLOW_HOSTS: %q is not a host name such as feeds.lan (no scheme, port, path or wildcard)", h))
		}
	}
	return errs
}

// list splits a comma-, space- or newline-separated value.
func list(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
}

// parsePrefix reads a range such as 192.168.1.0/24, or one address as a
// range of one.
func parsePrefix(v string) (netip.Prefix, error) {
	if !strings.Contains(v, "/") {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return netip.Prefix{}, err
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(v)
	return p.Masked(), err
}

// isHostName reports whether h is a bare host name or address: no scheme,
// port, path or wildcard.
func isHostName(h string) bool {
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	if h == "" || len(h) > 253 || strings.HasPrefix(h, ".") || strings.Contains(h, "..") {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}
