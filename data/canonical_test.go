package data_test

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		// Directory index files and trailing slashes.
		{"index.html", "https://www.cnn.com/2022/06/12/x/index.html", "https://cnn.com/2022/06/12/x"},
		{"trailing slash", "https://www.cnn.com/2022/06/12/x/", "https://cnn.com/2022/06/12/x"},
		{"index.htm", "https://example.com/news/index.htm", "https://example.com/news"},
		{"default.aspx any case", "https://example.com/news/Default.ASPX", "https://example.com/news"},
		{"index.php keeps its query", "https://example.com/index.php?p=45", "https://example.com/?p=45"},
		{"several trailing slashes", "https://example.com/news//", "https://example.com/news"},
		{"root", "https://www.example.com", "https://example.com/"},

		// AMP editions.
		{"amp path suffix", "https://example.com/news/story/amp/", "https://example.com/news/story"},
		{"amp path prefix", "https://example.com/amp/news/story", "https://example.com/news/story"},
		{"amp host", "https://amp.theguardian.com/world/2022/jun/12/x", "https://theguardian.com/world/2022/jun/12/x"},
		{"amp=1", "https://example.com/news/story?amp=1", "https://example.com/news/story"},
		{"bare amp parameter", "https://example.com/news/story?amp", "https://example.com/news/story"},
		{"outputType=amp", "https://example.com/news/story?outputType=amp&id=7", "https://example.com/news/story?id=7"},
		{".amp.html", "https://example.com/news/story.amp.html", "https://example.com/news/story.html"},
		{".amp", "https://www.bbc.co.uk/news/world-123.amp", "https://bbc.co.uk/news/world-123"},

		// Hosts.
		{"mobile host", "https://m.example.com/story", "https://example.com/story"},
		{"mobile. host", "https://mobile.example.com/story", "https://example.com/story"},
		{"www and mobile", "https://www.m.example.com/story/", "https://example.com/story"},
		{"case of scheme and host, not path", "HTTP://WWW.Example.COM/Story", "https://example.com/Story"},
		{"trailing dot of host", "https://example.com./story", "https://example.com/story"},
		{"default https port", "https://example.com:443/story", "https://example.com/story"},
		{"default http port", "http://example.com:80/story", "https://example.com/story"},
		{"user info", "https://user:secret@example.com/story", "https://example.com/story"},
		{"IPv6 with port", "http://[::1]:8080/x/", "https://[::1]:8080/x"},

		// Query and fragment.
		{"tracking parameters", "https://example.com/story?utm_source=tw&utm_medium=social&fbclid=x&gclid=y&mc_cid=a&mc_eid=b&ref=home&cmpid=c&smid=d&ocid=e",
			"https://example.com/story"},
		{"tracking parameters any case", "https://example.com/story?UTM_Campaign=z&CMP=share_btn&at_medium=rss", "https://example.com/story"},
		{"sorted parameters", "https://example.com/story?b=2&a=1", "https://example.com/story?a=1&b=2"},
		{"fragment", "https://example.com/story#comments", "https://example.com/story"},
		{"everything at once", "https://www.example.com/news/index.html?utm_source=rss&amp=1#top", "https://example.com/news"},

		// What names another page stays.
		{"id parameter", "https://example.com/article?id=123", "https://example.com/article?id=123"},
		{"p parameter", "https://example.com/?p=46", "https://example.com/?p=46"},
		{"other subdomain", "https://edition.cnn.com/story", "https://edition.cnn.com/story"},
		{"news subdomain", "https://news.example.com/story", "https://news.example.com/story"},
		{"other port", "https://example.com:8443/story", "https://example.com:8443/story"},
		{"m as the whole domain", "https://m.example/story", "https://m.example/story"},
		{"www as the whole domain", "https://www.example/", "https://www.example/"},
		{"amp inside a word", "https://example.com/camp/ampersand/amp-stories", "https://example.com/camp/ampersand/amp-stories"},
		{"amp=0", "https://example.com/story?amp=0", "https://example.com/story?amp=0"},
		{"index file not last", "https://example.com/index.php/2022/story", "https://example.com/index.php/2022/story"},
		{"not an index file", "https://example.com/indexes.html", "https://example.com/indexes.html"},
		{"escaped slash", "https://example.com/a%2Fb/", "https://example.com/a%2Fb"},
		{"query that does not parse", "https://example.com/s?b=2;a=1", "https://example.com/s?b=2;a=1"},

		// Not http(s).
		{"ftp", "ftp://example.com/x", ""},
		{"mailto", "mailto:desk@example.com", ""},
		{"relative", "/news/story", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := data.CanonicalURL(tt.raw)
			if got != tt.want {
				t.Fatalf("CanonicalURL(%q) = %q, want %q", tt.raw, got, tt.want)
			}
			if again := data.CanonicalURL(got); got != "" && again != got {
				t.Errorf("CanonicalURL is not idempotent: %q, then %q", got, again)
			}
			// The stored (clean) URL keys the same article as the raw one.
			if viaClean := data.CanonicalURL(data.CleanURL(tt.raw)); viaClean != got {
				t.Errorf("CanonicalURL(CleanURL(%q)) = %q, want %q", tt.raw, viaClean, got)
			}
		})
	}
}

func TestCleanURLOnlyMakesSafeChanges(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"https://WWW.Example.com:443/x/index.html?utm_source=a&b=2#f", "https://www.example.com/x/index.html?b=2"},
		{"https://m.example.com/news/story/amp/?fbclid=1", "https://m.example.com/news/story/amp/"},
		{"http://example.com", "http://example.com/"},
		{"https://user@example.com/a/?z=1&y=2", "https://example.com/a/?y=2&z=1"},
		{"ftp://example.com/x", ""},
	}
	for _, tt := range tests {
		if got := data.CleanURL(tt.raw); got != tt.want {
			t.Errorf("CleanURL(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestNormalizeKeysVariantsAlike(t *testing.T) {
	variants := []string{
		"https://www.cnn.com/2022/06/12/x/index.html",
		"https://www.cnn.com/2022/06/12/x/",
		"http://cnn.com/2022/06/12/x?utm_source=rss",
		"https://amp.cnn.com/2022/06/12/x/amp",
		"https://m.cnn.com/2022/06/12/x?outputType=amp",
	}
	var first data.Article
	for i, u := range variants {
		a := data.Article{URL: u, Title: "X", Text: "Text."}
		a.Normalize()
		if a.URL != data.CleanURL(u) {
			t.Errorf("Normalize(%q) URL = %q, want the clean URL %q", u, a.URL, data.CleanURL(u))
		}
		if a.Source != "cnn.com" {
			t.Errorf("Normalize(%q) Source = %q, want cnn.com", u, a.Source)
		}
		if i == 0 {
			first = a
			continue
		}
		if a.ID != first.ID {
			t.Errorf("Normalize(%q) ID = %s, want %s as for %q", u, a.ID, first.ID, variants[0])
		}
	}
	other := data.Article{URL: "https://edition.cnn.com/2022/06/12/x/", Title: "X", Text: "Text."}
	other.Normalize()
	if other.ID == first.ID {
		t.Errorf("another subdomain got the same ID %s", other.ID)
	}
}
