package retrieval

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsbot/newsbot/data"
)

// MappingVersion identifies the index layout: the fields of a passage
// document, their analyzers, and the passage splitting. Open rebuilds an
// index stamped with another version. Bump it whenever any of those change,
// and when the store re-keys its articles: version 9 came with the store's
// schema 4, which gave most articles new IDs and deleted the duplicates
// among them, and CatchUp only adds; version 10 dropped the month and year
// fields, as searches check days against each segment's (see segInfo);
// version 11 stores no field (results take their metadata from the store),
// indexes the second of the day in sec instead of the time in pub, and
// keeps no frequencies or norms for the keyword fields.
const MappingVersion = 11

// Fields of a passage document.
const (
	// fieldText is the text searched: a passage's, or the title in a
	// title document. One field means one posting list per term to walk.
	fieldText   = "text"   // English analyzer, not stored (see TextSource)
	fieldSrcKey = "src"    // lower-cased outlet, keyword
	fieldFeed   = "feed"   // feed ID in decimal, keyword
	fieldDay    = "day"    // published day "20060102" (UTC), keyword
	fieldSec    = "sec"    // published second of the day "00000" (UTC), keyword (title documents)
	fieldLead   = "lead"   // "y" on an article's title document, keyword
	fieldNoDate = "nodate" // "y" when the article has no published time
)

// flagYes is the value of the lead and nodate flag fields.
const flagYes = "y"

// newMapping is the bleve mapping. Each article has one title document
// (ID "<articleID>#t"), and one document per passage ("<articleID>#<ord>");
// all carry the fields filters test. It uses BM25 scoring, the English
// analyzer for text and title, and keywords for the filters, and stores no
// field: the text of passages and the metadata of results come from the
// store, and the publication time from the day and sec terms (see
// segInfo). Bleve keeps each document's ID anyway, which searches do not
// read either: whatever they read of the memory-mapped files stays in
// memory, and the stored fields, read at random for the hits of every
// search, were a third of the index resident at a million articles.
func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = analyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	english := bleve.NewTextFieldMapping()
	english.Analyzer = analyzerName
	english.Store = false
	english.IncludeTermVectors = false
	english.IncludeInAll = false
	english.DocValues = false
	// Keywords are only tested for, never scored: a frequency and a norm
	// for each of their postings would be bytes that nothing reads.
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		f.SkipFreqNorm = true
		return f
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, english)
	for _, name := range []string{fieldSrcKey, fieldFeed, fieldLead, fieldNoDate, fieldDay, fieldSec} {
		dm.AddFieldMappingsAt(name, kw())
	}
	// Every field is searched by name: no composite "_all" field.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im
}

// titleOrd is the Ord, in splitDocID's answer, of an article's title
// document.
const titleOrd = -1

// docID is the ID of passage ord of an article, or of its title document
// when ord is titleOrd.
func docID(articleID string, ord int) string {
	if ord == titleOrd {
		return articleID + "#t"
	}
	return articleID + "#" + strconv.Itoa(ord)
}

// parseDocID is splitDocID, and reports whether id is one that docID
// makes.
func parseDocID(id string) (articleID string, ord int, ok bool) {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return "", 0, false
	}
	if id[i+1:] == "t" {
		return id[:i], titleOrd, true
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 0 {
		return "", 0, false
	}
	return id[:i], n, true
}

// splitDocID is the inverse of docID.
func splitDocID(id string) (articleID string, ord int) {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return id, 0
	}
	if id[i+1:] == "t" {
		return id[:i], titleOrd
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil {
		return id, 0
	}
	return id[:i], n
}

// filterFields are the fields every document of article a carries: the
// values the filters test.
func filterFields(a *data.Article) map[string]interface{} {
	doc := map[string]interface{}{
		fieldFeed:   strconv.FormatInt(a.FeedID, 10),
		fieldSrcKey: strings.ToLower(a.Source),
	}
	if a.Published.IsZero() {
		doc[fieldNoDate] = flagYes
	} else {
		// Dates are filtered by day, month and year terms: a handful of
		// terms covers any window, where a numeric range would enumerate
		// many. Search checks the exact time of the few candidates left.
		t := a.Published.UTC()
		doc[fieldDay] = t.Format(dayLayout)
	}
	return doc
}

// Layouts of the day and sec fields.
const (
	dayLayout = "20060102"
	secLayout = "%05d"
)

// secondOfDay is the second of t's UTC day.
func secondOfDay(t time.Time) int {
	t = t.UTC()
	return t.Hour()*3600 + t.Minute()*60 + t.Second()
}

// passageDoc is the document indexed for one passage of a.
func passageDoc(a *data.Article, p Passage) map[string]interface{} {
	doc := filterFields(a)
	doc[fieldText] = p.Text
	return doc
}

// titleDoc is the document indexed for a's title, searched with its URL's
// headline slug (see titleText), with the second of its publication time.
// As there is one per article, it counts articles.
func titleDoc(a *data.Article) map[string]interface{} {
	doc := filterFields(a)
	doc[fieldText] = titleText(a)
	doc[fieldLead] = flagYes
	if !a.Published.IsZero() {
		doc[fieldSec] = fmt.Sprintf(secLayout, secondOfDay(a.Published))
	}
	return doc
}
