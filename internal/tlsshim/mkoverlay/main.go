// Command mkoverlay prepares the crypto/tls shim in a directory and prints
// the go build flags that compile it in (one per line); the sections it
// dropped go to stderr.
//
//	go run ./internal/tlsshim/mkoverlay DIR
package main

import (
	"fmt"
	"os"

	"github.com/clientauth/clientauth/internal/tlsshim"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mkoverlay DIR")
		os.Exit(2)
	}
	s, err := tlsshim.Prepare(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkoverlay: %v\n", err)
		os.Exit(2)
	}
	for _, d := range s.Dropped {
		fmt.Fprintf(os.Stderr, "skip: %s\n", d)
	}
	for _, f := range s.Flags() {
		fmt.Println(f)
	}
}
