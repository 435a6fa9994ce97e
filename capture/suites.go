package capture

import ca "github.com/clientauth/clientauth"

// kexRange maps a run of IANA TLS ≤1.2 cipher suite codes that share a key
// exchange, as the ClientKeyExchange body sees it (ca.KeyExchange):
// fixed DH_DSS/DH_RSA and DH_anon count as dhe (the client sends an explicit
// dh_Yc unless it authenticates with a fixed_dh certificate, which the
// suite does not say), ECDH_* and ECDH_anon as ecdhe.
type kexRange struct {
	lo, hi uint16
	kex    ca.KeyExchange
}

const (
	kRSA      = ca.KexRSA
	kDHE      = ca.KexDHE
	kECDHE    = ca.KexECDHE
	kPSK      = ca.KexPSK
	kRSAPSK   = ca.KexRSAPSK
	kDHEPSK   = ca.KexDHEPSK
	kECDHEPSK = ca.KexECDHEPSK
)

// kexRanges follows the IANA "TLS Cipher Suites" registry, one line per
// block of names with the same key exchange. Left out on purpose (Kex­
// changeOf reports false): NULL_WITH_NULL_NULL, KRB5 (0x001E-0x002B),
// SRP (0xC01A-0xC022), ECCPWD (0xC0B0-0xC0B3), GOST (0xC100-0xC102), the
// TLS 1.3 suites and the signalling values (0x00FF, 0x5600).
var kexRanges = []kexRange{
	{0x0001, 0x000A, kRSA},      // RSA_WITH_NULL_MD5 … RSA_WITH_3DES_EDE_CBC_SHA (and RSA_EXPORT)
	{0x000B, 0x001B, kDHE},      // DH_DSS … DH_anon_WITH_3DES_EDE_CBC_SHA
	{0x002C, 0x002C, kPSK},      // PSK_WITH_NULL_SHA
	{0x002D, 0x002D, kDHEPSK},   // DHE_PSK_WITH_NULL_SHA
	{0x002E, 0x002E, kRSAPSK},   // RSA_PSK_WITH_NULL_SHA
	{0x002F, 0x002F, kRSA},      // RSA_WITH_AES_128_CBC_SHA
	{0x0030, 0x0034, kDHE},      // DH_DSS … DH_anon_WITH_AES_128_CBC_SHA
	{0x0035, 0x0035, kRSA},      // RSA_WITH_AES_256_CBC_SHA
	{0x0036, 0x003A, kDHE},      // DH_DSS … DH_anon_WITH_AES_256_CBC_SHA
	{0x003B, 0x003D, kRSA},      // RSA_WITH_NULL_SHA256, AES_128/256_CBC_SHA256
	{0x003E, 0x0040, kDHE},      // DH_DSS, DH_RSA, DHE_DSS_WITH_AES_128_CBC_SHA256
	{0x0041, 0x0041, kRSA},      // RSA_WITH_CAMELLIA_128_CBC_SHA
	{0x0042, 0x0046, kDHE},      // DH_DSS … DH_anon_WITH_CAMELLIA_128_CBC_SHA
	{0x0067, 0x006D, kDHE},      // DHE_RSA … DH_anon_WITH_AES_256_CBC_SHA256
	{0x0084, 0x0084, kRSA},      // RSA_WITH_CAMELLIA_256_CBC_SHA
	{0x0085, 0x0089, kDHE},      // DH_DSS … DH_anon_WITH_CAMELLIA_256_CBC_SHA
	{0x008A, 0x008D, kPSK},      // PSK_WITH_RC4_128_SHA … AES_256_CBC_SHA
	{0x008E, 0x0091, kDHEPSK},   // DHE_PSK_WITH_RC4_128_SHA … AES_256_CBC_SHA
	{0x0092, 0x0095, kRSAPSK},   // RSA_PSK_WITH_RC4_128_SHA … AES_256_CBC_SHA
	{0x0096, 0x0096, kRSA},      // RSA_WITH_SEED_CBC_SHA
	{0x0097, 0x009B, kDHE},      // DH_DSS … DH_anon_WITH_SEED_CBC_SHA
	{0x009C, 0x009D, kRSA},      // RSA_WITH_AES_128/256_GCM
	{0x009E, 0x00A7, kDHE},      // DHE_RSA, DH_RSA, DHE_DSS, DH_DSS, DH_anon _WITH_AES_*_GCM
	{0x00A8, 0x00A9, kPSK},      // PSK_WITH_AES_*_GCM
	{0x00AA, 0x00AB, kDHEPSK},   // DHE_PSK_WITH_AES_*_GCM
	{0x00AC, 0x00AD, kRSAPSK},   // RSA_PSK_WITH_AES_*_GCM
	{0x00AE, 0x00B1, kPSK},      // PSK_WITH_AES_*_CBC_SHA256/384, NULL_SHA256/384
	{0x00B2, 0x00B5, kDHEPSK},   // DHE_PSK_WITH_AES_*_CBC, NULL
	{0x00B6, 0x00B9, kRSAPSK},   // RSA_PSK_WITH_AES_*_CBC, NULL
	{0x00BA, 0x00BA, kRSA},      // RSA_WITH_CAMELLIA_128_CBC_SHA256
	{0x00BB, 0x00BF, kDHE},      // DH_DSS … DH_anon_WITH_CAMELLIA_128_CBC_SHA256
	{0x00C0, 0x00C0, kRSA},      // RSA_WITH_CAMELLIA_256_CBC_SHA256
	{0x00C1, 0x00C5, kDHE},      // DH_DSS … DH_anon_WITH_CAMELLIA_256_CBC_SHA256
	{0xC001, 0xC019, kECDHE},    // ECDH_ECDSA, ECDHE_ECDSA, ECDH_RSA, ECDHE_RSA, ECDH_anon
	{0xC023, 0xC032, kECDHE},    // ECDHE/ECDH_* with SHA256/384 and GCM
	{0xC033, 0xC03B, kECDHEPSK}, // ECDHE_PSK_WITH_RC4 … NULL_SHA384
	{0xC03C, 0xC03D, kRSA},      // RSA_WITH_ARIA_*_CBC
	{0xC03E, 0xC047, kDHE},      // DH_DSS … DH_anon_WITH_ARIA_*_CBC
	{0xC048, 0xC04F, kECDHE},    // ECDHE/ECDH_*_WITH_ARIA_*_CBC
	{0xC050, 0xC051, kRSA},      // RSA_WITH_ARIA_*_GCM
	{0xC052, 0xC05B, kDHE},      // DHE_RSA … DH_anon_WITH_ARIA_*_GCM
	{0xC05C, 0xC063, kECDHE},    // ECDHE/ECDH_*_WITH_ARIA_*_GCM
	{0xC064, 0xC065, kPSK},      // PSK_WITH_ARIA_*_CBC
	{0xC066, 0xC067, kDHEPSK},   // DHE_PSK_WITH_ARIA_*_CBC
	{0xC068, 0xC069, kRSAPSK},   // RSA_PSK_WITH_ARIA_*_CBC
	{0xC06A, 0xC06B, kPSK},      // PSK_WITH_ARIA_*_GCM
	{0xC06C, 0xC06D, kDHEPSK},   // DHE_PSK_WITH_ARIA_*_GCM
	{0xC06E, 0xC06F, kRSAPSK},   // RSA_PSK_WITH_ARIA_*_GCM
	{0xC070, 0xC071, kECDHEPSK}, // ECDHE_PSK_WITH_ARIA_*_CBC
	{0xC072, 0xC079, kECDHE},    // ECDHE/ECDH_*_WITH_CAMELLIA_*_CBC
	{0xC07A, 0xC07B, kRSA},      // RSA_WITH_CAMELLIA_*_GCM
	{0xC07C, 0xC085, kDHE},      // DHE_RSA … DH_anon_WITH_CAMELLIA_*_GCM
	{0xC086, 0xC08D, kECDHE},    // ECDHE/ECDH_*_WITH_CAMELLIA_*_GCM
	{0xC08E, 0xC08F, kPSK},      // PSK_WITH_CAMELLIA_*_GCM
	{0xC090, 0xC091, kDHEPSK},   // DHE_PSK_WITH_CAMELLIA_*_GCM
	{0xC092, 0xC093, kRSAPSK},   // RSA_PSK_WITH_CAMELLIA_*_GCM
	{0xC094, 0xC095, kPSK},      // PSK_WITH_CAMELLIA_*_CBC
	{0xC096, 0xC097, kDHEPSK},   // DHE_PSK_WITH_CAMELLIA_*_CBC
	{0xC098, 0xC099, kRSAPSK},   // RSA_PSK_WITH_CAMELLIA_*_CBC
	{0xC09A, 0xC09B, kECDHEPSK}, // ECDHE_PSK_WITH_CAMELLIA_*_CBC
	{0xC09C, 0xC09D, kRSA},      // RSA_WITH_AES_*_CCM
	{0xC09E, 0xC09F, kDHE},      // DHE_RSA_WITH_AES_*_CCM
	{0xC0A0, 0xC0A1, kRSA},      // RSA_WITH_AES_*_CCM_8
	{0xC0A2, 0xC0A3, kDHE},      // DHE_RSA_WITH_AES_*_CCM_8
	{0xC0A4, 0xC0A5, kPSK},      // PSK_WITH_AES_*_CCM
	{0xC0A6, 0xC0A7, kDHEPSK},   // DHE_PSK_WITH_AES_*_CCM
	{0xC0A8, 0xC0A9, kPSK},      // PSK_WITH_AES_*_CCM_8
	{0xC0AA, 0xC0AB, kDHEPSK},   // PSK_DHE_WITH_AES_*_CCM_8
	{0xC0AC, 0xC0AF, kECDHE},    // ECDHE_ECDSA_WITH_AES_*_CCM(_8)
	{0xCCA8, 0xCCA9, kECDHE},    // ECDHE_RSA/ECDSA_WITH_CHACHA20_POLY1305_SHA256
	{0xCCAA, 0xCCAA, kDHE},      // DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	{0xCCAB, 0xCCAB, kPSK},      // PSK_WITH_CHACHA20_POLY1305_SHA256
	{0xCCAC, 0xCCAC, kECDHEPSK}, // ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256
	{0xCCAD, 0xCCAD, kDHEPSK},   // DHE_PSK_WITH_CHACHA20_POLY1305_SHA256
	{0xCCAE, 0xCCAE, kRSAPSK},   // RSA_PSK_WITH_CHACHA20_POLY1305_SHA256
	{0xD001, 0xD005, kECDHEPSK}, // ECDHE_PSK_WITH_AES_*_GCM/CCM
}

// KeyExchangeOf returns the key exchange of a TLS ≤1.2 cipher suite, and
// false for a suite whose key exchange ca.KeyExchange does not name or that
// the IANA registry does not list (then the first result is the zero value,
// rsa, as Message.Params carries it).
func KeyExchangeOf(suite uint16) (ca.KeyExchange, bool) {
	for _, r := range kexRanges {
		if suite >= r.lo && suite <= r.hi {
			return r.kex, true
		}
	}
	return 0, false
}
