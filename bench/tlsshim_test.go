//go:build clientauth_tlsshim && go1.21

// Built only by scripts/bench-vs-crypto-tls, which overlays
// internal/tlsshim/zz_export.go.txt into crypto/tls: without the overlay,
// tls.ClientauthShim does not exist and this file would not compile.

package bench_test

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"runtime"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/internal/testutil"
)

// tlsType is the crypto/tls message type that reads in, as conn.go's
// unmarshalHandshakeMessage chooses it.
func tlsType(in *bench.Input) (string, bool) {
	v13 := in.Params.Vers() == ca.VersionTLS13
	switch in.Type() {
	case ca.TypeCertificateRequest:
		if v13 {
			return "certificateRequestMsgTLS13", true
		}
		return "certificateRequestMsg", true
	case ca.TypeCertificate:
		if v13 {
			return "certificateMsgTLS13", true
		}
		return "certificateMsg", true
	case ca.TypeCertificateVerify:
		return "certificateVerifyMsg", true
	case ca.TypeClientKeyExchange:
		return "clientKeyExchangeMsg", true
	case ca.TypeFinished:
		return "finishedMsg", true
	case ca.TypeServerHelloDone:
		return "serverHelloDoneMsg", true
	}
	return "", false
}

func init() { cryptoTLS = shimFor }

func shimFor(in *bench.Input) (tlsImpl, error) {
	name, ok := tlsType(in)
	if !ok {
		return tlsImpl{}, fmt.Errorf("no crypto/tls message type for %s", in.Family())
	}
	ops, ok := tls.ClientauthShim[name]
	if !ok || ops.Parse == nil {
		return tlsImpl{}, fmt.Errorf("crypto/tls in %s lacks %s.unmarshal/marshal as the shim knows them: skipped", runtime.Version(), name)
	}
	vers := uint16(in.Params.Vers())
	impl := tlsImpl{unmarshal: func(b []byte) bool { return ops.Parse(b, vers) }}
	if tls.ClientauthConnReader != nil {
		impl.conn = tls.ClientauthConnReader(vers)
	} else {
		impl.connWhy = fmt.Sprintf("crypto/tls in %s lacks Conn.unmarshalHandshakeMessage as the shim knows it", runtime.Version())
	}
	m, ok := ops.Unmarshal(in.Msg, vers)
	if !ok {
		return tlsImpl{}, fmt.Errorf("crypto/tls's %s.unmarshal rejects %s", name, in.Name)
	}
	out, err := ops.Marshal(m)
	switch {
	case err != nil:
		impl.why = fmt.Sprintf("crypto/tls's %s.marshal fails: %v", name, err)
	case !bytes.Equal(out, in.Msg):
		impl.why = fmt.Sprintf("crypto/tls's %s.marshal does not reproduce the input (%d bytes, not %d): no like-for-like encode", name, len(out), len(in.Msg))
	default:
		impl.marshal = func() ([]byte, error) { return ops.Marshal(m) }
	}
	return impl, nil
}

// TestCryptoTLSShim checks the shim sees every input and reports which
// encodes crypto/tls cannot reproduce. It also checks, by allocation counts
// (exact), that the two crypto/tls columns measure what they claim: the
// cheap unmarshal allocates exactly one time less than unmarshal into a new
// value (the message struct stays on the stack), and the Conn reader exactly
// one more than that (the copy of the bytes conn.go makes).
func TestCryptoTLSShim(t *testing.T) {
	ins := append(testutil.Must(t, bench.Inputs), testutil.Must(t, bench.Growth)...)
	for i := range ins {
		in := &ins[i]
		impl, err := shimFor(in)
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
			continue
		}
		if impl.marshal == nil {
			t.Logf("%s: %s", in.Name, impl.why)
		}
		checkTLSAllocs(t, in, impl)
	}
}

func checkTLSAllocs(t *testing.T, in *bench.Input, impl tlsImpl) {
	t.Helper()
	name, _ := tlsType(in)
	ops := tls.ClientauthShim[name]
	vers := uint16(in.Params.Vers())
	cheap := testing.AllocsPerRun(20, func() { impl.unmarshal(in.Msg) })
	escaping := testing.AllocsPerRun(20, func() { ops.Unmarshal(in.Msg, vers) })
	if in.Type() == ca.TypeServerHelloDone {
		return // an empty struct: new costs nothing either way
	}
	if escaping != cheap+1 {
		t.Errorf("%s: crypto_tls allocates %.0f times, unmarshal into a new value %.0f: want exactly one fewer (the value must not escape)", in.Name, cheap, escaping)
	}
	if impl.conn == nil {
		t.Logf("%s: %s", in.Name, impl.connWhy)
		return
	}
	if conn := testing.AllocsPerRun(20, func() { impl.conn(in.Msg) }); conn != escaping+1 {
		t.Errorf("%s: crypto_tls_conn allocates %.0f times, unmarshal into a new value %.0f: want exactly one more (the copy of the bytes)", in.Name, conn, escaping)
	}
}

// TestRealSet: the real inputs crypto/tls refuses are left out of
// BenchmarkReal; say which, and check the columns of the rest.
func TestRealSet(t *testing.T) {
	ins := testutil.Must(t, bench.Real)
	kept := 0
	for i := range ins {
		in := &ins[i]
		if err := tlsAccepts(in); err != nil {
			t.Logf("%s (%s): left out: %v", in.Name, in.Source, err)
			continue
		}
		kept++
		impl, _ := shimFor(in)
		checkTLSAllocs(t, in, impl)
	}
	t.Logf("%d of %d real inputs accepted by crypto/tls too", kept, len(ins))
	if kept == 0 {
		t.Error("crypto/tls accepts none of the real inputs")
	}
}
