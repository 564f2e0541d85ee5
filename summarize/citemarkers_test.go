package summarize_test

import (
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

// TestFinishCitationsMarkersAfterNumbers checks that markers after a
// sentence ending in a number ("since 2021. [3] Employers ...") cite that
// sentence, not the next, in every marker form.
func TestFinishCitationsMarkersAfterNumbers(t *testing.T) {
	split := citeSplitter(t)
	tests := []struct {
		name, in, want string
	}{
		{"one marker", "Tolls on the Weir Bridge have not changed since 2021. [3] Employers added 12,600 jobs [4].",
			"Tolls on the Weir Bridge have not changed since 2021 [1]. Employers added 12,600 jobs [2]."},
		{"adjacent markers", "Tolls on the Weir Bridge have not changed since 2021. [3][4] Employers added 12,600 jobs [4].",
			"Tolls on the Weir Bridge have not changed since 2021 [1]. Employers added 12,600 jobs [2]."},
		{"a list", "Tolls on the Weir Bridge have not changed since 2021. [3, 4] Employers added 12,600 jobs. [4]",
			"Tolls on the Weir Bridge have not changed since 2021 [1]. Employers added 12,600 jobs [2]."},
		{"a range", "Enrollment at Harlow public schools dropped to 11,800. [4-5] Employers added 12,600 jobs. [4]",
			"Enrollment at Harlow public schools dropped to 11,800 [1]. Employers added 12,600 jobs [2]."},
		{"several sentences", "Kestrel was founded in 1987. [1] The Harriers won their first title since 2019. [2] Employers added 12,600 jobs. [4]",
			"Kestrel was founded in 1987 [1]. The Harriers won their first title since 2019 [2]. Employers added 12,600 jobs [3]."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := summarize.FinishCitations(tc.in, checkSources(), split).Text; got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
