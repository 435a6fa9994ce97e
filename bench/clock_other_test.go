//go:build !linux

package bench_test

import (
	"testing"
	"time"
)

// threadCPU falls back to the monotonic wall clock where the thread CPU
// clock is not wired up: time taken by other processes then counts.
func threadCPU(*testing.B) time.Duration { return time.Since(clockStart) }

var clockStart = time.Now()
