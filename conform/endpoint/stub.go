//go:build !clientauth_conform

package main

import (
	"fmt"
	"os"
)

func run() int {
	fmt.Fprintln(os.Stderr, "endpoint: build with -tags clientauth_conform and conform's crypto/tls overlay (clientauth conform does)")
	return 2
}
