package flow

import (
	"strconv"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// Error is why the validator refused a message: the message (its position
// among those fed, type and sender) and the rule, as a ca.Error (Err) whose
// Alert and Requirement are the ones to act on; Err.Check is the row of
// ca.Checks (the cross-message rules are its LayerFlow rows). errors.Is
// matches an Alert or a Requirement; errors.As reaches the ca.Error.
//
// The validator owns the Error: it stays valid until Reset.
type Error struct {
	Err        ca.Error
	Message    int // 0-based position among the messages fed
	Type       ca.HandshakeType
	FromServer bool
}

// Alert is the alert to send.
func (e *Error) Alert() ca.Alert { return e.Err.Alert }

// Requirement is the rule violated.
func (e *Error) Requirement() ca.Requirement { return e.Err.Requirement }

// Reason says what was wrong, in words.
func (e *Error) Reason() string { return e.Err.Reason() }

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("message ")
	b.WriteString(strconv.Itoa(e.Message))
	b.WriteString(" (")
	if e.FromServer {
		b.WriteString("server ")
	} else {
		b.WriteString("client ")
	}
	b.WriteString(e.Type.String())
	b.WriteString("): ")
	b.WriteString(e.Err.Field())
	if e.Err.Offset >= 0 {
		b.WriteString(" at offset ")
		b.WriteString(strconv.Itoa(e.Err.Offset))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason())
	b.WriteString(" (")
	b.WriteString(e.Err.Alert.String())
	if e.Err.Requirement != "" {
		b.WriteString(", ")
		b.WriteString(string(e.Err.Requirement))
	}
	b.WriteString(")")
	return b.String()
}

// Unwrap exposes the ca.Error, so errors.Is(err, ca.AlertX) and
// errors.Is(err, ca.Requirement("...")) work as for parser errors.
func (e *Error) Unwrap() error { return &e.Err }
