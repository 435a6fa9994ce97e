package clientauth

import (
	"fmt"
	"strconv"
	"strings"
)

// Error is why a message was rejected (by the parser) or refused (by the
// encoder): the field, the byte offset, the requirement and the alert to send.
//
// The parser and encoder return a pointer to an Error they own, so that a
// rejection allocates nothing; it stays valid until their next call. Copy
// the struct to keep it longer.
type Error struct {
	// Container and Field make the field path; "[]" in them is filled from
	// Index, left to right. Field() renders it.
	Container string
	Leaf      string
	Index     [3]int32
	// Offset is the byte offset, from the first byte of the handshake header,
	// of the field (for a length, of its prefix). The encoder reports where
	// the field would have been written in the message it refused to make;
	// -1 means no position applies.
	Offset      int
	Requirement Requirement
	Alert       Alert
	Bound       BoundID // the bound that failed, or NoBound
	Check       CheckID // the check that failed, or NoCheck
	Value       int     // the offending length or value
}

// Field renders the path, e.g. "certificate_request.extensions[1].signature_algorithms.supported_signature_algorithms".
func (e *Error) Field() string {
	path := joinPath(e.Container, e.Leaf)
	if !strings.Contains(path, "[]") {
		return path
	}
	var b strings.Builder
	n := 0
	for {
		i := strings.Index(path, "[]")
		if i < 0 {
			b.WriteString(path)
			return b.String()
		}
		b.WriteString(path[:i])
		b.WriteByte('[')
		if n < len(e.Index) {
			b.WriteString(strconv.Itoa(int(e.Index[n])))
		}
		b.WriteByte(']')
		n++
		path = path[i+2:]
	}
}

// Reason says what was wrong, in words.
func (e *Error) Reason() string {
	switch {
	case e.Bound != NoBound:
		b := &bounds[e.Bound]
		if b.Min == b.Max {
			return fmt.Sprintf("length %d where %s requires exactly %d", e.Value, b.Struct, b.Min)
		}
		if e.Value >= b.Min && e.Value <= b.Max {
			return fmt.Sprintf("length %d of %s is not a multiple of %d", e.Value, b.Struct, b.Elem)
		}
		return fmt.Sprintf("length %d outside %s%s", e.Value, b.Struct, b.Range())
	case e.Check != NoCheck:
		r := checks[e.Check].Reason
		if strings.Contains(r, "%v") {
			return fmt.Sprintf(r, e.value())
		}
		return r
	}
	return "invalid"
}

// value renders Value the way the check's reason reads best.
func (e *Error) value() any {
	switch e.Check {
	case CheckDuplicateExtension, CheckUnrequestedExtension, CheckForbiddenExtension:
		t := ExtensionType(e.Value)
		if _, ok := LookupExtension(t); ok {
			return t.String()
		}
		return "0x" + strconv.FormatInt(int64(e.Value), 16)
	case CheckAnonymousSignature, CheckCVLegacyPair, CheckCVSHA1, CheckCVPKCS1, CheckCVGREASEClient, CheckCVGREASEServer, CheckCVAlgorithmNotRequested,
		CheckServerCVAlgorithmNotOffered, CheckCVKeyMismatch:
		return fmt.Sprintf("%v (0x%04x)", SignatureScheme(e.Value), e.Value)
	case CheckUnexpectedType:
		return HandshakeType(e.Value).String()
	}
	return e.Value
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Field())
	if e.Offset >= 0 {
		b.WriteString(" at offset ")
		b.WriteString(strconv.Itoa(e.Offset))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason())
	b.WriteString(" (")
	b.WriteString(e.Alert.String())
	if e.Requirement != "" {
		b.WriteString(", ")
		b.WriteString(string(e.Requirement))
	}
	b.WriteString(")")
	return b.String()
}

// Is lets errors.Is match an Alert, a Requirement, a Bound's or a Check's ID.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case Alert:
		return e.Alert == t
	case Requirement:
		return e.Requirement == t
	case *Error:
		return e.Bound == t.Bound && e.Check == t.Check
	}
	return false
}
