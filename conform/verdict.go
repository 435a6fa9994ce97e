package conform

import (
	"slices"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
)

// Outcome kinds: what the peer did with the substituted message.
const (
	OutCompleted = "completed" // finished the handshake (and, as server, answered application data)
	OutContinued = "continued" // sent its next message (its Certificate, or ClientKeyExchange) but did not complete
	OutAlert     = "alert"     // sent a fatal alert
	OutClosed    = "closed"    // closed the connection without an alert
	OutCrash     = "crash"     // died of a signal (or a 128+n exit status)
	OutHang      = "hang"      // did nothing within the per-handshake timeout
	OutError     = "error"     // our side failed for a reason of its own (setup, our endpoint)
)

// Verdicts against the vector's label.
const (
	Conforms   = "conforms"
	Lenient    = "lenient"     // accepted an invalid message
	Strict     = "strict"      // rejected a valid or acceptable one
	OtherAlert = "other alert" // rejected an invalid message with an alert outside the expected set (or none)
	Crash      = "crash"
	Hang       = "hang"
	NoVerdict  = "no verdict" // OutError: nothing to judge
)

// Verdicts lists them in the order tables show them.
var Verdicts = []string{Conforms, Lenient, Strict, OtherAlert, Crash, Hang, NoVerdict}

// laterLayer: alerts with which a peer may reject a message that is valid
// at the message layer because its content no longer verifies further on
// (a certificate changed by the mutation fails path validation, a
// signature or verify_data over other bytes fails, another key exchange
// value decrypts nothing). Such a rejection is no strictness.
var laterLayer = map[ca.HandshakeType][]ca.Alert{
	ca.TypeCertificate: {ca.AlertBadCertificate, ca.AlertUnsupportedCertificate, ca.AlertCertificateUnknown,
		ca.AlertUnknownCA, ca.AlertDecryptError, ca.AlertHandshakeFailure, ca.AlertCertificateRequired},
	ca.TypeCertificateVerify: {ca.AlertDecryptError, ca.AlertHandshakeFailure, ca.AlertIllegalParameter,
		ca.AlertBadCertificate, ca.AlertUnsupportedCertificate},
	ca.TypeClientKeyExchange: {ca.AlertDecryptError, ca.AlertHandshakeFailure, ca.AlertIllegalParameter, ca.AlertBadRecordMAC},
	ca.TypeFinished:          {ca.AlertDecryptError, ca.AlertHandshakeFailure, ca.AlertBadRecordMAC},
	// A client with no certificate matching a valid request's algorithms or
	// types may give up (8446-4.4.2.4 lets a server, not a client, abort; a
	// client aborting is noted, not judged strict).
	ca.TypeCertificateRequest: {ca.AlertHandshakeFailure},
}

// Expect is a vector's label.
type Expect struct {
	Result       string   `json:"result"`
	Alerts       []string `json:"alerts"`
	Requirements []string `json:"requirements"`
	Comment      string   `json:"comment"`
}

// Judge gives the verdict of outcome kind (with alert, when kind is
// OutAlert) for a message of type t labelled e, and a note when a rejection
// was taken as a later layer's.
func Judge(t ca.HandshakeType, e Expect, kind string, alert ca.Alert) (verdict, note string) {
	switch kind {
	case OutCrash:
		return Crash, ""
	case OutHang:
		return Hang, ""
	case OutError:
		return NoVerdict, ""
	case OutCompleted, OutContinued:
		if e.Result == corpus.ResultInvalid {
			return Lenient, ""
		}
		return Conforms, ""
	}
	inSet := kind == OutAlert && slices.Contains(e.Alerts, alert.String())
	switch e.Result {
	case corpus.ResultInvalid:
		if inSet {
			return Conforms, ""
		}
		return OtherAlert, ""
	case corpus.ResultAcceptable:
		if inSet {
			return Conforms, ""
		}
	}
	if kind == OutAlert && slices.Contains(laterLayer[t], alert) {
		return Conforms, "rejected at a later layer (" + alert.String() + ")"
	}
	if e.Result == corpus.ResultAcceptable {
		return OtherAlert, ""
	}
	return Strict, ""
}

// finding: the verdicts that are reported (after a confirming re-run).
func finding(v string) bool { return v == Lenient || v == Strict || v == Crash || v == Hang }
