package summarize

import (
	"strings"
	"testing"
	"unicode"
)

// isSubsequence reports whether the words of short appear in long in the
// same order: short was made by deleting words only.
func isSubsequence(short, long string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	ws, wl := split(short), split(long)
	i := 0
	for _, w := range wl {
		if i < len(ws) && ws[i] == w {
			i++
		}
	}
	return i == len(ws)
}

func TestCompress(t *testing.T) {
	tests := []struct {
		name, in, want string
		rules          compressRule
	}{
		{"trailing said", "A ferry ran aground off Gullhaven on Tuesday after its steering jammed, coastguards said.",
			"A ferry ran aground off Gullhaven on Tuesday after its steering jammed.", cutAttribution},
		{"trailing said with speaker and day", "The fire started shortly after 6 a.m. in the paint shed at the Brackley boatyard, chief Ines Morrow said Monday.",
			"The fire started shortly after 6 a.m. in the paint shed at the Brackley boatyard.", cutAttribution},
		{"according to", "Tomas Greer was hit in the left shoulder and right knee, according to Paula Renwick, a Harwick police spokeswoman.",
			"Tomas Greer was hit in the left shoulder and right knee.", cutAttribution},
		{"quoted speech keeps its speaker", `"Our boats cannot leave in this kind of swell," said Brandt, the skipper.`,
			`"Our boats cannot leave in this kind of swell," said Brandt, the skipper.`, cutAll},
		{"brackets", "Oskar Fenwick (left) is charged with robbing Marguerite Olde (right) outside her bakery.",
			"Oskar Fenwick is charged with robbing Marguerite Olde outside her bakery.", cutParen},
		{"dash aside", "The four cyclists -- aged between 19 and 41 -- were stopped by marshals near two villages.",
			"The four cyclists were stopped by marshals near two villages.", cutDashAside},
		{"dash tail", "At just 14, he has already built three robots in his shed -- each of them for the school fair.",
			"At just 14, he has already built three robots in his shed.", cutDashTail},
		{"participle tail", "A large blaze broke out Sunday at a Port Alder timber yard, pushing ash across the old harbour.",
			"A large blaze broke out Sunday at a Port Alder timber yard.", cutIngTail},
		{"including is content", "Three bakeries won prizes at the county fair, including Crumb and Co and the Mill Loaf.",
			"Three bakeries won prizes at the county fair, including Crumb and Co and the Mill Loaf.", cutIngTail},
		{"relative clause", "Hanna Sorel, who trains guide dogs for the blind, runs a kennel near Wexby for 60 puppies.",
			"Hanna Sorel runs a kennel near Wexby for 60 puppies.", cutRelative},
		{"appositive", "Tomas Greer, a 47-year-old Harwick ferryman, was injured by falling rigging on Friday.",
			"Tomas Greer was injured by falling rigging on Friday.", cutAppositive},
		{"a clause is not an appositive", "In Port Alder, a van was stolen near the quay, and a bike vanished on Saturday.",
			"In Port Alder, a van was stolen near the quay, and a bike vanished on Saturday.", cutAppositive},
		{"lead-in", "According to wardens, the thief escaped across the marsh on a red scooter.",
			"The thief escaped across the marsh on a red scooter.", cutLeadIn},
		{"too short to cut", "She won (again), judges said.", "She won (again), judges said.", cutAll},
		{"no rules", "The harbourmaster, who started in April, retired on Monday, staff said.",
			"The harbourmaster, who started in April, retired on Monday, staff said.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compress(tt.in, tt.rules)
			if got != tt.want {
				t.Errorf("compress(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCompressOnlyDeletes runs every rule over varied sentences and checks
// that the result is the input with words deleted and still looks like a
// sentence: a capital first letter and final punctuation.
func TestCompressOnlyDeletes(t *testing.T) {
	ins := []string{
		"Harwick police have detained the deputy director of the port authority, bringing the contracts inquiry a step closer to the mayor, officials said.",
		"The couple ran a busy bakery, Olde's Loaves, on Mill Row (pictured), Port Alder, where neighbours left flowers and cards after the robbery .",
		"Kestrel Power has hired Meridian's safety director Ruth Calloway (pictured) -- a former fire inspector -- to deal with mounting battery complaints, according to a statement.",
		"On Thursday, Governor Ada Brightwater, the state's first woman governor, signed the budget, which had cleared the assembly, into law, her office said.",
		"Medics were sent to the marina around 4:15 p.m. local time (3:15 p.m. GMT) Saturday after a report of a capsized dinghy, spokeswoman Ines Morrow said.",
		"Last month, Oskar Fenwick was convicted on all 12 counts he faced over the bakery robberies, leaving the judge to decide his sentence.",
	}
	for _, in := range ins {
		got := compress(in, cutAll)
		if !isSubsequence(got, in) {
			t.Errorf("compress(%q) = %q: not a deletion", in, got)
		}
		if len(got) >= len(in) {
			t.Errorf("compress(%q) deleted nothing", in)
		}
		if !wellFormed(got) || strings.Contains(got, "  ") || strings.Contains(got, " ,") || strings.Contains(got, " .") {
			t.Errorf("compress(%q) = %q: not a tidy sentence", in, got)
		}
	}
}
