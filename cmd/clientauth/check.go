package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/certcompress"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/parser"
)

// maxInput caps the bytes read from one FILE, so that memory stays bounded
// by the input size.
const maxInput = 64 << 20

func checkUsage() string {
	return `usage: clientauth check [flags] FILE...
       clientauth check -manifest DIR/manifest.json [FILE...]

Parses each FILE ("-" is stdin) as one or more concatenated handshake
messages (4-byte header included) and prints one JSON object per message
on stdout. A CompressedCertificate is inflated and the Certificate inside
judged too (RFC 8879 §5). Flags may come before or after the files; "--"
ends them. A FILE that cannot be read is reported on stderr and the others
are still checked. Exit status: 0 all valid, 1 some invalid, 2 usage or
I/O error (2 wins).

The context the bytes do not carry comes from the flags (the version is
1.3 unless -version or -params says otherwise), or, with -manifest, from a
corpus manifest (corpus/real/manifest.json): each FILE is looked up by its
path relative to the manifest's directory, and without FILE every message
the manifest lists is checked.

flags:
` + paramFlagsUsage() + `  -manifest FILE
        take each message's context from a corpus manifest; not combined with
        the flags above
  -format auto|hex|bin
        input format (default auto: hex when the file is text, in any of the
        spellings 0d000010, 0d:00:00:10, 0x0d 0x00, 0d 00, xxd or hexdump -C
        with offsets; a bad byte is reported by line and column; a capture
        is refused: use dissect)
`
}

// checkResult is one line of output. The field order is the contract:
// file, index, type, version, valid, then reencoded (valid messages) or
// alert, field, offset, rule, error (invalid ones).
type checkResult struct {
	File      string `json:"file"`
	Index     int    `json:"index"`
	Type      string `json:"type"`
	Version   string `json:"version"`
	Valid     bool   `json:"valid"`
	Reencoded *bool  `json:"reencoded,omitempty"`
	Alert     string `json:"alert,omitempty"`
	Field     string `json:"field,omitempty"`
	Offset    *int   `json:"offset,omitempty"`
	Rule      string `json:"rule,omitempty"`
	Error     string `json:"error,omitempty"`
}

// usageError is a usage or I/O error: one stderr line, exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

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

func parseCheckFlags(args []string) (checkOptions, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported as one line by the caller
	return inputFlags(fs, "auto", "hex", "bin")(args)
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

// runCheck implements "clientauth check".
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runGuarded(args, stdout, stderr, parseCheckFlags, checkUsage, func(o checkOptions, out *bufio.Writer) int { return checkFiles(o, stdin, out, stderr) })
}

// checkFiles judges every message of the inputs o names, one JSON line each.
func checkFiles(o checkOptions, stdin io.Reader, out *bufio.Writer, stderr io.Writer) (code int) {
	inputs, err := checkInputs(o)
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
		return exitUsage
	}

	c := checker{json: json.NewEncoder(out), stderr: stderr}
	c.json.SetEscapeHTML(false)

	code = exitOK
	ioFailed := false
	for _, in := range inputs {
		err := in.err
		var buf []byte
		if err == nil {
			buf, err = readInput(in.name, o.format, stdin)
		}
		if err == nil {
			var invalid bool
			invalid, err = c.checkBuffer(in.name, buf, in.params)
			if invalid {
				code = exitInvalid
			}
			if err != nil { // output error: nothing more can be written
				out.Flush()
				fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
				return exitUsage
			}
			continue
		}
		// One unreadable input does not hide the verdicts on the others.
		ioFailed = true
		out.Flush()
		fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
	}
	return finish(out, stderr, code, ioFailed)
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

// checker holds what is reused across messages.
type checker struct {
	json    *json.Encoder
	stderr  io.Writer
	dst     []byte // re-encoding buffer
	inflate []byte // decompression buffer
}

// checkBuffer walks the messages of one input and prints a line for each. It
// reports whether any was invalid; its error is an output error.
func (c *checker) checkBuffer(name string, buf []byte, params ca.Params) (invalid bool, err error) {
	s := parser.NewStream(buf)
	index := 0
	pr := parser.New(params)
	for {
		msg, _, ok := s.Next()
		if !ok {
			break
		}
		r := checkResult{
			File:    name,
			Index:   index,
			Type:    ca.HandshakeType(msg[0]).String(),
			Version: params.Vers().String(),
		}
		var m parser.Message
		var perr error
		m, c.inflate, perr = verdict(params, msg, c.inflate)
		if perr == nil {
			r.Valid = true
			re := c.reencode(name, index, m, msg, params)
			r.Reencoded = &re
		} else {
			invalid = true
			fillError(&r, perr, 0)
		}
		if err := c.json.Encode(&r); err != nil {
			return invalid, fmt.Errorf("writing output: %w", err)
		}
		index++
	}
	if s.Err() != nil {
		// The rest is no whole message. The parser judges it as it judges a
		// message, so that check, dissect and Parser.Parse give one answer
		// (its header's type first, then its length: requirements.md §4).
		invalid = true
		rest := s.Rest()
		r := checkResult{
			File:    name,
			Index:   index,
			Type:    "unknown",
			Version: params.Vers().String(),
		}
		if len(rest) > 0 {
			r.Type = ca.HandshakeType(rest[0]).String()
		}
		_, perr := pr.Parse(rest)
		fillError(&r, perr, 0)
		if err := c.json.Encode(&r); err != nil {
			return invalid, fmt.Errorf("writing output: %w", err)
		}
	}
	return invalid, nil
}

