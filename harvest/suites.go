package harvest

import (
	"crypto/tls"
	"fmt"
	"strconv"
)

// suite is one cipher suite of the matrix, spelled the way each stack wants it.
type suite struct {
	id      uint16
	name    string // IANA
	openssl string
	gnutls  string // priority fragment: key exchange, cipher, MAC
	kex     string // ca.KeyExchange spelling; "" for TLS 1.3
	server  string // server key type the suite needs
}

var suites = []suite{
	{0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", "+RSA:+AES-128-CBC:+SHA1", "rsa", KeyRSA2048},
	{0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", "+DHE-RSA:+AES-128-CBC:+SHA1", "dhe", KeyRSA2048},
	{0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", "+ECDHE-RSA:+AES-128-CBC:+SHA1", "ecdhe", KeyRSA2048},
	{0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", "+ECDHE-ECDSA:+AES-128-CBC:+SHA1", "ecdhe", KeyP256},
	{0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", "+RSA:+AES-128-GCM:+AEAD", "rsa", KeyRSA2048},
	{0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", "+DHE-RSA:+AES-128-GCM:+AEAD", "dhe", KeyRSA2048},
	{0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "+ECDHE-RSA:+AES-128-GCM:+AEAD", "ecdhe", KeyRSA2048},
	{0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "+ECDHE-ECDSA:+AES-128-GCM:+AEAD", "ecdhe", KeyP256},
	{0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "+ECDHE-RSA:+AES-256-GCM:+AEAD", "ecdhe", KeyRSA2048},
	{0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", "+ECDHE-ECDSA:+AES-256-GCM:+AEAD", "ecdhe", KeyP256},
	{0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA", "", "psk", KeyRSA2048},
	{0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", "RSA-PSK-AES128-CBC-SHA", "", "rsa_psk", KeyRSA2048},
	{0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", "DHE-PSK-AES128-CBC-SHA", "", "dhe_psk", KeyRSA2048},
	{0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "ECDHE-PSK-AES128-CBC-SHA", "", "ecdhe_psk", KeyRSA2048},
	{0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", "+AES-128-GCM", "", ""},
	{0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", "+AES-256-GCM", "", ""},
	{0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "+CHACHA20-POLY1305", "", ""},
}

func suiteByID(id uint16) (suite, bool) {
	for _, s := range suites {
		if s.id == id {
			return s, true
		}
	}
	return suite{}, false
}

// suiteName is the IANA name of a negotiated suite, for the manifest.
func suiteName(id uint16) string {
	if s, ok := suiteByID(id); ok {
		return s.name
	}
	if n := tls.CipherSuiteName(id); n != "" && n[0] != '0' {
		return n
	}
	return fmt.Sprintf("0x%04x", id)
}

func itoa(n int) string { return strconv.Itoa(n) }
