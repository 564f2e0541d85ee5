package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// TestAlertReplyIsOneMessage: an alert post is edited with later
// coverage, so however many outlets and however long their titles, it is
// drawn as one message within Discord's limits.
func TestAlertReplyIsOneMessage(t *testing.T) {
	h := bot.NewHandlers(&fakeService{}, nil, nil, bot.HandlerConfig{})
	story := func(outlets, titleLen int) (summarize.Story, []data.Article) {
		var (
			arts []data.Article
			cs   []summarize.Citation
		)
		for i := range outlets {
			title := fmt.Sprintf("%d ", i) + strings.Repeat("harbour ", titleLen/8)
			url := fmt.Sprintf("https://outlet%d.example/", i) + strings.Repeat("long-path/", titleLen/10)
			arts = append(arts, data.Article{ID: fmt.Sprint(i), Title: title, URL: url, Source: fmt.Sprintf("Outlet %d", i), Published: asOf})
			if i < 5 {
				cs = append(cs, summarize.Citation{N: i + 1, Title: title, URL: url, Source: fmt.Sprintf("Outlet %d", i), Published: asOf})
			}
		}
		return summarize.Story{Headline: arts[0].Title, Outlets: []string{"Outlet 0"}, ArticleIDs: []string{"0"},
			Summary: summarize.Answer{Text: strings.Repeat("The dockers walked out [1]. ", titleLen), Citations: cs}}, arts
	}
	tests := []struct {
		name             string
		outlets, long    int
		want, wantAbsent []string
	}{
		{"a small story keeps its sources", 3, 40, []string{"Covered by 3 outlets", "Outlet 2", "Sources"}, []string{"more outlet"}},
		{"many outlets are counted past ten", 14, 40, []string{"Covered by 14 outlets", "Outlet 9", "…and 4 more outlets"}, []string{"Outlet 10 "}},
		{"huge titles and URLs still fit", 40, 600, []string{"Covered by 40 outlets", "more outlets"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, arts := story(tt.outlets, tt.long)
			r := h.AlertReply(data.Alert{ChannelID: channel, MinOutlets: 2}, st, arts[0].URL, arts, asOf.Add(time.Hour))
			msgs := bot.RenderDiscord(r)
			if len(msgs) != 1 {
				t.Fatalf("alert drawn as %d messages, want 1", len(msgs))
			}
			total := 0
			var text strings.Builder
			for _, e := range msgs[0].Embeds {
				total += len([]rune(e.Title)) + len([]rune(e.Description))
				text.WriteString(e.Title + "\n" + e.Description + "\n")
				for _, f := range e.Fields {
					total += len([]rune(f.Name)) + len([]rune(f.Value))
					text.WriteString(f.Name + "\n" + f.Value + "\n")
				}
			}
			if total > 6000 {
				t.Errorf("embeds hold %d characters, over Discord's 6000", total)
			}
			for _, w := range tt.want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("alert lacks %q", w)
				}
			}
			for _, w := range tt.wantAbsent {
				if strings.Contains(text.String(), w) {
					t.Errorf("alert shows %q", w)
				}
			}
		})
	}
}
