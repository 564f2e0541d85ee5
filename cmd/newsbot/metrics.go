package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// metrics are the Prometheus metrics of a running bot, in a registry of
// their own (never the global default one). The parts report to them
// through the wrappers below, so that no package but this one knows of
// Prometheus.
type metrics struct {
	reg          *prometheus.Registry
	questions    prometheus.Counter
	answers      *prometheus.CounterVec
	notCovered   prometheus.Counter
	failed       prometheus.Counter
	llmSeconds   prometheus.Histogram
	llmTokens    prometheus.Counter
	llmErrors    prometheus.Counter
	feedPolls    prometheus.Counter
	feedFailures prometheus.Counter
}

// newMetrics registers newsbot's metrics, the Go runtime's and the
// process's in a new registry.
func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_questions_total", Help: "Questions asked (Discord /ask, mentions, threads).",
		}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_answers_total", Help: "Answers given, by the engine that wrote them (llm or extractive).",
		}, []string{"engine"}),
		notCovered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_answers_not_covered_total", Help: "Answers saying the indexed news does not cover the question.",
		}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_question_errors_total", Help: "Questions that failed with an error (search, store or time out).",
		}),
		llmSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "newsbot_llm_request_seconds", Help: "Time of each LLM call, retries included.",
			Buckets: []float64{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120},
		}),
		llmTokens: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_llm_tokens_total", Help: "LLM tokens used (prompt and completion).",
		}),
		llmErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_llm_errors_total", Help: "LLM calls that failed (the extractive engine answered instead).",
		}),
		feedPolls: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_feed_polls_total", Help: "Feed polls, whatever their outcome.",
		}),
		feedFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_feed_poll_failures_total", Help: "Feed polls that failed.",
		}),
	}
	m.reg.MustRegister(m.questions, m.answers, m.notCovered, m.failed, m.llmSeconds, m.llmTokens, m.llmErrors,
		m.feedPolls, m.feedFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Both engines show from the start, at zero.
	m.answers.WithLabelValues(summarize.EngineLLM)
	m.answers.WithLabelValues(summarize.EngineExtractive)
	return m
}

// ObserveLLM records one LLM call (summarize.LLMObserver).
func (m *metrics) ObserveLLM(elapsed time.Duration, tokens int, err error) {
	m.llmSeconds.Observe(elapsed.Seconds())
	m.llmTokens.Add(float64(tokens))
	if err != nil {
		m.llmErrors.Inc()
	}
}

var _ summarize.LLMObserver = (*metrics)(nil)

// meteredService counts the questions the bot asks its service and the
// answers it gets.
type meteredService struct {
	bot.Service
	m *metrics
}

func (s meteredService) Ask(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error) {
	s.m.questions.Inc()
	a, err := s.Service.Ask(ctx, r)
	switch {
	case err != nil:
		s.m.failed.Inc()
	default:
		s.m.answers.WithLabelValues(a.Engine).Inc()
		if a.NotCovered {
			s.m.notCovered.Inc()
		}
	}
	return a, err
}

// meteredFeeds counts the poller's polls: it saves each polled feed's
// state once, with Failures above zero when that poll failed.
type meteredFeeds struct {
	ingest.FeedStore
	m *metrics
}

func (s meteredFeeds) UpdateFeed(ctx context.Context, f data.Feed) error {
	s.m.feedPolls.Inc()
	if f.Failures > 0 {
		s.m.feedFailures.Inc()
	}
	return s.FeedStore.UpdateFeed(ctx, f)
}

// watchSizes reports the store's and the index's sizes, read at each
// scrape.
func (m *metrics) watchSizes(st *data.Store, ix *retrieval.Index) {
	m.reg.MustRegister(&sizeCollector{
		st: st, ix: ix,
		storeArticles: prometheus.NewDesc("newsbot_store_articles", "Articles in the store.", nil, nil),
		indexArticles: prometheus.NewDesc("newsbot_index_articles", "Articles in the search index.", nil, nil),
		indexPassages: prometheus.NewDesc("newsbot_index_passages", "Passages in the search index.", nil, nil),
		indexBytes:    prometheus.NewDesc("newsbot_index_size_bytes", "Size of the search index on disk.", nil, nil),
	})
}

// sizeCollector reports the store's and the index's sizes at each scrape.
type sizeCollector struct {
	st                                                      *data.Store
	ix                                                      *retrieval.Index
	storeArticles, indexArticles, indexPassages, indexBytes *prometheus.Desc
}

// scrapeTimeout bounds the store and index reads of one scrape.
const scrapeTimeout = 5 * time.Second

func (c *sizeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.storeArticles
	ch <- c.indexArticles
	ch <- c.indexPassages
	ch <- c.indexBytes
}

func (c *sizeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if n, err := c.st.Counts(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(c.storeArticles, prometheus.GaugeValue, float64(n.Articles))
	} else {
		ch <- prometheus.NewInvalidMetric(c.storeArticles, err)
	}
	st, err := c.ix.State(ctx)
	if err != nil {
		for _, d := range []*prometheus.Desc{c.indexArticles, c.indexPassages, c.indexBytes} {
			ch <- prometheus.NewInvalidMetric(d, err)
		}
		return
	}
	ch <- prometheus.MustNewConstMetric(c.indexArticles, prometheus.GaugeValue, float64(st.Articles))
	ch <- prometheus.MustNewConstMetric(c.indexPassages, prometheus.GaugeValue, float64(st.Passages))
	ch <- prometheus.MustNewConstMetric(c.indexBytes, prometheus.GaugeValue, float64(st.SizeBytes))
}
