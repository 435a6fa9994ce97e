package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

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

func parseCheckFlags(args []string) (checkOptions, error) {
	fs := newFlagSet("check")
	return inputFlags(fs, "auto", "hex", "bin")(args)
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
	err = forMessages(buf, func(index, _ int, msg []byte) error {
		r := checkResult{
			File:    name,
			Index:   index,
			Type:    "unknown",
			Version: params.Vers().String(),
		}
		if len(msg) > 0 {
			r.Type = ca.HandshakeType(msg[0]).String()
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
			return fmt.Errorf("writing output: %w", err)
		}
		return nil
	})
	return invalid, err
}

// reencode reports whether encoding the parsed value gives back msg exactly.
// An encoder refusal of a value the parser accepted is a bug; it is noted on
// stderr.
func (c *checker) reencode(name string, index int, m parser.Message, msg []byte, params ca.Params) bool {
	same, out, err := reencodes(params, m, msg, c.dst)
	if err != nil {
		fmt.Fprintf(c.stderr, "clientauth: %s: message %d (%v): parsed but re-encoding failed: %s\n",
			name, index, m.Type, oneLine(err.Error()))
		return false
	}
	c.dst = out
	return same
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
