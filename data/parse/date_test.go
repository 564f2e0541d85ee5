package parse_test

import (
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

func TestDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	day := utc(2022, time.June, 12, 0, 0, 0, 0)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "", want: time.Time{}},
		{in: "   ", want: time.Time{}},
		{in: "2022/06/12", want: day},
		{in: "2022-06-12", want: day},
		{in: " 2022-06-12\n", want: day},
		{in: "2022-06-12T10:20:30Z", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "2022-06-12T10:20:30.250Z", want: utc(2022, 6, 12, 10, 20, 30, 250e6)},
		{in: "2022-06-12T10:20:30+02:00", want: utc(2022, 6, 12, 8, 20, 30, 0)},
		{in: "2022-06-12T10:20:30.5-05:00", want: utc(2022, 6, 12, 15, 20, 30, 500e6)},
		{in: "2022-06-12T10:20:30", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "2022-06-12 10:20:30", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "Sun, 12 Jun 2022 10:20:30 GMT", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "Sun, 12 Jun 2022 10:20:30 +0100", want: utc(2022, 6, 12, 9, 20, 30, 0)},
		{in: "Sun, 2 Jun 2022 10:20:30 +0000", want: utc(2022, 6, 2, 10, 20, 30, 0)},
		{in: "Sun, 12 Jun 2022 10:20:30 EDT", want: utc(2022, 6, 12, 14, 20, 30, 0)},
		{in: "12 Jun 22 10:20 GMT", want: utc(2022, 6, 12, 10, 20, 0, 0)},
		{in: "12 Jun 22 10:20 -0700", want: utc(2022, 6, 12, 17, 20, 0, 0)},
		{in: "June 12, 2022", want: day},
		{in: "June 12th, 2022", want: day},
		{in: "Jun 12, 2022", want: day},
		{in: "12 June 2022", want: day},
		{in: "12 Jun 2022", want: day},
		{in: "1655028030", want: utc(2022, 6, 12, 10, 0, 30, 0)},
		{in: "1655028030000", want: utc(2022, 6, 12, 10, 0, 30, 0)},
		{in: "yesterday", wantErr: true},
		{in: "2022-13-45", wantErr: true},
		{in: "June 2022 12", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parse.Date(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Date(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("Date(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("Date(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if !got.IsZero() && got.Location() != time.UTC {
			t.Errorf("Date(%q) location = %v, want UTC", tt.in, got.Location())
		}
	}
}
