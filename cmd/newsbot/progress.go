package main

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long task is: a bar on a terminal, a plain line
// every tenth of the way otherwise.
type progress struct {
	w       io.Writer
	label   string
	quiet   bool
	bar     *progressbar.ProgressBar
	tty     bool
	lastPct int
	shown   bool
}

func newProgress(w io.Writer, label string, quiet bool) *progress {
	p := &progress{w: w, label: label, quiet: quiet, lastPct: -1}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *progress) update(done, total int) {
	if p.quiet || total <= 0 {
		return
	}
	p.shown = true
	if p.tty {
		if p.bar == nil {
			p.bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(p.label),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("items"),
				progressbar.OptionThrottle(100_000_000),
				progressbar.OptionClearOnFinish(),
			)
		}
		p.bar.ChangeMax(total)
		_ = p.bar.Set(done)
		return
	}
	pct := done * 100 / total
	if pct/10 != p.lastPct/10 || done == total {
		if pct != p.lastPct {
			fmt.Fprintf(p.w, "%s: %d/%d (%d%%)\n", p.label, done, total, pct)
		}
		p.lastPct = pct
	}
}

func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
