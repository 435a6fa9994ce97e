package capture

import (
	"crypto/tls"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
)

// kexFromName reads the key exchange out of an IANA suite name, the way
// the registry spells it: TLS_<kex>_WITH_<cipher>_<mac>.
func kexFromName(name string) (ca.KeyExchange, bool) {
	kex, _, ok := strings.Cut(strings.TrimPrefix(name, "TLS_"), "_WITH_")
	if !ok {
		return 0, false
	}
	switch {
	case strings.HasPrefix(kex, "ECDHE_PSK"):
		return ca.KexECDHEPSK, true
	case strings.HasPrefix(kex, "DHE_PSK"):
		return ca.KexDHEPSK, true
	case strings.HasPrefix(kex, "RSA_PSK"):
		return ca.KexRSAPSK, true
	case kex == "PSK":
		return ca.KexPSK, true
	case strings.HasPrefix(kex, "ECDH"):
		return ca.KexECDHE, true
	case strings.HasPrefix(kex, "DH"):
		return ca.KexDHE, true
	case kex == "RSA" || strings.HasPrefix(kex, "RSA_EXPORT"):
		return ca.KexRSA, true
	}
	return 0, false
}

// TestKeyExchangeOf checks the range table against the names of every
// TLS ≤1.2 suite crypto/tls knows, and against a sample of the IANA
// registry beyond them.
func TestKeyExchangeOf(t *testing.T) {
	type named struct {
		id   uint16
		name string
	}
	var all []named
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if s.SupportedVersions[0] <= tls.VersionTLS12 {
			all = append(all, named{s.ID, s.Name})
		}
	}
	all = append(all,
		named{0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"},
		named{0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"},
		named{0x002C, "TLS_PSK_WITH_NULL_SHA"},
		named{0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
		named{0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA"},
		named{0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA"},
		named{0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA"},
		named{0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256"},
		named{0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384"},
		named{0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"},
		named{0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"},
		named{0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA"},
		named{0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256"},
		named{0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256"},
		named{0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256"},
		named{0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384"},
		named{0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8"},
		named{0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8"},
		named{0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"},
		named{0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
		named{0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256"},
		named{0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256"},
	)
	for _, s := range all {
		want, ok := kexFromName(s.name)
		if s.name == "TLS_PSK_DHE_WITH_AES_256_CCM_8" {
			want, ok = ca.KexDHEPSK, true // the registry's one inverted name
		}
		if !ok {
			t.Fatalf("test cannot read %s", s.name)
		}
		if got, ok := KeyExchangeOf(s.id); !ok || got != want {
			t.Errorf("0x%04x %s: %v %v, want %v", s.id, s.name, got, ok, want)
		}
	}
	for _, id := range []uint16{0x0000, 0x001E, 0x00FF, 0x1301, 0x1303, 0x5600, 0xC01A, 0xC0B0, 0xC100, 0xFFFF} {
		if k, ok := KeyExchangeOf(id); ok {
			t.Errorf("0x%04x: %v, want unknown", id, k)
		}
	}
	// Ranges must not overlap, or the first would silently win.
	for i, a := range kexRanges {
		if a.lo > a.hi || i > 0 && a.lo <= kexRanges[i-1].hi {
			t.Errorf("range %d [0x%04x, 0x%04x] out of order", i, a.lo, a.hi)
		}
	}
}
