package main

import (
	"errors"
	"fmt"
	"strings"
)

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
