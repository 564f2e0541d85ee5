package bot_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
)

// loadDriver adapts the fake Discord to bot.LoadDriver.
type loadDriver struct{ srv *discordtest.Server }

func (d loadDriver) HTTPClient() *http.Client { return d.srv.HTTPClient() }
func (d loadDriver) Token() string            { return discordtest.DefaultToken }

func (d loadDriver) Ask(guildID, channelID, userID, question string) string {
	in := d.srv.SlashCommand(guildID, channelID, discordtest.UserSpec{ID: userID}, "ask", discordtest.StringOption("question", question))
	return in.Token
}

func (d loadDriver) Timings() map[string]bot.LoadTiming {
	out := map[string]bot.LoadTiming{}
	for _, r := range d.srv.Requests() {
		parts := strings.Split(r.Path, "/")
		switch {
		case r.Callback() == 5 && len(parts) > 3:
			tm := out[parts[3]]
			tm.Deferred = r.At
			out[parts[3]] = tm
		case r.Method == "PATCH" && strings.HasSuffix(r.Path, "/messages/@original") && len(parts) > 3:
			tm := out[parts[3]]
			tm.Edited = r.At
			out[parts[3]] = tm
		}
	}
	return out
}

func TestConcurrentAsk(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{"load-guild"}})
	srv.AddChannel("load-guild", "load-channel", "load")
	rep, err := bot.LoadTest(context.Background(), loadDriver{srv}, 50, 60*time.Second)
	t.Log("\n" + rep.String())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Answered != 50 {
		t.Errorf("answered %d of 50", rep.Answered)
	}
	if rep.DeferP99 > 3*time.Second {
		t.Errorf("p99 dispatch → defer %v exceeds Discord's 3s", rep.DeferP99)
	}
	if leak := rep.Leftover(); leak > 0 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines left after shutdown:\n%s", leak, buf[:runtime.Stack(buf, true)])
	}
}

// BenchmarkAsk200 fires 200 /ask interactions at once through the fake
// Discord on the sample corpus with the extractive engine, and reports the
// latencies from dispatch to defer and to the final edit:
//
//	go test ./bot -run '^$' -bench Ask200 -benchtime 1x
func BenchmarkAsk200(b *testing.B) {
	for b.Loop() {
		srv := discordtest.New(b, discordtest.Options{Guilds: []string{"load-guild"}})
		srv.AddChannel("load-guild", "load-channel", "load")
		rep, err := bot.LoadTest(context.Background(), loadDriver{srv}, 200, 2*time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Answered != 200 {
			b.Fatalf("answered %d of 200", rep.Answered)
		}
		if leak := rep.Leftover(); leak > 0 {
			b.Fatalf("%d goroutines left after shutdown", leak)
		}
		b.ReportMetric(float64(rep.DeferP50.Milliseconds()), "defer-p50-ms")
		b.ReportMetric(float64(rep.DeferP99.Milliseconds()), "defer-p99-ms")
		b.ReportMetric(float64(rep.FinalP50.Milliseconds()), "final-p50-ms")
		b.ReportMetric(float64(rep.FinalP99.Milliseconds()), "final-p99-ms")
		b.Log("\n" + rep.String())
	}
}
