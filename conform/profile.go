package conform

import (
	"encoding/hex"
	"errors"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/parser"
)

// Every peer here predates RFC 9846 and implements RFC 8446, so cases are
// labelled and judged under the RFC 8446 profile. Where RFC 9846 changed
// the rule a TLS 1.3 message meets (the CertificateRequest extensions
// floor, server_name in a CertificateRequest, RSA PKCS #1 v1.5 in a
// CertificateVerify, ...), ProfileVerdicts adds the verdict the same
// observation gets under RFC 9846, so that a stack updated to it can be
// read off the same run.

// ProfileVerdicts sets ExpectRFC9846 and VerdictRFC9846 on every TLS 1.3
// result whose message our parser reads differently under the two
// profiles (accepts under one only, or rejects with another alert), and
// returns how many it set.
func (rep *Report) ProfileVerdicts() int {
	n := 0
	for i := range rep.Results {
		r := &rep.Results[i]
		r.ExpectRFC9846, r.VerdictRFC9846 = nil, ""
		if r.Version != ca.VersionTLS13.String() || r.Observed.Kind == OutError {
			continue
		}
		t, ok := ca.ParseHandshakeType(r.Message)
		msg, err := hex.DecodeString(r.Observed.Msg)
		if !ok || err != nil || len(msg) < 4 {
			continue
		}
		p := ca.Params{Version: ca.VersionTLS13, FromServer: r.Role == RoleClient, CertType: ca.CertTypeX509, Profile: ca.RFC8446}
		e8446 := readUnder(p, msg)
		p.Profile = ca.RFC9846
		e9846 := readUnder(p, msg)
		if (e8446 == nil) == (e9846 == nil) && (e8446 == nil || e8446.Alert == e9846.Alert) {
			continue
		}
		x := Expect{Result: corpus.ResultValid, Alerts: []string{}, Requirements: []string{}, Comment: "our parser under the RFC 9846 profile"}
		if e9846 != nil {
			x.Result, x.Alerts, x.Requirements = corpus.ResultInvalid, []string{e9846.Alert.String()}, []string{string(e9846.Requirement)}
		}
		r.ExpectRFC9846 = &x
		a, _ := ca.ParseAlert(r.Observed.Alert)
		r.VerdictRFC9846, _ = Judge(t, x, r.Observed.Kind, a)
		n++
	}
	return n
}

// readUnder is our parser's rejection of msg under p (nil: accepted).
func readUnder(p ca.Params, msg []byte) *ca.Error {
	_, err := parser.New(p).Parse(msg)
	var e *ca.Error
	if errors.As(err, &e) {
		return e
	}
	if err != nil {
		return &ca.Error{Alert: ca.AlertDecodeError}
	}
	return nil
}
