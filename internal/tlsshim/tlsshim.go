// Package tlsshim prepares the crypto/tls overlay through which the
// benchmarks and the differential fuzz targets reach crypto/tls's
// unexported handshake message parsers.
//
// zz_export.go.txt is a file of package tls. Prepare keeps the sections
// whose //clientauth:requires declarations this Go's crypto/tls has, writes
// the result and a go build -overlay file mapping it to
// $GOROOT/src/crypto/tls/zz_export.go, and reports what it dropped. Code
// that uses the shim carries the build tag clientauth_tlsshim (Tag).
package tlsshim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Tag is the build tag under which the shim and its users compile.
const Tag = "clientauth_tlsshim"

//go:embed zz_export.go.txt
var source string

// Shim is a prepared overlay.
type Shim struct {
	Overlay string   // path of the -overlay JSON file
	Kept    []string // registered crypto/tls names
	Dropped []string // sections dropped, each with why
}

// Flags are the go build flags that compile the shim in.
func (s Shim) Flags() []string { return []string{"-overlay", s.Overlay, "-tags", Tag} }

// Prepare writes the shim and overlay into dir, for the Go toolchain that
// `go` on PATH runs.
func Prepare(dir string) (Shim, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return Shim{}, fmt.Errorf("go env GOROOT: %v", err)
	}
	tlsDir := filepath.Join(strings.TrimSpace(string(out)), "src", "crypto", "tls")
	decls, err := declarations(tlsDir)
	if err != nil {
		return Shim{}, err
	}
	text, kept, dropped := Filter(source, decls)
	if f, err := format.Source([]byte(text)); err == nil {
		text = string(f)
	}
	var s Shim
	s.Kept, s.Dropped = kept, dropped
	shim := filepath.Join(dir, "zz_export.go")
	if err := os.WriteFile(shim, []byte(text), 0o644); err != nil {
		return Shim{}, err
	}
	ov, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(tlsDir, "zz_export.go"): shim}})
	if err != nil {
		return Shim{}, err
	}
	s.Overlay = filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(s.Overlay, ov, 0o644); err != nil {
		return Shim{}, err
	}
	return s, nil
}

// declarations is the set of whitespace-normalised lines of crypto/tls's
// non-test sources.
func declarations(tlsDir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(tlsDir, "*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no crypto/tls sources in %s", tlsDir)
	}
	decls := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == "zz_export.go" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, l := range strings.Split(string(data), "\n") {
			decls[normalise(l)] = true
		}
	}
	return decls, nil
}

func normalise(l string) string { return strings.Join(strings.Fields(l), " ") }

// Filter keeps the sections of src whose required declarations are all in
// decls (whitespace-normalised source lines) and strips the markers.
func Filter(src string, decls map[string]bool) (text string, kept, dropped []string) {
	var b strings.Builder
	var section []string
	name, missing := "", ""
	for _, line := range strings.SplitAfter(src, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(trimmed, "//clientauth:section "):
			name, missing, section = strings.TrimPrefix(trimmed, "//clientauth:section "), "", nil
		case strings.HasPrefix(trimmed, "//clientauth:requires "):
			if req := normalise(strings.TrimPrefix(trimmed, "//clientauth:requires ")); missing == "" && !decls[req] {
				missing = req
			}
		case trimmed == "//clientauth:end":
			if missing == "" {
				kept = append(kept, name)
				for _, l := range section {
					b.WriteString(l)
				}
			} else {
				dropped = append(dropped, fmt.Sprintf("%s: crypto/tls lacks %q", name, missing))
			}
			name, section = "", nil
		case name != "":
			section = append(section, line)
		default:
			b.WriteString(line)
		}
	}
	return b.String(), kept, dropped
}
