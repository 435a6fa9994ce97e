// Package linelog writes the progress lines of a harvest or conformance run,
// whose goroutines log to the one io.Writer the caller gave (-v's stderr),
// a whole line at a time so that two cases' lines never interleave.
package linelog

import (
	"fmt"
	"io"
	"sync"
)

// Log writes lines to its writer; with a nil writer (a quiet run) it drops
// them. A Log must not be copied after first use.
type Log struct {
	mu sync.Mutex
	w  io.Writer
}

// New returns a Log writing to w, which may be nil.
func New(w io.Writer) *Log { return &Log{w: w} }

// Printf writes format and a, formatted as fmt.Sprintf does, and a newline.
func (l *Log) Printf(format string, a ...any) {
	if l.w == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", a...)
}
