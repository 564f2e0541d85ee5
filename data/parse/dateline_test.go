package parse_test

import (
	"testing"

	"github.com/newsbot/newsbot/data/parse"
)

func TestDatelineEnd(t *testing.T) {
	tests := []struct {
		in   string
		rest string // what follows the dateline; in itself when there is none
	}{
		// Outlets in brackets.
		{"(CNN) The storm moved north overnight.", "The storm moved north overnight."},
		{"Paris (CNN) — Museums closed on Monday.", "Museums closed on Monday."},
		{"New York (CNN Business) Shares fell.", "Shares fell."},
		{"WASHINGTON (AP) — The Senate voted.", "The Senate voted."},
		{"KYIV, Ukraine (AP) — Sirens sounded again.", "Sirens sounded again."},
		{"LONDON, June 3 (Reuters) - Prices rose.", "Prices rose."},
		{"San Marco/Lisbon (CNN Business) Talks resumed.", "Talks resumed."},
		{"Kyiv and Lviv, Ukraine (CNN) Sirens sounded.", "Sirens sounded."},
		{"HAMBURG (Wire) - Ships moved again.", "Ships moved again."},
		{"SEVILLE, July 9 (Newswire) - It was hot.", "It was hot."},
		{"OSLO (Wire) —", ""},
		{"NEW YORK (Jan. 31) — Fares rose.", "Fares rose."},
		// CNN without brackets.
		{"CNN — A ferry sank.", "A ferry sank."},
		{"Washington CNN — Lawmakers met.", "Lawmakers met."},
		{"New York CNN Business — Stocks slid.", "Stocks slid."},
		{"Port Alder, Veland CNN — Rain fell.", "Rain fell."},
		// A place in capitals.
		{"WASHINGTON – The court ruled.", "The court ruled."},
		{"CHARLEROI, Belgium – A pilot landed.", "A pilot landed."},
		{"CAPE CANAVERAL, Fla. — The launch slipped.", "The launch slipped."},
		{"ST. LOUIS - Crews worked late.", "Crews worked late."},
		{"SAN JOSE, Calif. —The first thing.", "The first thing."},
		{"MARLOW -\tThe council met.", "The council met."},
		{"NEW YORK –– On Monday it rained.", "On Monday it rained."},
		// Not datelines.
		{"ET -- but the moon will set.", "ET -- but the moon will set."},
		{"NATO - the alliance - met.", "NATO - the alliance - met."},
		{"U.S.-China talks resumed.", "U.S.-China talks resumed."},
		{"COVID-19 cases rose.", "COVID-19 cases rose."},
		{"Washington – and its allies – agreed.", "Washington – and its allies – agreed."},
		{"The council voted - narrowly - to close it.", "The council voted - narrowly - to close it."},
		{"CNN reported the news first.", "CNN reported the news first."},
		{"Sen. Ada Vale (D-Veland) — who chairs it — spoke.", "Sen. Ada Vale (D-Veland) — who chairs it — spoke."},
		{"(CNN)Sharp", "(CNN)Sharp"},
		{"", ""},
	}
	for _, tt := range tests {
		i := parse.DatelineEnd(tt.in)
		if got := tt.in[i:]; got != tt.rest {
			t.Errorf("DatelineEnd(%q) leaves %q, want %q", tt.in, got, tt.rest)
		}
	}
}