// verdict parses one message as a receiver must: every rule its Params let
// the parser decide, and for a CompressedCertificate the Certificate inside,
// processed as if it had arrived uncompressed (8879-5-a), so that a payload
// that does not inflate, inflates to another length (8879-4-b), or holds a
// bad Certificate makes the message invalid. buf is reused for inflating.
func verdict(params ca.Params, msg, buf []byte) (parser.Message, []byte, error) {
	m, err := parser.New(params).Parse(msg)
	if err != nil || m.Type != ca.TypeCompressedCertificate {
		return m, buf, err
	}
	buf, _, err = certcompress.Decompress(parser.New(params), m.CompressedCertificate, buf[:0])
	return m, buf, err
}

// reencode reports whether encoding the parsed value gives back msg exactly.
// An encoder refusal of a value the parser accepted is a bug; it is noted on
// stderr.
func (c *checker) reencode(name string, index int, m parser.Message, msg []byte, params ca.Params) bool {
	out, err := encoder.New(params).Encode(c.dst[:0], m.Value())
	if err != nil {
		fmt.Fprintf(c.stderr, "clientauth: %s: message %d (%v): parsed but re-encoding failed: %s\n",
			name, index, m.Type, oneLine(err.Error()))
		return false
	}
	c.dst = out
	return bytes.Equal(out, msg)
}

