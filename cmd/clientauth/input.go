package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/parser"
)

// What check and dissect read: the FILE arguments and the flags among them,
// the context each message is judged under (flags or a corpus manifest),
// and the bytes of each FILE.

// maxInput caps the bytes read from one FILE, so that memory stays bounded
// by the input size.
const maxInput = 64 << 20

// checkOptions is the parsed command line of check, and the part of
// dissect's that says what to read (inputFlags).
type checkOptions struct {
	params   ca.Params
	manifest string
	format   string
	files    []string
}

// parseInterleaved parses flags wherever they stand among the file names,
// as users write them ("check a.hex -version 1.2" means what it says); "--"
// makes every later argument a file name.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(files, rest...), nil
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// inputFlags declares on fs the flags check and dissect share (the Params
// flags, -manifest, -format with one of formats) and returns the parser of
// a command line interleaving them with FILE arguments; the caller declares
// its own flags on fs before it parses.
func inputFlags(fs *flag.FlagSet, formats ...string) func(args []string) (checkOptions, error) {
	pf := addParamFlags(fs)
	format := fs.String("format", formats[0], "")
	manifest := fs.String("manifest", "", "")
	return func(args []string) (checkOptions, error) {
		files, err := parseInterleaved(fs, args)
		if err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return checkOptions{}, err
			}
			return checkOptions{}, usagef("%v", err)
		}
		var o checkOptions
		if o.params, err = pf.params(); err != nil {
			return o, err
		}
		o.manifest = *manifest
		if o.manifest != "" && pf.given() {
			return o, usagef("-manifest gives each message's context; %s cannot be combined with it", pf.describe())
		}
		if !slices.Contains(formats, *format) {
			return o, usagef("-format %q: want %s or %s", *format, strings.Join(formats[:len(formats)-1], ", "), formats[len(formats)-1])
		}
		o.format = *format
		o.files = files
		if len(o.files) == 0 && o.manifest == "" {
			return o, usagef("%s: no FILE given (usage: clientauth %s [flags] FILE...)", fs.Name(), fs.Name())
		}
		return o, nil
	}
}

// checkInput is one FILE and the context it is checked under; err is a
// per-file problem found before reading (not in the manifest).
type checkInput struct {
	name   string
	params ca.Params
	err    error
}

// checkInputs pairs each FILE with its Params: the flags', or the
// manifest entry's.
func checkInputs(o checkOptions) ([]checkInput, error) {
	if o.manifest == "" {
		out := make([]checkInput, len(o.files))
		for i, f := range o.files {
			out[i] = checkInput{name: f, params: o.params}
		}
		return out, nil
	}
	m, err := loadManifest(o.manifest)
	if err != nil {
		return nil, err
	}
	if len(o.files) == 0 {
		out := make([]checkInput, len(m.entries))
		for i, e := range m.entries {
			out[i] = checkInput{name: filepath.Join(m.dir, filepath.FromSlash(e.Path)), params: m.params[e.Path]}
		}
		return out, nil
	}
	var out []checkInput
	for _, f := range o.files {
		p, err := m.lookup(f)
		out = append(out, checkInput{name: f, params: p, err: err})
	}
	return out, nil
}

// manifestIndex is a corpus manifest read from disk.
type manifestIndex struct {
	path    string
	dir     string
	entries []corpus.RealEntry
	params  map[string]ca.Params // by the entry's slash path
}

func loadManifest(name string) (*manifestIndex, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("-manifest: %v", err)
	}
	m, err := corpus.DecodeRealManifest(b)
	if err != nil {
		return nil, fmt.Errorf("-manifest %s: %v", name, strings.TrimPrefix(err.Error(), "corpus: "))
	}
	idx := &manifestIndex{path: name, dir: filepath.Dir(name), entries: m.Messages, params: map[string]ca.Params{}}
	for _, e := range m.Messages {
		p, err := e.Params()
		if err != nil {
			return nil, fmt.Errorf("-manifest %s: %s: %v", name, e.Path, err)
		}
		idx.params[e.Path] = p
	}
	return idx, nil
}

// lookup finds the entry for a file by its path relative to the manifest.
func (m *manifestIndex) lookup(file string) (ca.Params, error) {
	if file == "-" {
		return ca.Params{}, usagef("-: standard input has no path in -manifest %s", m.path)
	}
	absDir, err1 := filepath.Abs(m.dir)
	absFile, err2 := filepath.Abs(file)
	if err := errors.Join(err1, err2); err != nil {
		return ca.Params{}, err
	}
	rel, err := filepath.Rel(absDir, absFile)
	if err == nil {
		if p, ok := m.params[filepath.ToSlash(rel)]; ok {
			return p, nil
		}
	}
	return ca.Params{}, usagef("%s: not listed in -manifest %s (entries are paths relative to %s)", file, m.path, m.dir)
}

// readInput reads one FILE ("-" is stdin) and decodes it per format.
func readInput(name, format string, stdin io.Reader) ([]byte, error) {
	var src io.Reader
	if name == "-" {
		if stdin == nil {
			return nil, usagef("-: no standard input")
		}
		src = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err // *PathError: "open NAME: reason"
		}
		defer f.Close()
		src = f
	}
	data, err := io.ReadAll(io.LimitReader(src, maxInput+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, err // "read NAME: reason"
		}
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > maxInput {
		return nil, usagef("%s: larger than %d MiB", name, maxInput>>20)
	}
	if len(data) == 0 {
		return nil, usagef("%s: empty input", name)
	}
	if format == "bin" {
		return data, nil
	}
	if isPcap(data) {
		return nil, usagef("%s: a packet capture (pcap/pcapng), not handshake messages: use clientauth dissect %s", name, name)
	}
	if format == "auto" && !isText(data) {
		return data, nil
	}
	buf, err := decodeHex(data)
	if err != nil {
		return nil, usagef("%s: %v", name, err)
	}
	return buf, nil
}

// isPcap reports whether data starts with a pcap (either byte order,
// micro- or nanosecond) or pcapng magic number.
func isPcap(data []byte) bool {
	if len(data) < 4 {
		return false
	}
	switch binary.BigEndian.Uint32(data) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a:
		return true
	}
	return false
}

// forMessages calls fn on each handshake message of data (header included),
// with its index and its offset in data, and stops at fn's first error.
// When data ends in bytes that are no whole message, fn gets that rest as
// one more message: the parser judges it as it judges any message (its
// header's type first, then its length: requirements.md §4), so that check,
// dissect and Parser.Parse give one answer and the verdict shows where the
// input stops.
func forMessages(data []byte, fn func(index, offset int, msg []byte) error) error {
	s := parser.NewStream(data)
	index := 0
	for msg, off, ok := s.Next(); ok; msg, off, ok = s.Next() {
		if err := fn(index, off, msg); err != nil {
			return err
		}
		index++
	}
	if s.Err() != nil {
		rest := s.Rest()
		return fn(index, len(data)-len(rest), rest)
	}
	return nil
}
