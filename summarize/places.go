package summarize

import "strings"

// Place names by kind, for questions that ask "which country", "which
// state" or "which continent": a sentence that names a place of that kind
// (other than one the question names) holds an answer of the asked type.
// The lists are general knowledge: the world's countries and a few common
// short forms, the US states, the continents.

// placeKinds maps the stem of a question's noun to the kind of place it
// asks for.
var placeKinds = map[string]string{
	"country": "country", "nation": "country",
	"state":     "state",
	"continent": "continent",
}

// placeNames holds, by kind, the lower-cased names of places, each as its
// words. Read-only.
var placeNames = map[string][][]string{
	"country": splitNames(`afghanistan|albania|algeria|andorra|angola|antigua and barbuda|argentina|armenia|
australia|austria|azerbaijan|bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|
bolivia|bosnia and herzegovina|bosnia|botswana|brazil|brunei|bulgaria|burkina faso|burundi|cabo verde|
cambodia|cameroon|canada|central african republic|chad|chile|china|colombia|comoros|congo|costa rica|
croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|dominica|dominican republic|ecuador|egypt|
el salvador|equatorial guinea|eritrea|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|georgia|
germany|ghana|greece|grenada|guatemala|guinea|guinea-bissau|guyana|haiti|honduras|hungary|iceland|india|
indonesia|iran|iraq|ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kiribati|
kosovo|kuwait|kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|
madagascar|malawi|malaysia|maldives|mali|malta|marshall islands|mauritania|mauritius|mexico|micronesia|
moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|namibia|nauru|nepal|netherlands|
new zealand|nicaragua|niger|nigeria|north korea|north macedonia|norway|oman|pakistan|palau|palestine|
panama|papua new guinea|paraguay|peru|philippines|poland|portugal|qatar|romania|russia|rwanda|
saint kitts and nevis|saint lucia|samoa|san marino|saudi arabia|senegal|serbia|seychelles|sierra leone|
singapore|slovakia|slovenia|solomon islands|somalia|south africa|south korea|south sudan|spain|
sri lanka|sudan|suriname|sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|timor-leste|togo|
tonga|trinidad and tobago|tunisia|turkey|turkmenistan|tuvalu|uganda|ukraine|united arab emirates|
united kingdom|united states|uruguay|uzbekistan|vanuatu|vatican|venezuela|vietnam|yemen|zambia|zimbabwe|
uk|usa|britain|great britain|england|scotland|wales|uae|korea|holland`),
	"state": splitNames(`alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|
georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|
michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|
new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|
south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming`),
	"continent": splitNames(`africa|antarctica|asia|australia|europe|north america|south america|oceania`),
}

// splitNames splits a "|"-separated list of names into their words.
func splitNames(list string) [][]string {
	var out [][]string
	for _, n := range strings.Split(list, "|") {
		if f := strings.Fields(n); len(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// placeKind is the kind of place q asks for, "" when it asks for none.
func (q question) placeKind() string {
	// q.thing is a stem ("countri"), the map's keys are words.
	for w, kind := range placeKinds {
		if stemWord(w) == q.thing {
			return kind
		}
	}
	return ""
}

// namesPlace reports whether toks name a place of kind that q does not
// name: a run of capitalised words matching one of the names.
func namesPlace(q question, kind string, toks []tok) bool {
	for _, name := range placeNames[kind] {
		for i := 0; i+len(name) <= len(toks); i++ {
			if !toks[i].cap {
				continue
			}
			match := true
			for j, w := range name {
				if toks[i+j].low != w {
					match = false
					break
				}
			}
			if match && !q.inTerms(toks[i].stem) {
				return true
			}
		}
	}
	return false
}
