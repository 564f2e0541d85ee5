package bench

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"
)

// Print writes rep as a table.
func (rep Report) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	in := rep.Ingest
	fmt.Fprintf(tw, "corpus\t%s\n", rep.Corpus)
	fmt.Fprintf(tw, "articles\t%d stored and indexed, %d queries, GOMAXPROCS %d, load average at the end %s (the bench's own included)\n",
		rep.Articles, len(rep.Queries), runtime.GOMAXPROCS(0), cmp.Or(rep.LoadAverage, "unknown"))
	fmt.Fprintf(tw, "ingest, store + index\t%.0f articles/s\t%s wall, to all searchable, final Tidy included\n", in.PerSec, secs(in.Wall))
	fmt.Fprintf(tw, "  store only\t%.0f articles/s\t%s in PutArticles\n", perSec(rep.Articles, in.Store), secs(in.Store))
	fmt.Fprintf(tw, "  index only\t%.0f articles/s\t%s in Add and Tidy (Tidy %s)\n", perSec(rep.Articles, in.Index+in.Tidy), secs(in.Index+in.Tidy), secs(in.Tidy))
	fmt.Fprintf(tw, "  making articles\t\t%s\n", secs(in.Generate))
	fmt.Fprintf(tw, "  longest write\t%s\tthe longest Add; %d compactions, one every %d articles and one at the end, the longest %s, beside the writes\n",
		secs(in.LongestWrite), in.Compactions, in.CompactEvery, secs(in.LongestCompaction))
	fmt.Fprintf(tw, "  longest probe search\t%s\t%d searches during ingest, one %v after another, %s busy\n", msUnit(in.LongestProbe), in.Probes, in.ProbeEvery, secs(in.ProbeBusy))
	fmt.Fprintf(tw, "  peak RSS, ingest\t%s\t\n", mib(in.PeakRSSBytes))
	r := rep.Restart
	fmt.Fprintf(tw, "restart to first answer\t%s\topen store %s, open index %s, first search %s\n", secs(r.Total()), msUnit(r.OpenStore), msUnit(r.OpenIndex), msUnit(r.FirstSearch))
	fmt.Fprintf(tw, "peak RSS, serving\t%s\tRSS now %s: %s of mapped files (the index and the program), Go heap in use %s\n", mib(rep.PeakRSSBytes), mib(rep.RSSBytes), mib(rep.RSSFileBytes), mib(rep.HeapBytes))
	fmt.Fprintf(tw, "index size\t%s\tstore %s\n", mib(rep.IndexBytes), mib(rep.StoreBytes))
	if b := rep.Baseline; b != nil {
		fmt.Fprintf(tw, "plain bleve, ingest\t%.0f articles/s\t%s to all on disk, %d articles\n", b.PerSec, secs(b.Build), b.Articles)
		fmt.Fprintf(tw, "plain bleve, peak RSS serving\t%s\tindex %s\n", mib(b.PeakRSSBytes), mib(b.IndexBytes))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return rep.printLatency(w)
}

// printLatency writes the latency table: newsbot's, and plain bleve's
// beside it when it ran.
func (rep Report) printLatency(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "shape\tn\tmean\tp50\tp99\tmax\tfound\t"
	if rep.Baseline != nil {
		head += "|\tmean\tp50\tp99\tmax\tfound\t"
	}
	title := "latency in ms, warm, of newsbot"
	if rep.Baseline != nil {
		title += ", and of plain bleve after the bar"
	}
	fmt.Fprintln(w, title)
	fmt.Fprintln(tw, head)
	for i, l := range rep.Latency {
		fmt.Fprintf(tw, "%s\t%d\t%s\t", l.Shape, l.Count, latencyCells(l))
		if rep.Baseline != nil && i < len(rep.Baseline.Latency) {
			fmt.Fprintf(tw, "|\t%s\t", latencyCells(rep.Baseline.Latency[i]))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "found: of the queries made from an article, how many rank it in the top ten")
	return err
}

// latencyCells are a Latency's mean, p50, p99, max and found, as cells.
func latencyCells(l Latency) string {
	found := "-"
	if l.Targeted > 0 {
		found = fmt.Sprintf("%d/%d", l.Found, l.Targeted)
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s\t%s", ms(l.Mean), ms(l.P50), ms(l.P99), ms(l.Max), found)
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func mib(n int64) string {
	if n < 10<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

func msUnit(d time.Duration) string { return ms(d) + " ms" }
