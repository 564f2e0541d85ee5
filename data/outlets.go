package data

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// MatchOutlets returns the outlets that name, as a user writes it, stands
// for: compared case-insensitively with each outlet's name and domain, and
// with the name that a domain spells ("CNN" is cnn.com, "USA Today" is
// usatoday.com, "www.bbc.co.uk" is "BBC").
func MatchOutlets(name string, outlets []Outlet) []Outlet {
	want := outletKeys(name)
	var out []Outlet
	for _, o := range outlets {
		if keysMeet(want, outletKeys(o.Name)) || (o.Domain != "" && keysMeet(want, outletKeys(o.Domain))) {
			out = append(out, o)
		}
	}
	return out
}

// NearOutlets returns up to n outlets whose name or domain is close to
// name, closest first, for a "did you mean" when MatchOutlets finds none:
// those that begin with what the user wrote, or that it begins with, then
// those within a few typing mistakes of it.
func NearOutlets(name string, outlets []Outlet, n int) []Outlet {
	want := outletKeys(name)
	type scored struct {
		o    Outlet
		dist int
	}
	var near []scored
	for _, o := range outlets {
		best := -1
		for _, k := range append(outletKeys(o.Name), outletKeys(o.Domain)...) {
			for _, w := range want {
				d := keyDistance(w, k)
				if d >= 0 && (best < 0 || d < best) {
					best = d
				}
			}
		}
		if best >= 0 {
			near = append(near, scored{o, best})
		}
	}
	// Stable: outlets with more articles stay first among equals.
	slices.SortStableFunc(near, func(a, b scored) int { return cmp.Compare(a.dist, b.dist) })
	out := make([]Outlet, 0, min(n, len(near)))
	for _, s := range near[:min(n, len(near))] {
		out = append(out, s.o)
	}
	return out
}

// keyDistance is how far the user's key w is from an outlet's key k: 0
// when one begins with the other, else their edit distance when it is
// small for their length, else -1.
func keyDistance(w, k string) int {
	if w == "" || k == "" {
		return -1
	}
	short, long := w, k
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= 2 && strings.HasPrefix(long, short) {
		return 0
	}
	d := editDistance(w, k)
	if d > max(1, min(len(w), len(k))/3) {
		return -1
	}
	return d
}

// outletKeys returns the forms an outlet's name or domain is compared in:
// its letters and digits in lower case ("usatoday"), without a leading
// "the", and for a domain, the domain itself and the name it spells (the
// label before its public suffix: "cnn" of "edition.cnn.com", "bbc" of
// "bbc.co.uk").
func outletKeys(s string) []string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return nil
	}
	if host := domainOf(s); host != "" {
		labels := strings.Split(host, ".")
		labels = labels[:len(labels)-1]
		if n := len(labels); n >= 2 && len(labels[n-1]) <= 3 && secondLevel(labels[n-1]) {
			labels = labels[:n-1]
		}
		return []string{host, compact(labels[len(labels)-1])}
	}
	keys := []string{compact(s)}
	if rest, ok := strings.CutPrefix(s, "the "); ok {
		keys = append(keys, compact(rest))
	}
	return keys
}

// domainOf returns s as a host without "www." when s is a domain or a URL
// ("cnn.com", "https://www.cnn.com/"), else "".
func domainOf(s string) string {
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			s = u.Hostname()
		}
	}
	s = strings.TrimSuffix(s, "/")
	if strings.ContainsAny(s, " /") || !strings.Contains(s, ".") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return ""
	}
	return strings.TrimPrefix(s, "www.")
}

// secondLevel reports whether label is one of the common second-level
// labels of country domains ("co" of "bbc.co.uk").
func secondLevel(label string) bool {
	switch label {
	case "co", "com", "org", "net", "gov", "ac", "edu", "or", "ne":
		return true
	}
	return false
}

// compact keeps the letters and digits of s.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func keysMeet(a, b []string) bool {
	for _, x := range a {
		if x != "" && slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
