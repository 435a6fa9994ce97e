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
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/parser"
)

// maxInput caps the bytes read from one FILE, so that memory stays bounded
// by the input size.
const maxInput = 64 << 20

const checkUsage = `usage: clientauth check [flags] FILE...

Parses each FILE ("-" is stdin) as one or more concatenated handshake
messages (4-byte header included) and prints one JSON object per message
on stdout. Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.

flags:
  -version 1.0|1.1|1.2|1.3        protocol version (default 1.3)
  -kex rsa|dhe|ecdhe|psk|rsa_psk|dhe_psk|ecdhe_psk|fixed_dh
                                  TLS <=1.2 key exchange (default rsa)
  -finished-len N                 Finished verify_data length (default 12 in
                                  TLS <=1.2, 32 in TLS 1.3)
  -post-handshake                 TLS 1.3 post-handshake authentication
  -profile rfc8446|rfc9846        specification profile (default rfc8446)
  -sender client|server           who sent Certificate/CertificateVerify
                                  (default client)
  -cert-type x509|raw_public_key  negotiated certificate type (default x509)
  -format auto|hex|bin            input format (default auto: hex when the
                                  file holds only hex digits and white space)
`

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

// checkOptions is the parsed command line.
type checkOptions struct {
	params ca.Params
	format string
	files  []string
}

func parseCheckFlags(args []string) (checkOptions, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported as one line by the caller
	pf := addParamFlags(fs)
	format := fs.String("format", "auto", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return checkOptions{}, err
		}
		return checkOptions{}, usagef("%v", err)
	}

	var o checkOptions
	var err error
	if o.params, err = pf.params(); err != nil {
		return o, err
	}
	switch *format {
	case "auto", "hex", "bin":
		o.format = *format
	default:
		return o, usagef("-format %q: want auto, hex or bin", *format)
	}
	o.files = fs.Args()
	if len(o.files) == 0 {
		return o, usagef("check: no FILE given (usage: clientauth check [flags] FILE...)")
	}
	return o, nil
}

// runCheck implements "clientauth check".
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	out := bufio.NewWriter(stdout)
	defer func() {
		// Last line of defence: no input may crash the tool. Tests show that
		// none does.
		if r := recover(); r != nil {
			out.Flush()
			fmt.Fprintf(stderr, "clientauth: internal error: %s\n", oneLine(fmt.Sprint(r)))
			code = exitUsage
		}
	}()

	o, err := parseCheckFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, checkUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
		return exitUsage
	}

	c := checker{
		params: o.params,
		parser: parser.Parser{Params: o.params},
		enc:    encoder.Encoder{Params: o.params},
		json:   json.NewEncoder(out),
		stderr: stderr,
	}
	c.json.SetEscapeHTML(false)

	code = exitOK
	for _, name := range o.files {
		buf, err := readInput(name, o.format, stdin)
		if err == nil {
			var invalid bool
			invalid, err = c.checkBuffer(name, buf)
			if invalid {
				code = exitInvalid
			}
		}
		if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
			return exitUsage
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "clientauth: writing output: %s\n", oneLine(err.Error()))
		return exitUsage
	}
	return code
}

// checker holds what is reused across messages.
type checker struct {
	params ca.Params
	parser parser.Parser
	enc    encoder.Encoder
	json   *json.Encoder
	stderr io.Writer
	dst    []byte // re-encoding buffer
}

// checkBuffer walks the messages of one input and prints a line for each. It
// reports whether any was invalid; its error is an output error.
func (c *checker) checkBuffer(name string, buf []byte) (invalid bool, err error) {
	s := parser.NewStream(buf)
	index := 0
	for {
		msg, _, ok := s.Next()
		if !ok {
			break
		}
		r := checkResult{
			File:    name,
			Index:   index,
			Type:    ca.HandshakeType(msg[0]).String(),
			Version: c.params.Vers().String(),
		}
		m, perr := c.parser.Parse(msg)
		if perr != nil {
			invalid = true
			fillError(&r, perr, 0)
		} else {
			r.Valid = true
			re := c.reencode(name, index, m, msg)
			r.Reencoded = &re
		}
		if err := c.json.Encode(&r); err != nil {
			return invalid, fmt.Errorf("writing output: %w", err)
		}
		index++
	}
	if serr := s.Err(); serr != nil {
		invalid = true
		rest := s.Rest()
		r := checkResult{
			File:    name,
			Index:   index,
			Type:    "unknown",
			Version: c.params.Vers().String(),
		}
		if len(rest) > 0 {
			r.Type = ca.HandshakeType(rest[0]).String()
		}
		fillError(&r, serr, len(buf)-len(rest))
		if err := c.json.Encode(&r); err != nil {
			return invalid, fmt.Errorf("writing output: %w", err)
		}
	}
	return invalid, nil
}

// reencode reports whether encoding the parsed value gives back msg exactly.
// An encoder refusal of a value the parser accepted is a bug; it is noted on
// stderr.
func (c *checker) reencode(name string, index int, m parser.Message, msg []byte) bool {
	out, err := c.enc.Encode(c.dst[:0], m.Value())
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
	if format == "bin" || (format == "auto" && !isHexText(data)) {
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

// isHexText reports whether data holds only hex digits and white space.
func isHexText(data []byte) bool {
	for _, b := range data {
		if _, ok := hexVal(b); !ok && !isSpace(b) {
			return false
		}
	}
	return true
}

// decodeHex decodes hex digits, ignoring white space anywhere.
func decodeHex(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)/2)
	digits := 0
	var hi byte
	for i, b := range data {
		if isSpace(b) {
			continue
		}
		v, ok := hexVal(b)
		if !ok {
			return nil, fmt.Errorf("bad hex: %q at byte %d is not a hex digit", b, i)
		}
		if digits%2 == 0 {
			hi = v
		} else {
			out = append(out, hi<<4|v)
		}
		digits++
	}
	switch {
	case digits == 0:
		return nil, errors.New("no hex digits")
	case digits%2 != 0:
		return nil, fmt.Errorf("bad hex: odd number of hex digits (%d)", digits)
	}
	return out, nil
}

// oneLine keeps a stderr message on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
