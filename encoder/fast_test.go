package encoder_test

import (
	"bytes"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// TestFastMatchesDetailed: on every synthetic value and on the value of every
// sample, real corpus message and valid vector, the fast path writes exactly
// the detailed path's bytes, accepts what it accepts and refuses what it
// refuses (the refusal tests check the errors through both paths). A refusal from the fast path costs a second encoding, so it must
// not refuse a value the detailed path writes, except the TLS ≤1.2 raw public
// key and OpenPGP shapes it leaves to the detailed path.
func TestFastMatchesDetailed(t *testing.T) {
	type value struct {
		name string
		p    ca.Params
		t    ca.HandshakeType
		v    any
	}
	var vals []value
	for _, v := range samples.Values() {
		msg, err := encoder.New(v.Params).Encode(nil, v.Value)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		vals = append(vals, value{v.Name, v.Params, ca.HandshakeType(msg[0]), v.Value})
	}
	parsed := func(name string, p ca.Params, msg []byte) {
		if m, err := parser.New(p).Parse(msg); err == nil {
			vals = append(vals, value{name, p, m.Type, m.Value()})
		}
	}
	for _, s := range testutil.Must(t, samples.All) {
		parsed(s.Name, s.Params, s.Msg)
	}
	// A message a deployed stack sends against the RFC, parsed under the
	// deviation it needs and encoded under strict Params: both refuse it.
	for _, s := range testutil.Must(t, samples.Tolerated) {
		if m, err := parser.New(s.Tolerating()).Parse(s.Msg); err == nil {
			vals = append(vals, value{s.Name + " strict", s.Params, m.Type, m.Value()})
		}
	}
	for _, r := range testutil.Must(t, corpus.Real) {
		parsed(r.Path, r.Params, r.Bytes)
	}
	for _, v := range testutil.Must(t, corpus.AllVectors) {
		parsed(v.Name(), v.Params, v.Msg)
	}
	var accepted, refused int
	for _, v := range vals {
		e := encoder.New(v.p)
		fast, fastOK, detailed, err := encoder.Paths(e, v.t, v.v)
		declines := v.p.Vers() < ca.VersionTLS13 && v.p.CertType != ca.CertTypeX509
		switch {
		case err != nil && fastOK:
			t.Errorf("%s: fast path accepted what the detailed path refuses (%v)", v.name, err)
		case err == nil && !fastOK && !declines:
			t.Errorf("%s: fast path refused a value the detailed path writes", v.name)
		case err == nil && fastOK && !bytes.Equal(fast, detailed):
			t.Errorf("%s: fast path wrote\n%x\ndetailed path\n%x", v.name, fast, detailed)
		}
		if err == nil {
			accepted++
		} else {
			refused++
		}
	}
	if accepted < 100 || refused == 0 {
		t.Errorf("only %d values accepted (%d refused): the comparison covers too little", accepted, refused)
	}
	t.Logf("%d values written by both paths, %d refused by both", accepted, refused)
}

// TestValuesStayOnTheCaller: a message value the caller builds on its stack
// stays there, written or refused: the typed methods dispatch by type switch,
// not through function values the compiler cannot see into.
func TestValuesStayOnTheCaller(t *testing.T) {
	buf := make([]byte, 0, 256)
	sig, cert := []byte{1, 2, 3}, samples.Cert(100)
	cases := []struct {
		name string
		p    ca.Params
		run  func(e *encoder.Encoder, bad bool) error
	}{
		{"CertificateVerify", ca.Params{Version: ca.VersionTLS12}, func(e *encoder.Encoder, bad bool) error {
			v := ca.CertificateVerify{Algorithm: ca.SchemeECDSASecp256r1SHA256, Signature: sig}
			if bad {
				v.Algorithm = ca.SignatureScheme(ca.HashSHA256)<<8 | ca.SignatureScheme(ca.SigAnonymous)
			}
			_, err := e.CertificateVerify(buf, &v)
			return err
		}},
		{"Certificate", ca.Params{Version: ca.VersionTLS13}, func(e *encoder.Encoder, bad bool) error {
			ents := [1]ca.CertificateEntry{{Data: cert}}
			if bad {
				ents[0].Data = sig // not a DER Certificate
			}
			v := ca.Certificate{Entries: ents[:]}
			_, err := e.Certificate(buf, &v)
			return err
		}},
		{"Finished", ca.Params{Version: ca.VersionTLS12}, func(e *encoder.Encoder, bad bool) error {
			v := ca.Finished{VerifyData: cert[:12]}
			if bad {
				v.VerifyData = sig
			}
			_, err := e.Finished(buf, &v)
			return err
		}},
	}
	for _, c := range cases {
		e := encoder.New(c.p)
		for _, bad := range []bool{false, true} {
			if err := c.run(e, bad); (err != nil) != bad {
				t.Fatalf("%s (refusal expected: %v): %v", c.name, bad, err)
			}
			if n := testing.AllocsPerRun(10, func() { c.run(e, bad) }); n != 0 {
				t.Errorf("%s (refused: %v): %v allocations", c.name, bad, n)
			}
		}
	}
}

// BenchmarkEncode encodes each sample's owned value into a buffer with room
// (Encode, which hands it to its typed method), grouped by message family:
// go test ./encoder -bench Encode -benchmem.
func BenchmarkEncode(b *testing.B) {
	testutil.BenchSamples(b, func(s samples.Sample, m parser.Message) func() error {
		e, v, buf := encoder.New(s.Params), m.Value(), make([]byte, 0, len(s.Msg))
		return func() error { _, err := e.Encode(buf, v); return err }
	})
}
