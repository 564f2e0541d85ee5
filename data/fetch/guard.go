package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// blockedRange is an address range the fetcher refuses to connect to unless
// private targets are allowed, and the word that tells a user why.
type blockedRange struct {
	prefix netip.Prefix
	kind   string
}

// blockedRanges lists the ranges that are not the public internet. It is
// built by a function rather than held in a package variable so that nothing
// in the package is mutable; the list is small and the cost is negligible
// next to a TCP handshake.
func blockedRanges() []blockedRange {
	p := netip.MustParsePrefix
	return []blockedRange{
		{p("0.0.0.0/32"), "unspecified"},
		{p("0.0.0.0/8"), "reserved"},
		{p("10.0.0.0/8"), "private"},
		{p("100.64.0.0/10"), "shared (carrier-grade NAT)"},
		{p("127.0.0.0/8"), "loopback"},
		{p("169.254.0.0/16"), "link-local"},
		{p("172.16.0.0/12"), "private"},
		{p("192.0.0.0/24"), "reserved"},
		{p("192.0.2.0/24"), "reserved"},
		{p("192.168.0.0/16"), "private"},
		{p("198.18.0.0/15"), "reserved"},
		{p("198.51.100.0/24"), "reserved"},
		{p("203.0.113.0/24"), "reserved"},
		{p("224.0.0.0/4"), "multicast"},
		{p("240.0.0.0/4"), "reserved"},

		{p("::/128"), "unspecified"},
		{p("::1/128"), "loopback"},
		// IPv4-compatible addresses are deprecated; nothing public uses them.
		{p("::/96"), "reserved"},
		{p("64:ff9b:1::/48"), "reserved"},
		{p("100::/64"), "reserved"},
		// Teredo tunnels embed an obfuscated IPv4 address that could point
		// anywhere.
		{p("2001::/32"), "reserved"},
		{p("2001:db8::/32"), "reserved"},
		{p("fc00::/7"), "unique-local"},
		{p("fe80::/10"), "link-local"},
		{p("fec0::/10"), "private"},
		{p("ff00::/8"), "multicast"},
	}
}

// blockedAddrError says that a connection to addr was refused because addr
// is not a public internet address.
type blockedAddrError struct {
	addr netip.Addr
	kind string
}

func (e *blockedAddrError) Error() string {
	article := "a"
	if strings.ContainsRune("aeio", rune(e.kind[0])) || strings.HasPrefix(e.kind, "un") && !strings.HasPrefix(e.kind, "uni") {
		article = "an"
	}
	return fmt.Sprintf("%s is %s %s address", e.addr, article, e.kind)
}

// CheckAddr returns an error saying why the fetcher refuses to connect to ip
// when private targets are not allowed: it is loopback, private, link-local,
// unique-local, multicast, unspecified, carrier-grade NAT or otherwise
// reserved, including the IPv4-mapped, NAT64 and 6to4 IPv6 forms of those.
// It returns nil for a public address.
func CheckAddr(ip netip.Addr) error {
	ip = ip.WithZone("").Unmap()
	if !ip.IsValid() {
		return fmt.Errorf("fetch: invalid address")
	}
	if kind := blockedKind(ip); kind != "" {
		return &blockedAddrError{addr: ip, kind: kind}
	}
	return nil
}

// blockedKind returns the kind of non-public range ip falls in, or "" when
// ip is public. ip must be unmapped and without a zone.
func blockedKind(ip netip.Addr) string {
	if ip.Is6() {
		// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address
		// that a translator will connect to; judge that address.
		b := ip.As16()
		switch {
		case netip.MustParsePrefix("64:ff9b::/96").Contains(ip):
			return blockedKind(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case netip.MustParsePrefix("2002::/16").Contains(ip):
			return blockedKind(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	for _, r := range blockedRanges() {
		if r.prefix.Contains(ip) {
			return r.kind
		}
	}
	return ""
}

// dialGuard returns a net.Dialer Control function that refuses connections to
// non-public addresses, except those inside one of allow. It runs after name
// resolution, on the address actually dialled, so host names that resolve to
// loopback, DNS rebinding and redirects to private addresses are all caught.
func dialGuard(allow []netip.Prefix) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("fetch: dial guard: unexpected address %q: %w", address, err)
		}
		ip := ap.Addr().WithZone("").Unmap()
		for _, p := range allow {
			if p.Contains(ip) {
				return nil
			}
		}
		return CheckAddr(ip)
	}
}

// unmapPrefixes returns a copy of ps in which IPv4-mapped IPv6 ranges
// (::ffff:10.0.0.0/104) are the IPv4 ranges they map, since the guard
// judges dialled addresses unmapped.
func unmapPrefixes(ps []netip.Prefix) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(ps))
	for _, p := range ps {
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96).Masked()
		}
		out = append(out, p)
	}
	return out
}

// dialFunc is the signature of net.Dialer.DialContext.
type dialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// hostGuard returns a dial function that connects to the hosts named in
// allow with open, and to everything else with guarded. The host is the one
// the transport dials, that of the request or of the redirect being
// followed, before name resolution.
func hostGuard(allow []string, open, guarded dialFunc) dialFunc {
	if len(allow) == 0 {
		return guarded
	}
	named := make(map[string]bool, len(allow))
	for _, h := range allow {
		named[normalHost(h)] = true
	}
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(address)
		if err == nil && named[normalHost(host)] {
			return open(ctx, network, address)
		}
		return guarded(ctx, network, address)
	}
}

// normalHost is host lower-cased, without a trailing dot or IPv6 brackets.
func normalHost(host string) string {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}
