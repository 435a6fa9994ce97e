// Command vecgen writes corpus/vectors/*.json and
// corpus/schema/vectors.schema.json (run by go generate in corpus/).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/corpus/internal/vecgen"
)

func main() {
	dir := flag.String("out", ".", "the corpus directory")
	flag.Parse()
	files, err := vecgen.Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vecgen:", err)
		os.Exit(1)
	}
	// Files of an earlier run that this one no longer makes are removed.
	old, _ := filepath.Glob(filepath.Join(*dir, corpus.VectorsDir, "*.json"))
	for _, o := range old {
		rel := filepath.ToSlash(strings.TrimPrefix(o, filepath.Clean(*dir)+string(filepath.Separator)))
		if _, ok := files[rel]; !ok {
			os.Remove(o)
		}
	}
	n := 0
	for name, b := range files {
		p := filepath.Join(*dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "vecgen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "vecgen:", err)
			os.Exit(1)
		}
		n += len(b)
	}
	fmt.Printf("vecgen: %d files, %d bytes\n", len(files), n)
}
