package conform

import (
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
)

func TestJudge(t *testing.T) {
	invalid := Expect{Result: corpus.ResultInvalid, Alerts: []string{"decode_error"}}
	valid := Expect{Result: corpus.ResultValid}
	acceptable := Expect{Result: corpus.ResultAcceptable, Alerts: []string{"illegal_parameter"}}
	for _, tc := range []struct {
		t       ca.HandshakeType
		e       Expect
		kind    string
		alert   ca.Alert
		verdict string
		note    bool
	}{
		{ca.TypeCertificate, invalid, OutAlert, ca.AlertDecodeError, Conforms, false},
		{ca.TypeCertificate, invalid, OutAlert, ca.AlertIllegalParameter, OtherAlert, false},
		{ca.TypeCertificate, invalid, OutClosed, 0, OtherAlert, false},
		{ca.TypeCertificate, invalid, OutCompleted, 0, Lenient, false},
		{ca.TypeCertificateRequest, invalid, OutContinued, 0, Lenient, false},
		{ca.TypeCertificate, valid, OutCompleted, 0, Conforms, false},
		{ca.TypeCertificateRequest, valid, OutContinued, 0, Conforms, false},
		{ca.TypeCertificate, valid, OutAlert, ca.AlertDecodeError, Strict, false},
		{ca.TypeCertificate, valid, OutClosed, 0, Strict, false},
		// A certificate the mutation changed no longer validates.
		{ca.TypeCertificate, valid, OutAlert, ca.AlertBadCertificate, Conforms, true},
		{ca.TypeCertificateVerify, valid, OutAlert, ca.AlertDecryptError, Conforms, true},
		{ca.TypeServerHelloDone, valid, OutAlert, ca.AlertDecryptError, Strict, false},
		{ca.TypeCertificateRequest, acceptable, OutContinued, 0, Conforms, false},
		{ca.TypeCertificateRequest, acceptable, OutAlert, ca.AlertIllegalParameter, Conforms, false},
		{ca.TypeCertificateRequest, acceptable, OutAlert, ca.AlertDecodeError, OtherAlert, false},
		{ca.TypeCertificate, invalid, OutCrash, 0, Crash, false},
		{ca.TypeCertificate, valid, OutHang, 0, Hang, false},
		{ca.TypeCertificate, valid, OutError, 0, NoVerdict, false},
	} {
		v, note := Judge(tc.t, tc.e, tc.kind, tc.alert)
		if v != tc.verdict || (note != "") != tc.note {
			t.Errorf("Judge(%v, %s, %s, %v) = %q, %q; want %q (note %v)", tc.t, tc.e.Result, tc.kind, tc.alert, v, note, tc.verdict, tc.note)
		}
	}
}

// TestJudgeIncomplete: a message cut short of its header's length, sent
// last, can only be waited for.
func TestJudgeIncomplete(t *testing.T) {
	k := Case{typ: ca.TypeServerHelloDone, Expect: Expect{Result: corpus.ResultInvalid, Alerts: []string{"decode_error"}}}
	if v, _ := judge(k, Observed{Kind: OutHang, Msg: "0e000001"}); v != Conforms {
		t.Errorf("header+1 ServerHelloDone, peer waits: %s", v)
	}
	if v, _ := judge(k, Observed{Kind: OutHang, Msg: "0e000000"}); v != Hang {
		t.Errorf("complete ServerHelloDone, peer waits: %s", v)
	}
}

func TestExitCrashed(t *testing.T) {
	for _, tc := range []struct {
		e    Exit
		want bool
	}{{Exit{Code: 1}, false}, {Exit{Code: 0}, false}, {Exit{Code: -1, Signal: "segmentation fault"}, true}, {Exit{Code: 134}, true}} {
		if tc.e.Crashed() != tc.want {
			t.Errorf("%+v: Crashed %v", tc.e, !tc.want)
		}
	}
}
