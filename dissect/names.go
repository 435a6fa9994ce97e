package dissect

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
)

// Names for values as Wireshark's TLS dissector prints them (checked against
// tshark 4.0 by TestTshark). Where Wireshark has no name for a value and the
// clientauth vocabulary has one, ours is used, so that e.g. 0x081a reads
// "ecdsa_brainpoolP256r1tls13_sha256" rather than "Unknown Unknown".

var handshakeNames = map[ca.HandshakeType]string{
	ca.TypeHelloRequest:          "Hello Request",
	ca.TypeClientHello:           "Client Hello",
	ca.TypeServerHello:           "Server Hello",
	3:                            "Hello Verify Request",
	ca.TypeNewSessionTicket:      "New Session Ticket",
	ca.TypeEndOfEarlyData:        "End of Early Data",
	6:                            "Hello Retry Request",
	ca.TypeEncryptedExtensions:   "Encrypted Extensions",
	ca.TypeCertificate:           "Certificate",
	ca.TypeServerKeyExchange:     "Server Key Exchange",
	ca.TypeCertificateRequest:    "Certificate Request",
	ca.TypeServerHelloDone:       "Server Hello Done",
	ca.TypeCertificateVerify:     "Certificate Verify",
	ca.TypeClientKeyExchange:     "Client Key Exchange",
	ca.TypeFinished:              "Finished",
	21:                           "Certificate URL",
	ca.TypeCertificateStatus:     "Certificate Status",
	23:                           "Supplemental Data",
	ca.TypeKeyUpdate:             "Key Update",
	ca.TypeCompressedCertificate: "Compressed Certificate",
	ca.TypeMessageHash:           "Message Hash",
}

// HandshakeName is Wireshark's name for a handshake type.
func HandshakeName(t ca.HandshakeType) string {
	if n, ok := handshakeNames[t]; ok {
		return n
	}
	return "Unknown (" + strconv.Itoa(int(t)) + ")"
}

var certTypeNames = map[ca.ClientCertificateType]string{
	1: "RSA Sign", 2: "DSS Sign", 3: "RSA Fixed DH", 4: "DSS Fixed DH",
	21: "GOST R 34.10-94", 22: "GOST R 34.10-2001",
	64: "ECDSA Sign", 65: "RSA Fixed ECDH", 66: "ECDSA Fixed ECDH", 80: "IBC Params",
}

// CertTypeName names a ClientCertificateType: Wireshark's name, else ours
// (e.g. gost_sign256), else Unknown.
func CertTypeName(c ca.ClientCertificateType) string {
	if n, ok := certTypeNames[c]; ok {
		return n
	}
	if s := c.String(); !isUnknown(s) {
		return s
	}
	return "Unknown"
}

// wiresharkSigNames is the rest of Wireshark's tls13_signature_algorithm
// table as tshark 4.0 prints it: the codes the clientauth vocabulary does
// not name (where it does, the two names agree). It is keyed by the wire
// value because these codes are Wireshark's data, not ours, and kept as
// that data in wireshark_sig_names.txt.
var wiresharkSigNames = sync.OnceValue(func() map[uint16]string {
	names := map[uint16]string{}
	for line := range strings.Lines(wiresharkSigText) {
		code, name, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || strings.HasPrefix(code, "#") {
			continue
		}
		v, err := strconv.ParseUint(code, 0, 16)
		if err != nil {
			panic("dissect: wireshark_sig_names.txt: " + line)
		}
		names[uint16(v)] = name
	}
	return names
})

//go:embed wireshark_sig_names.txt
var wiresharkSigText string