// fillError sets the invalid-message fields from err; base is subtracted
// from the library's offset to make it relative to the message start (the
// stream reports offsets from the start of the buffer).
func fillError(r *checkResult, err error, base int) {
	r.Valid = false
	var pe *ca.Error
	if !errors.As(err, &pe) {
		r.Error = err.Error()
		return
	}
	e := *pe // the library owns *pe; rebase a copy so "error" agrees with "offset"
	if e.Offset >= 0 {
		e.Offset -= base
	}
	r.Alert = e.Alert.String()
	r.Field = e.Field()
	off := e.Offset
	r.Offset = &off
	r.Rule = string(e.Requirement)
	r.Error = e.Error()
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

func isSpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

func hexVal(b byte) (byte, bool) {
	switch {
	case '0' <= b && b <= '9':
		return b - '0', true
	case 'a' <= b && b <= 'f':
		return b - 'a' + 10, true
	case 'A' <= b && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// isText reports whether data is printable ASCII and white space, which
// no binary handshake message is: its length bytes start with 0x00 for any
// message under 2 MiB. Auto-detection calls such input hex text and then
// decodes it or says where it is wrong, rather than reading "0d:00" as a
// message of type 0x30.
func isText(data []byte) bool {
	for _, b := range data {
		if (b < 0x20 || b > 0x7e) && !isSpace(b) {
			return false
		}
	}
	return true
}

// hexError is hex text that is not: the line and column of the first
// byte that is wrong.
type hexError struct {
	line, col int
	msg       string
}

func (e *hexError) Error() string {
	return fmt.Sprintf("bad hex at line %d, column %d: %s", e.line, e.col, e.msg)
}

// decodeHex decodes the common spellings of hex bytes: plain digits with
// white space anywhere ("0d000010", "0D 00 00 10"), byte separators
// (":" "," "-"), 0x prefixes ("0x0d, 0x00"), \x escapes, and dumps with an
// offset column: xxd ("00000000: 0d00 0010  ....") and hexdump -C / od
// -An -tx1 style ("00000000  0d 00 00 10  |....|", "0000000 0d 00 00 10").
// hexdump's and od's default 16-bit words are little-endian, so byte-swapped,
// and are refused with a pointer to -C.
func decodeHex(data []byte) ([]byte, error) {
	lines := strings.Split(string(data), "\n")
	dump := isDump(lines)
	out := make([]byte, 0, len(data)/2)
	var digits []byte // pending digits of unprefixed tokens, which may span white space
	var at hexError   // where the pending digits started
	flush := func() error {
		if len(digits)%2 != 0 {
			e := at
			e.msg = fmt.Sprintf("odd number of hex digits (%d) in the run starting here", len(digits))
			return &e
		}
		for i := 0; i < len(digits); i += 2 {
			hi, _ := hexVal(digits[i])
			lo, _ := hexVal(digits[i+1])
			out = append(out, hi<<4|lo)
		}
		digits = digits[:0]
		return nil
	}
	for li, line := range lines {
		line = strings.TrimRight(line, "\r")
		body, col := line, 0
		if dump.on {
			var msg string
			if body, col, msg = dump.strip(line); msg != "" {
				return nil, &hexError{li + 1, 1, msg}
			}
		}
		for i := 0; i < len(body); {
			c := body[i]
			switch {
			case isSpace(c):
				i++
				continue
			case c == ':' || c == ',' || c == '-' || c == ';':
				// a separator ends a byte: digits before it must be whole
				if err := flush(); err != nil {
					return nil, err
				}
				i++
				continue
			}
			prefixed := false
			if c == '0' && i+1 < len(body) && (body[i+1] == 'x' || body[i+1] == 'X') || c == '\\' && i+1 < len(body) && body[i+1] == 'x' {
				if err := flush(); err != nil {
					return nil, err
				}
				prefixed = true
				i += 2
			}
			start := i
			for i < len(body) {
				if _, ok := hexVal(body[i]); !ok {
					break
				}
				i++
			}
			tok := body[start:i]
			if i < len(body) && !isSpace(body[i]) && !strings.ContainsRune(":,-;\\", rune(body[i])) {
				return nil, &hexError{li + 1, col + i + 1, fmt.Sprintf("%q is not a hex digit", body[i])}
			}
			if prefixed {
				if len(tok) == 0 || len(tok)%2 != 0 {
					return nil, &hexError{li + 1, col + start - 1, fmt.Sprintf("0x%s: want two hex digits per byte", tok)}
				}
				digits = append(digits, tok...)
				if err := flush(); err != nil {
					return nil, err
				}
				continue
			}
			if len(digits) == 0 {
				at = hexError{line: li + 1, col: col + start + 1}
			}
			digits = append(digits, tok...)
		}
		if dump.on {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no hex digits")
	}
	return out, nil
}

// dumpFormat is a dump's offset column, when the input has one.
type dumpFormat struct {
	on    bool
	colon bool // xxd: "00000000: "
}

// isDump reports whether every non-empty line starts with an offset (6 to 8
// hex digits, or any with a colon) followed by more, and the first offset is
// 0: plain hex lines start with a message type instead, and a 0 offset would
// have to be a hello_request followed by a space.
func isDump(lines []string) dumpFormat {
	var d dumpFormat
	first := true
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		off := f[0]
		colon := strings.HasSuffix(off, ":")
		off = strings.TrimSuffix(off, ":")
		if !colon && (len(off) < 6 || len(off) > 8) || len(off) == 0 || strings.Trim(off, "0123456789abcdefABCDEF") != "" {
			return dumpFormat{}
		}
		if len(f) == 1 && !colon && !lastLine(lines, i) {
			return dumpFormat{} // only od's and hexdump's final line is a bare offset
		}
		if first {
			if strings.Trim(off, "0") != "" {
				return dumpFormat{}
			}
			d = dumpFormat{on: true, colon: colon}
			first = false
		} else if colon != d.colon {
			return dumpFormat{}
		}
	}
	return d
}

func lastLine(lines []string, i int) bool {
	for _, l := range lines[i+1:] {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	return true
}

// strip returns the hex part of a dump line and the column it starts at.
func (d dumpFormat) strip(line string) (body string, col int, bad string) {
	t := strings.TrimLeft(line, " \t")
	if t == "" {
		return "", 0, ""
	}
	col = len(line) - len(t)
	end := strings.IndexAny(t, " \t")
	if end < 0 {
		end = len(t)
	}
	if d.colon != strings.HasSuffix(t[:end], ":") {
		return "", 0, "no offset column like the first line's"
	}
	col += end
	body = t[end:]
	if d.colon {
		// xxd: the hex groups end at two spaces, then the ASCII column.
		if k := strings.Index(strings.TrimLeft(body, " "), "  "); k >= 0 {
			lead := len(body) - len(strings.TrimLeft(body, " "))
			body = body[:lead+k]
		}
	} else if k := strings.IndexByte(body, '|'); k >= 0 && strings.HasSuffix(strings.TrimRight(body, " "), "|") {
		body = body[:k] // hexdump -C's |ASCII| column
	}
	for _, g := range strings.Fields(body) {
		if !d.colon && len(g) == 4 {
			return "", 0, "16-bit words (hexdump's or od's default) are little-endian, so byte-swapped; use hexdump -C, od -An -tx1 or xxd"
		}
	}
	return body, col, ""
}

// oneLine keeps a stderr message on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
