package retrieval

// Names the tests of package retrieval_test need to damage an index.
const (
	KeyVersion   = keyVersion
	IndexDirName = indexDirName
)
