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

	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/internal/testutil"
)

// tlsTypes maps an input family to the crypto/tls message type that reads it.
var tlsTypes = map[string]string{
	"CR13":  "certificateRequestMsgTLS13",
	"CR12":  "certificateRequestMsg",
	"CT13":  "certificateMsgTLS13",
	"CT12":  "certificateMsg",
	"CV13":  "certificateVerifyMsg",
	"CV12":  "certificateVerifyMsg",
	"CKE12": "clientKeyExchangeMsg",
	"FIN13": "finishedMsg",
	"FIN12": "finishedMsg",
}

func init() { cryptoTLS = shimFor }

func shimFor(in *bench.Input) (tlsImpl, error) {
	name, ok := tlsTypes[in.Family()]
	if !ok {
		return tlsImpl{}, fmt.Errorf("no crypto/tls message type for %s", in.Family())
	}
	ops, ok := tls.ClientauthShim[name]
	if !ok {
		return tlsImpl{}, fmt.Errorf("crypto/tls in %s lacks %s.unmarshal/marshal as the shim knows them: skipped", runtime.Version(), name)
	}
	vers := uint16(in.Params.Vers())
	impl := tlsImpl{unmarshal: func(b []byte) bool {
		_, ok := ops.Unmarshal(b, vers)
		return ok
	}}
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
// encodes crypto/tls cannot reproduce.
func TestCryptoTLSShim(t *testing.T) {
	ins := append(testutil.Must(t, bench.Inputs), testutil.Must(t, bench.Growth)...)
	for i := range ins {
		impl, err := shimFor(&ins[i])
		if err != nil {
			t.Errorf("%s: %v", ins[i].Name, err)
			continue
		}
		if impl.marshal == nil {
			t.Logf("%s: %s", ins[i].Name, impl.why)
		}
	}
}
