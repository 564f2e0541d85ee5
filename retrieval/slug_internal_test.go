package retrieval

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestSlugWords(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://news.example/2024/06/12/business/ferry-service-suspended/index.html", "ferry service suspended"},
		{"https://news.example/story/money/2024/06/12/city-budget-vote-delayed/7633818001/", "city budget vote delayed"},
		{"https://news.example/world/live-news/storm-updates-06-12-24/h_c164ac931cc84141", "storm updates"},
		{"https://news.example/2024/06/12/us/harbor-ferry", "harbor ferry"},
		{"https://news.example/news/957678/why_the_ferry_stopped.php", "why the ferry stopped"},
		{"https://news.example/politics/index.html", ""},
		{"https://news.example/click?id=abc-def-ghi", ""},
		{"https://news.example/2024-06-12/", ""},
		{"not a url %zz", ""},
	}
	for _, tt := range tests {
		if got := slugWords(tt.url); got != tt.want {
			t.Errorf("slugWords(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestTitleText(t *testing.T) {
	tests := []struct{ title, url, want string }{
		{"Council approves ...", "https://news.example/2024/06/12/council-approves-ferry-fares/index.html", "Council approves ... council approves ferry fares"},
		{"", "https://news.example/2024/06/12/harbor-ferry", "harbor ferry"},
		{"Ferry fares rise", "https://news.example/story/7633818001/", "Ferry fares rise"},
		{"", "", ""},
		// A title read from the slug is not counted twice.
		{"Harbor ferry", "https://news.example/2024/06/12/harbor-ferry-intl", "harbor ferry intl"},
		{"Artemis 1 nasa update", "https://news.example/2022/08/30/artemis-1-nasa-update-scn/index.html", "artemis nasa update scn"},
	}
	for _, tt := range tests {
		a := data.Article{Title: tt.title, URL: tt.url}
		if got := titleText(&a); got != tt.want {
			t.Errorf("titleText(%q, %q) = %q, want %q", tt.title, tt.url, got, tt.want)
		}
	}
}
