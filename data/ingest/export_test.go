package ingest

// OpenFile opens a file as the file readers do, so that tests can see it
// does not block on a FIFO swapped in after the walk.
var OpenFile = openFile
