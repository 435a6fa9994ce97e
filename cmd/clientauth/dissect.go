package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/dissect"
	"github.com/clientauth/clientauth/parser"
)

func dissectUsage() string {
	return `usage: clientauth dissect [flags] FILE...
       clientauth dissect -manifest DIR/manifest.json [FILE...]

Dissects each FILE ("-" is stdin) as one or more concatenated handshake
messages, or as a packet capture, and prints a tree per message that reads
like Wireshark's (tshark -V): the same field labels and value names, plus
clientauth's verdict below the field an invalid message fails at. With
-json, prints one JSON object per message instead (JSON Lines), which
"clientauth encode" turns back into the same bytes. Flags may come before
or after the files ("--" ends them); a FILE that cannot be read is reported
and the others are still dissected.
Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error, 3 a capture
cut short whose whole packets were dissected and valid (2 wins, then 1).

The context comes from the flags (the version is 1.3 unless -version or
-params says otherwise), from -manifest (as for check), or, for a capture,
from the capture itself.

flags:
` + paramFlagsUsage() + `  -manifest FILE
        take each message's context from a corpus manifest (as check does)
  -format auto|hex|bin|pcap
        input format (default auto: pcap or pcapng by magic number, else hex
        when the file is text (the spellings check accepts), else binary)
  -keylog FILE
        NSS key log (SSLKEYLOGFILE) to decrypt a capture: TLS 1.3 secrets,
        TLS <=1.2 CLIENT_RANDOM master secrets (the Finished and
        renegotiations); an empty file is a key log with no entries
  -json
        JSON Lines instead of trees
  -lengths
        with -json, write every length prefix too ("signature_length": 256,
        DistinguishedNames as {"length", "data"}), for editing into a lie
        that "clientauth encode -unchecked" writes as given

With a capture, each message's version, key exchange, Finished length,
sender, certificate type and post-handshake flag come from the capture
(the ServerHello and the cipher suite); -profile still applies. Messages
that are not client-authentication messages (ClientHello, ServerHello...)
get a one-line tree and no JSON object.

What a capture holds but could not be read is said on stderr, one
"clientauth: warning: " line each, and with -json as a note line
{"file":F,"note":{...}} (which "clientauth encode" skips): encrypted records
without a key log or the key log's secrets (they do not change the exit
status: nothing wrong was found in what was read), and a file cut inside a
packet (exit 3).
`
}

type dissectOptions struct {
	checkOptions
	keyLog  string
	json    bool
	lengths bool
}

func parseDissectFlags(args []string) (dissectOptions, error) {
	fs := newFlagSet("dissect")
	keyLog := fs.String("keylog", "", "")
	asJSON := fs.Bool("json", false, "")
	lengths := fs.Bool("lengths", false, "")
	in, err := inputFlags(fs, "auto", "hex", "bin", "pcap")(args)
	o := dissectOptions{checkOptions: in, keyLog: *keyLog, json: *asJSON, lengths: *lengths}
	if err != nil {
		return o, err
	}
	if o.lengths && !o.json {
		return o, usagef("-lengths is a -json option: trees show every length already")
	}
	return o, nil
}

// runDissect implements "clientauth dissect".
func runDissect(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runGuarded(args, stdout, stderr, parseDissectFlags, dissectUsage, func(o dissectOptions, out *bufio.Writer) int { return dissectFiles(o, stdin, out, stderr) })
}

// dissectFiles shows every message of the inputs o names, as a tree or JSON.
func dissectFiles(o dissectOptions, stdin io.Reader, out *bufio.Writer, stderr io.Writer) (code int) {
	var err error
	d := dissector{opts: o, out: out}
	d.json = json.NewEncoder(out)
	d.json.SetEscapeHTML(false)
	if o.keyLog != "" {
		if d.keyLog, err = os.ReadFile(o.keyLog); err != nil {
			fmt.Fprintf(stderr, "clientauth: -keylog: %s\n", oneLine(err.Error()))
			return exitUsage
		}
	}
	inputs, err := checkInputs(o.checkOptions)
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
		return exitUsage
	}
	d.stderr = stderr
	code = exitOK
	ioFailed := false
	for _, in := range inputs {
		invalid, err := false, in.err
		if err == nil {
			invalid, err = d.file(in.name, in.params, stdin)
		}
		if invalid {
			code = exitInvalid
		}
		if d.truncated && code == exitOK {
			code = exitTruncated
		}
		if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
			var we *writeError
			if errors.As(err, &we) {
				return exitUsage
			}
			ioFailed = true // the next file may still be readable
		}
	}
	return finish(out, stderr, code, ioFailed)
}

// writeError is a failure to write the output, which ends the run (an
// input error only skips its file).
type writeError struct{ err error }

