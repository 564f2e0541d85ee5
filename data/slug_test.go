package data_test

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestSlugTitle(t *testing.T) {
	tests := []struct{ url, text, want string }{
		{"https://www.cnn.com/2022/07/13/media/netflix-ads-microsoft/index.html", "Netflix picked Microsoft to sell its ads.", "Netflix ads microsoft"},
		// Edition and desk codes that the text never uses are dropped...
		{"https://www.cnn.com/2022/07/05/asia/sri-lanka-bankrupt-fuel-crisis-intl-hnk/index.html", "Sri Lanka is bankrupt, its prime minister said.", "Sri lanka bankrupt fuel crisis"},
		{"https://www.cnn.com/2022/08/02/sport/vin-scully-obit/index.html", "Vin Scully, the voice of the Dodgers, has died.", "Vin scully"},
		// ... but words the text uses, or begins, are kept.
		{"https://news.example/2022/08/02/fed-raises-rates-gdp", "The Fed cited GDP figures.", "Fed raises rates gdp"},
		{"https://news.example/2022/08/02/vin-scully-obit", "An obituary of Vin Scully.", "Vin scully obit"},
		{"https://news.example/2022/08/02/toys-ban-intl", "Shops must remove the toys, which the ministry banned.", "Toys ban"},
		// Without text, only codes without a vowel go.
		{"https://news.example/2022/08/02/toys-ban-intl-hnk", "", "Toys ban intl"},
		// Dates, numeric IDs, hashes and file names are not words.
		{"https://news.example/story/money/2024/06/12/city-budget-vote-delayed/7633818001/", "", "City budget vote delayed"},
		{"https://news.example/europe/live-news/russia-ukraine-war-news-07-12-22/h_c164ac931cc8414108b8bbae8f859e65", "", "Russia ukraine war news"},
		{"https://news.example/news/957678/why_the_ferry_stopped.php", "", "Why the ferry stopped"},
		{"https://news.example/2022/08/02/harbor-ferry-deadbeef42", "", "Harbor ferry"},
		// Short numbers are part of the headline; a trailing date or an ID is not.
		{"https://www.cnn.com/2022/08/30/world/artemis-1-nasa-update-scn/index.html", "NASA said the Artemis I rocket", "Artemis 1 nasa update"},
		{"https://news.example/2022/08/24/politics/jill-biden-rebound-covid-19/index.html", "She tested positive for Covid-19 again.", "Jill biden rebound covid 19"},
		{"https://news.example/2022/08/14/india/india-independence-day-75-years-intl-hnk-dst/index.html", "India marks 75 years of independence.", "India independence day 75 years"},
		{"https://news.example/news/harbor-ferry-returns-8812345", "", "Harbor ferry returns"},
		// Two words always stay.
		{"https://news.example/2022/06/15/business/ford-recall/index.html", "Ford is recalling cars.", "Ford recall"},
		// No slug, no title.
		{"https://news.example/politics/index.html", "", ""},
		{"https://news.example/click?id=abc-def-ghi", "", ""},
		{"https://news.example/article/EYWxleGFuZHJhLm1lZWtzQHdhcm5lcm1l/x", "", ""},
		{"https://news.example/2024-06-12/", "", ""},
	}
	for _, tt := range tests {
		if got := data.SlugTitle(tt.url, tt.text); got != tt.want {
			t.Errorf("SlugTitle(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

// Issue 12: untitled articles were cited as "cnn.com · 2022-07-05 · ".
func TestNormalizeTitlesUntitledArticlesFromTheirSlug(t *testing.T) {
	tests := []struct{ title, url, want string }{
		{"", "https://www.cnn.com/2022/07/13/media/netflix-ads-microsoft/index.html", "Netflix ads microsoft"},
		{"Netflix picks Microsoft", "https://www.cnn.com/2022/07/13/media/netflix-ads-microsoft/index.html", "Netflix picks Microsoft"},
		{"", "https://news.example/?p=123", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		a := data.Article{Title: tt.title, URL: tt.url, Text: "Netflix picked Microsoft."}
		a.Normalize()
		if a.Title != tt.want {
			t.Errorf("Normalize(%q, %q): title %q, want %q", tt.title, tt.url, a.Title, tt.want)
		}
		id := a.ID
		a.Normalize()
		if a.Title != tt.want || a.ID != id {
			t.Errorf("Normalize is not idempotent: %q %s, then %q %s", tt.want, id, a.Title, a.ID)
		}
	}
}
