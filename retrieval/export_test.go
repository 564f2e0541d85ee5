package retrieval

// Names the tests of package retrieval_test need to damage an index.
const (
	KeyVersion   = keyVersion
	IndexDirName = indexDirName
)

// SetRankParam sets the ranking weight name of ix (a field of rankParams)
// to v and the others to their defaults, for the tuning test. It reports
// false for a name that is no weight.
func (ix *Index) SetRankParam(name string, v float64) bool {
	p := defaultRankParams()
	switch name {
	case "titleBoost":
		p.titleBoost = v
	case "leadBoost":
		p.leadBoost = v
	case "secondWeight":
		p.secondWeight = v
	case "halfLife":
		p.halfLife = v
	case "floor":
		p.floor = v
	case "diversity":
		p.diversity = v
	default:
		return false
	}
	ix.params = p
	return true
}