func (e *writeError) Error() string { return "writing output: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// exitTruncated is dissect's status for a capture cut short inside a
// packet when every message before the cut is valid: neither a clean run
// (part of the file is missing) nor a rejected message.
const exitTruncated = 3

type dissector struct {
	opts      dissectOptions
	keyLog    []byte
	out       *bufio.Writer
	stderr    io.Writer
	json      *json.Encoder
	truncated bool // some capture was cut short
}

// item is one message with what the output says about where it came from.
type item struct {
	msg       []byte
	params    ca.Params
	offset    int // in the file (bytes input)
	conn      int // capture connection, -1 for bytes input
	dirIndex  int // index within the connection and direction
	decrypted bool
	suite     uint16
}

// file reads and dissects one input. invalid reports a rejected message;
// err is a usage, input or output error.
func (d *dissector) file(name string, params ca.Params, stdin io.Reader) (invalid bool, err error) {
	data, err := readInput(name, "bin", stdin)
	if err != nil {
		return false, err
	}
	format := d.opts.format
	if format == "auto" {
		switch {
		case isPcap(data):
			format = "pcap"
		case isText(data):
			format = "hex"
		default:
			format = "bin"
		}
	}
	if d.keyLog != nil && format != "pcap" {
		return false, usagef("%s: -keylog applies to captures only (format %s)", name, format)
	}
	if format == "pcap" {
		return d.capture(name, data, params)
	}
	if format == "hex" {
		if data, err = decodeHex(data); err != nil {
			return false, usagef("%s: %v", name, err)
		}
	}
	err = forMessages(data, func(index, off int, msg []byte) error {
		bad, err := d.message(name, index, item{msg: msg, params: params, offset: off, conn: -1})
		invalid = invalid || bad
		return err
	})
	return invalid, err
}

// message prints one message; invalid reports a rejection.
func (d *dissector) message(name string, index int, it item) (invalid bool, err error) {
	clientAuth := it.conn < 0 || len(it.msg) > 0 && parser.Handles(ca.HandshakeType(it.msg[0]), it.params.Vers())
	if d.opts.json {
		if !clientAuth {
			return false, nil
		}
		return d.jsonMessage(name, index, it)
	}
	var header string
	if it.conn < 0 {
		header = fmt.Sprintf("Message %d: %s offset %d (TLS %s)", index, name, it.offset, it.params.Vers())
	} else {
		header = it.captureHeader(name, index)
	}
	if _, err := fmt.Fprintln(d.out, header); err != nil {
		return false, &writeError{err}
	}
	var tree *dissect.Node
	if clientAuth {
		var perr error
		tree, perr = dissect.Dissect(it.msg, it.params)
		invalid = perr != nil
	} else {
		tree = &dissect.Node{Text: "Handshake Protocol: " + dissect.HandshakeName(ca.HandshakeType(it.msg[0]))}
		tree.Children = append(tree.Children, &dissect.Node{Text: "[Not dissected: not a client-authentication message]"})
	}
	if err := tree.Format(d.out, 1); err != nil {
		return invalid, &writeError{err}
	}
	if _, err = fmt.Fprintln(d.out); err != nil {
		return invalid, &writeError{err}
	}
	return invalid, nil
}

func (d *dissector) jsonMessage(name string, index int, it item) (invalid bool, err error) {
	m, perr := dissect.FromBytes(it.msg, it.params)
	if perr != nil {
		invalid = true
		m = &dissect.Message{Params: dissect.FromParams(it.params), Bytes: dissect.Hex(it.msg)}
		if len(it.msg) > 0 {
			t := ca.HandshakeType(it.msg[0])
			code := int64(t)
			m.Type = dissect.Enum{Name: t.String(), Code: &code}
		}
		info := &dissect.ErrorInfo{Message: perr.Error()}
		var pe *ca.Error
		if errors.As(perr, &pe) {
			info.Alert, info.Field, info.Offset, info.Requirement = pe.Alert.String(), pe.Field(), pe.Offset, string(pe.Requirement)
		}
		m.Error = info
	} else if d.opts.lengths {
		// The parser accepted the message, so every length fits its prefix
		// and this cannot fail; if it did, the JSON would lack lengths.
		if err := m.FillLengths(); err != nil {
			return false, fmt.Errorf("%s: message %d: -lengths: %v", name, index, err)
		}
	}
	valid := !invalid
	m.File, m.Index, m.Valid = name, &index, &valid
	if it.conn < 0 {
		off := it.offset
		m.Offset = &off
	} else {
		it.captureJSON(m)
	}
	if err := d.json.Encode(m); err != nil {
		return invalid, &writeError{err}
	}
	return invalid, nil
}
