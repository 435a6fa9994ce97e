package flow

import (
	"fmt"
	"strconv"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// CheckID names a row of Checks: a cross-message rule that the root checks
// table (ca.Checks) has no row for yet. Rules it does have are reported with
// its row (Error.Err.Check) and NoCheck here.
type CheckID uint8

const (
	NoCheck CheckID = iota
	CheckAnonymousRequest
	CheckServerCVAlgorithmNotOffered
	CheckCVKeyMismatch
	CheckCompressionNotOffered
	CheckCompressionAlgorithmNotOffered
	CheckInflatedMismatch
	CheckContextStoreFull
	CheckTooManyPending
	numChecks
)

// Check is one flow rule: requirement, alert and reason, shaped like
// ca.Check so that the rows can move to ca.Checks unchanged.
type Check struct {
	ID          CheckID
	Field       string
	Requirement ca.Requirement
	Alert       ca.Alert
	Reason      string // may hold one %v, filled with Err.Value
}

// Checks is the table of flow-only rules, indexed by CheckID.
var Checks = [numChecks]Check{
	CheckAnonymousRequest: {Field: "msg_type", Requirement: "5246-7.4.4-f", Alert: ca.AlertHandshakeFailure,
		Reason: "a CertificateRequest from a server that sent no Certificate (anonymous)"},
	CheckServerCVAlgorithmNotOffered: {Field: "algorithm", Requirement: "8446-4.4.3-d", Alert: ca.AlertIllegalParameter,
		Reason: "%v is not among the signature_algorithms the client offered"},
	CheckCVKeyMismatch: {Field: "algorithm", Requirement: "8446-4.4.3-f", Alert: ca.AlertIllegalParameter,
		Reason: "%v does not suit the end-entity certificate's key"},
	CheckCompressionNotOffered: {Field: "msg_type", Requirement: "8879-4-a", Alert: ca.AlertUnexpectedMessage,
		Reason: "a CompressedCertificate although the peer offered no compress_certificate"},
	CheckCompressionAlgorithmNotOffered: {Field: "algorithm", Requirement: "8879-4-a", Alert: ca.AlertIllegalParameter,
		Reason: "compression algorithm %v was not offered"},
	CheckInflatedMismatch: {Field: "uncompressed_length", Requirement: "8879-4-b", Alert: ca.AlertBadCertificate,
		Reason: "the message fed after a CompressedCertificate is not a Certificate of uncompressed_length bytes (%v)"},
	CheckContextStoreFull: {Field: "certificate_request_context", Requirement: "8446-4.3.2-c", Alert: ca.AlertInternalError,
		Reason: "too many post-handshake contexts to check uniqueness (%v bytes stored)"},
	CheckTooManyPending: {Field: "msg_type", Requirement: "8446-4.6.2-e", Alert: ca.AlertInternalError,
		Reason: "more than %v post-handshake requests unanswered"},
}

func init() {
	for i := range Checks {
		Checks[i].ID = CheckID(i)
	}
}

// Error is why the validator refused a message: the message (its position
// among those fed, type and sender) and the rule, as a ca.Error (Err) whose
// Alert and Requirement are the ones to act on. Check names the flow row
// when ca.Checks has none for the rule. errors.Is matches an Alert or a
// Requirement; errors.As reaches the ca.Error.
//
// The validator owns the Error: it stays valid until Reset.
type Error struct {
	Err        ca.Error
	Check      CheckID
	Message    int // 0-based position among the messages fed
	Type       ca.HandshakeType
	FromServer bool
}

// Alert is the alert to send.
func (e *Error) Alert() ca.Alert { return e.Err.Alert }

// Requirement is the rule violated.
func (e *Error) Requirement() ca.Requirement { return e.Err.Requirement }

// Reason says what was wrong, in words.
func (e *Error) Reason() string {
	if e.Check == NoCheck {
		if e.Err.Check == ca.CheckCVAlgorithmNotRequested { // ca.Error renders its value as a bare number
			return fmt.Sprintf(ca.Checks[e.Err.Check].Reason, fmt.Sprintf("%v (0x%04x)", ca.SignatureScheme(e.Err.Value), e.Err.Value))
		}
		return e.Err.Reason()
	}
	r := Checks[e.Check].Reason
	if !strings.Contains(r, "%v") {
		return r
	}
	var v any = e.Err.Value
	switch e.Check {
	case CheckServerCVAlgorithmNotOffered, CheckCVKeyMismatch:
		v = fmt.Sprintf("%v (0x%04x)", ca.SignatureScheme(e.Err.Value), e.Err.Value)
	}
	return fmt.Sprintf(r, v)
}

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
