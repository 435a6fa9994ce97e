// Command divdoc writes docs/divergences.md from fuzz.Divergences
// (go generate ./fuzz).
package main

import (
	"fmt"
	"os"

	"github.com/clientauth/clientauth/fuzz"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: divdoc OUT.md")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], []byte(fuzz.Render()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "divdoc:", err)
		os.Exit(2)
	}
}