var hashNames = [...]string{"None", "MD5", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SM3"}
var sigAlgNames = [...]string{"Anonymous", "RSA", "DSA", "ECDSA", "SM2"}

func byteName(names []string, v uint8) string {
	if int(v) < len(names) {
		return names[v]
	}
	return "Unknown"
}

// SignatureName names a SignatureScheme the way the "Signature Algorithm:"
// line shows it (the code is printed after it).
func SignatureName(s ca.SignatureScheme) string {
	if n, ok := s.Name(); ok {
		return n
	}
	if n, ok := wiresharkSigNames()[uint16(s)]; ok {
		return n
	}
	h, g := uint8(s>>8), uint8(s)
	if int(h) < len(hashNames) && int(g) < len(sigAlgNames) {
		return hashNames[h] + " " + sigAlgNames[g]
	}
	if s.IsGREASE() {
		return "Reserved (GREASE)"
	}
	if n := s.String(); n != fmt.Sprintf("0x%04x", uint16(s)) {
		return n
	}
	return byteName(hashNames[:], h) + " " + byteName(sigAlgNames[:], g)
}

// isPair reports whether s is a TLS 1.2 SignatureAndHashAlgorithm from RFC
// 5246's registry, the only codes whose two bytes Wireshark's
// "Signature Hash Algorithm Hash/Signature" sub-lines describe truly.
func isPair(s ca.SignatureScheme) bool { return s.IsLegacyPair() && s.Signature() <= ca.SigECDSA }

// wiresharkExtNames are Wireshark's names where they differ from ours, and
// TLS ≤1.2 types the clientauth table leaves unknown on purpose.
var wiresharkExtNames = map[ca.ExtensionType]string{
	ca.ExtEncryptThenMAC: "encrypt_then_mac", ca.ExtExtendedMasterSecret: "extended_master_secret",
	ca.ExtDelegatedCredential: "delegated_credentials", ca.ExtSessionTicket: "session_ticket",
	ca.ExtRenegotiationInfo: "renegotiation_info",
}

// ExtensionName names an extension type as the "Extension:" and "Type:"
// lines show it; known reports whether any name was found.
func ExtensionName(t ca.ExtensionType) (name string, known bool) {
	if n, ok := wiresharkExtNames[t]; ok {
		return n, true
	}
	if info, ok := ca.LookupExtension(t); ok {
		return info.Name, true
	}
	if t.IsGREASE() {
		return "Reserved (GREASE)", true
	}
	return "Unknown", false
}

// CompressionName names an RFC 8879 algorithm.
func CompressionName(a ca.CertificateCompressionAlgorithm) string {
	if s := a.String(); !isUnknown(s) {
		return s
	}
	return "Unknown"
}

func isUnknown(s string) bool { return len(s) >= 8 && s[:8] == "unknown(" }

// kexParams is the subtree title of a ClientKeyExchange body per key
// exchange; Wireshark has none for dhe_psk, ecdhe_psk and fixed_dh.
var kexParams = map[ca.KeyExchange]string{
	ca.KexRSA:      "RSA Encrypted PreMaster Secret",
	ca.KexDHE:      "Diffie-Hellman Client Params",
	ca.KexECDHE:    "EC Diffie-Hellman Client Params",
	ca.KexPSK:      "PSK Client Params",
	ca.KexRSAPSK:   "RSA PSK Client Params",
	ca.KexDHEPSK:   "DHE PSK Client Params",
	ca.KexECDHEPSK: "ECDHE PSK Client Params",
	ca.KexFixedDH:  "Diffie-Hellman Client Params",
}

// exchangeLabels are Wireshark's labels for the value that follows
// psk_identity, per ca.KeyExchange.ExchangeBound row.
var exchangeLabels = map[ca.BoundID]struct{ length, value string }{
	ca.BoundEncryptedPreMasterSecret: {"Encrypted PreMaster length", "Encrypted PreMaster"},
	ca.BoundDHYc:                     {"Pubkey Length", "Pubkey"},
	ca.BoundECPoint:                  {"Pubkey Length", "Pubkey"},
}

// plural renders "3 types" / "1 type".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + one + "s"
}

// Name tables for hand-written JSON, built once from the vocabulary's
// String methods; names that do not single out one code ("grease",
// "unknown(...)", hex) are left out.
var (
	handshakeByName   = namesOf(8, func(v int) string { return ca.HandshakeType(v).String() })
	schemeByName      = namesOf(16, func(v int) string { return ca.SignatureScheme(v).String() })
	extensionByName   = namesOf(16, func(v int) string { return ca.ExtensionType(v).String() })
	certTypeByName    = namesOf(8, func(v int) string { return ca.ClientCertificateType(v).String() })
	compressionByName = namesOf(16, func(v int) string { return ca.CertificateCompressionAlgorithm(v).String() })
)

func namesOf(bits int, name func(int) string) func() map[string]int64 {
	return sync.OnceValue(func() map[string]int64 {
		m := map[string]int64{}
		seen := map[string]int{}
		for v := 0; v < 1<<bits; v++ {
			n := name(v)
			seen[n]++
			m[n] = int64(v)
		}
		for n, c := range seen {
			if c > 1 || isUnknown(n) || len(n) > 2 && n[:2] == "0x" {
				delete(m, n)
			}
		}
		return m
	})
}
