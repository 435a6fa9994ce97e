package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/dissect"
)

const encodeUsage = `usage: clientauth encode [-unchecked] [-format hex|bin] FILE|-

Reads the JSON objects "clientauth dissect -json" prints (one after the
other, as JSON Lines or pretty-printed), encodes each message with the
encoder and writes the bytes: one line of hex per message (-format hex, the
default) or the messages back to back (-format bin). Each object carries its
own version, key exchange and other context in "params".

A length prefix may be given next to its vector ("signature_length",
"length" for the handshake header and extension_data; "dissect -json
-lengths" writes them all); left out, it is computed. The encoder refuses a
given length that is not the length of what follows it.

  -unchecked
        write invalid messages too: every length given is written as
        given, missing ones are computed, and values are written without
        bound or rule checks (an empty signature_algorithms, a 2-byte
        Finished). The params decide the layout; the body present decides
        the fields, whatever the type byte says. Still refused: what no
        wire form can carry (a length or code too wide for its field, a
        field the version or key exchange does not have, two bodies).

Exit status:
  0  every message encoded
  1  a message was refused: the encoder's error for an out-of-bound value
     (the rule it breaks), a given length that lies, or a value no wire
     form can carry (a code too wide for its field, a name that is not the
     code's, a body that is not the type's, a message that was invalid
     when dissected). The messages before it are written; encoding stops
     there.
  2  usage or I/O error, or input that is not JSON of the right shape
     (syntax error, unknown key, wrong JSON type).
`

func runEncode(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	out := bufio.NewWriter(stdout)
	defer crashGuard(out, stderr, &code)
	fs := newFlagSet("encode")
	format := fs.String("format", "hex", "")
	unchecked := fs.Bool("unchecked", false, "")
	if err := fs.Parse(args); err != nil {
		return flagsFailed(err, stdout, stderr, encodeUsage)
	}
	if *format != "hex" && *format != "bin" {
		fmt.Fprintf(stderr, "clientauth: -format %q: want hex or bin\n", *format)
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "clientauth: encode: want exactly one FILE or - (usage: clientauth encode [-unchecked] [-format hex|bin] FILE|-)\n")
		return exitUsage
	}
	name := fs.Arg(0)
	data, err := readInput(name, "bin", stdin)
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
		return exitUsage
	}
	fail := func(code int, format string, args ...any) int {
		out.Flush()
		fmt.Fprintf(stderr, "clientauth: "+format+"\n", args...)
		return code
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var buf []byte
	for i := 0; ; i++ {
		start := dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			break
		}
		where := fmt.Sprintf("%s: message %d (line %d)", name, i, lineOf(data, start, dec.InputOffset()))
		var m dissect.Message
		if err == nil {
			if isDissectNote(raw) {
				i--
				continue
			}
			md := json.NewDecoder(bytes.NewReader(raw))
			md.DisallowUnknownFields()
			err = md.Decode(&m)
		}
		if err != nil {
			return fail(exitUsage, "%s: %s", where, oneLine(jsonError(err)))
		}
		if *unchecked {
			buf, err = m.Unchecked(buf[:0])
		} else {
			buf, err = m.Encode(buf[:0])
		}
		if err != nil {
			var ce *ca.Error
			if errors.As(err, &ce) {
				return fail(exitInvalid, "%s: refused by the encoder: %s", where, oneLine(err.Error()))
			}
			return fail(exitInvalid, "%s: %s", where, oneLine(err.Error()))
		}
		if *format == "hex" {
			_, err = fmt.Fprintf(out, "%x\n", buf)
		} else {
			_, err = out.Write(buf)
		}
		if err != nil {
			return fail(exitUsage, "writing output: %s", oneLine(err.Error()))
		}
	}
	return finish(out, stderr, exitOK, false)
}

// lineOf is the 1-based line of the first non-space byte in data[start:end].
func lineOf(data []byte, start, end int64) int {
	i := start
	for i < end && i < int64(len(data)) && isSpace(data[i]) {
		i++
	}
	return 1 + bytes.Count(data[:min(i, int64(len(data)))], []byte{'\n'})
}

// jsonError words a decoding error without Go type names.
func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("JSON of the wrong shape: %s must not be a JSON %s", orTop(te.Field), te.Value)
	case errors.As(err, &se):
		return "not JSON: " + se.Error()
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "not JSON: the input ends inside an object"
	}
	return "JSON of the wrong shape: " + err.Error()
}

func orTop(field string) string {
	if field == "" {
		return "the message"
	}
	return field
}

// isDissectNote reports whether a JSON Lines record is one of dissect's
// notes ({"file":...,"note":{...}}: what a capture left unread), which
// carry no message.
func isDissectNote(raw json.RawMessage) bool {
	var probe map[string]json.RawMessage
	if json.Unmarshal(raw, &probe) != nil {
		return false
	}
	_, ok := probe["note"]
	return ok && probe["type"] == nil
}
