package retrieval

import (
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
// fields, as searches check days against each segment's (see segInfo).
const MappingVersion = 10

// Fields of a passage document.
const (
	// fieldText is the text searched: a passage's, or the title in a
	// title document. One field means one posting list per term to walk.
	fieldText   = "text"   // English analyzer, not stored (see TextSource)
	fieldHead   = "head"   // article title, stored only
	fieldURL    = "url"    // stored only
	fieldSource = "source" // outlet as written, stored only
	fieldSrcKey = "src"    // lower-cased outlet, keyword
	fieldFeed   = "feed"   // feed ID in decimal, keyword
	fieldFeedID = "feedid" // feed ID in decimal, stored only (title documents)
	fieldPub    = "pub"    // published time, datetime, stored (title documents)
	fieldDay    = "day"    // published day "20060102" (UTC), keyword
	fieldLead   = "lead"   // "y" on an article's title document, keyword
	fieldNoDate = "nodate" // "y" when the article has no published time
)

// flagYes is the value of the lead and nodate flag fields.
const flagYes = "y"

// newMapping is the bleve mapping. Each article has one title document
// (ID "<articleID>#t") that stores its metadata, and one document per
// passage ("<articleID>#<ord>"); all carry the fields filters test. It
// uses BM25 scoring, the English analyzer for text and title, keywords for
// the filters, and stores only the metadata, on title documents: the text
// of passages comes from the store.
func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = analyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	english := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store = true
	pub.IncludeInAll = false
	// Doc values let a search with no terms sort by date.
	pub.DocValues = true

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, english())
	dm.AddFieldMappingsAt(fieldHead, storedOnly())
	dm.AddFieldMappingsAt(fieldURL, storedOnly())
	dm.AddFieldMappingsAt(fieldSource, storedOnly())
	dm.AddFieldMappingsAt(fieldSrcKey, kw(false))
	dm.AddFieldMappingsAt(fieldFeed, kw(false))
	dm.AddFieldMappingsAt(fieldFeedID, storedOnly())
	dm.AddFieldMappingsAt(fieldPub, pub)
	dm.AddFieldMappingsAt(fieldLead, kw(false))
	dm.AddFieldMappingsAt(fieldNoDate, kw(false))
	dm.AddFieldMappingsAt(fieldDay, kw(false))
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

// Layout of the day field.
const (
	dayLayout = "20060102"
)

// passageDoc is the document indexed for one passage of a.
func passageDoc(a *data.Article, p Passage) map[string]interface{} {
	doc := filterFields(a)
	doc[fieldText] = p.Text
	return doc
}

// titleDoc is the document indexed for a's title, searched with its URL's
// headline slug (see titleText). It also stores the article's metadata for
// results, and as there is one per article, it counts articles.
func titleDoc(a *data.Article) map[string]interface{} {
	doc := filterFields(a)
	doc[fieldText] = titleText(a)
	doc[fieldHead] = a.Title
	doc[fieldLead] = flagYes
	doc[fieldFeedID] = strconv.FormatInt(a.FeedID, 10)
	if !a.Published.IsZero() {
		doc[fieldPub] = a.Published.UTC().Truncate(time.Second)
	}
	if a.URL != "" {
		doc[fieldURL] = a.URL
	}
	if a.Source != "" {
		doc[fieldSource] = a.Source
	}
	return doc
}
