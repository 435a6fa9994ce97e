//go:build clientauth_tlsshim && go1.21

// Compiled only with the crypto/tls overlay of internal/tlsshim (which
// defines tls.ClientauthShim); `clientauth fuzz -diff` adds it.

package fuzz

import "crypto/tls"

func init() {
	CryptoTLS = func(name string) (ShimOps, bool) {
		ops, ok := tls.ClientauthShim[name]
		if !ok {
			return ShimOps{}, false
		}
		return ShimOps{Unmarshal: ops.Unmarshal, Fields: ops.Fields}, true
	}
}
