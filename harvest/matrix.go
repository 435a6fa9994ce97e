package harvest

import (
	"fmt"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// Options of a case (the manifest vocabulary, corpus.RealOptions).
const (
	OptCAList        = "ca_list"
	OptNoCAList      = "no_ca_list"
	OptMultiCA       = "multi_ca"
	OptNoClientCert  = "no_client_cert"
	OptPostHandshake = "post_handshake"
	OptRawPublicKey  = "raw_public_key"
)

var (
	allKeys    = []string{KeyRSA2048, KeyP256, KeyP384, KeyEd25519, KeyEd448, KeyNone}
	goKeys     = []string{KeyRSA2048, KeyP256, KeyP384, KeyEd25519, KeyNone} // crypto/tls has no Ed448
	legacyKeys = []string{KeyRSA2048, KeyP256, KeyP384, KeyNone}             // EdDSA needs TLS 1.2 signature_algorithms
	caOpts     = []string{OptCAList, OptNoCAList}
)

var shortStack = map[string]string{StackGo: "go", StackOpenSSL: "ossl", StackGnuTLS: "gnutls"}

func vtag(v ca.Version) string { return "tls1" + strings.TrimPrefix(v.String(), "1.") }

// add appends a case unless a stack it needs is not being harvested.
type matrixBuilder struct {
	h       *harvester
	cases   []*Case
	seen    map[string]bool
	skipped map[string]bool
	quick   bool
}

func (m *matrixBuilder) add(client, server string, v ca.Version, suiteID uint16, key, skey string, quick bool, opts ...string) {
	for _, s := range []string{client, server} {
		if m.h.stacks[s] == "" {
			return
		}
	}
	if m.quick && !quick {
		return
	}
	if key == KeyEd448 && !m.h.pki.hasEd448 {
		m.skipped["Ed448 client keys: no openssl to make them"] = true
		return
	}
	if server == StackGnuTLS && m.h.ns == nil {
		return
	}
	if key == KeyNone {
		opts = append(opts, OptNoClientCert)
	}
	opts = append(opts, "server_"+skey)
	id := fmt.Sprintf("%s-%s_%s", shortStack[client], shortStack[server], vtag(v))
	if s, ok := suiteByID(suiteID); ok && v != ca.VersionTLS13 {
		id += "_" + strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(s.openssl, "TLS_"), "-SHA"))
	} else if ok {
		id += "_" + strings.ToLower(strings.TrimPrefix(s.name, "TLS_"))
	}
	id += "_" + key
	for _, o := range opts {
		id += "_" + strings.ReplaceAll(o, "_", "")
	}
	if m.seen[id] {
		return
	}
	m.seen[id] = true
	m.cases = append(m.cases, &Case{ID: id, Client: client, Server: server, Version: v, Suite: suiteID,
		Key: key, ServerKey: skey, Options: opts, quick: quick})
}

// matrix lists the handshakes to run, and what is left out by design.
func (h *harvester) matrix() ([]*Case, []string) {
	m := &matrixBuilder{h: h, seen: map[string]bool{}, skipped: map[string]bool{}, quick: h.cfg.Quick}
	const (
		go_, ossl, gnu = StackGo, StackOpenSSL, StackGnuTLS
		v10, v11, v12  = ca.VersionTLS10, ca.VersionTLS11, ca.VersionTLS12
		v13            = ca.VersionTLS13
	)
	serverKeys13 := []string{KeyRSA2048, KeyP256, KeyEd25519}

	// Each stack against itself.
	for _, skey := range serverKeys13 {
		for _, key := range goKeys {
			for _, o := range caOpts {
				m.add(go_, go_, v13, 0, key, skey, skey == KeyP256 && key == KeyP256, o)
			}
		}
	}
	m.add(go_, go_, v13, 0, KeyP256, KeyRSA2048, false, OptMultiCA)
	for _, id := range []uint16{0xc02f, 0xc02b, 0x009c} {
		s, _ := suiteByID(id)
		for _, key := range goKeys {
			for _, o := range caOpts {
				m.add(go_, go_, v12, id, key, s.server, id == 0xc02f && key == KeyRSA2048 && o == OptCAList, o)
			}
		}
	}
	for _, v := range []ca.Version{v10, v11} {
		for _, id := range []uint16{0xc013, 0x002f, 0xc009} {
			s, _ := suiteByID(id)
			for _, key := range legacyKeys {
				m.add(go_, go_, v, id, key, s.server, false, OptCAList)
			}
		}
	}

	for _, v := range []ca.Version{v10, v11, v12} {
		ids, keys := []uint16{0x002f, 0x0033, 0xc013, 0xc009}, legacyKeys
		if v == v12 {
			ids, keys = []uint16{0x009c, 0x009e, 0xc02f, 0xc02b}, allKeys
		}
		for _, id := range ids {
			s, _ := suiteByID(id)
			for _, key := range keys {
				for _, o := range caOpts {
					m.add(ossl, ossl, v, id, key, s.server, v == v12 && id == 0xc02f && key == KeyP256 && o == OptCAList, o)
				}
			}
		}
		// The PSK key exchanges: their ClientKeyExchange shapes (OpenSSL asks
		// for no certificate under them, but for RSA-PSK).
		for _, id := range []uint16{0x008c, 0x0094, 0x0090, 0xc035} {
			m.add(ossl, ossl, v, id, KeyNone, KeyRSA2048, false, OptCAList)
			m.add(ossl, ossl, v, id, KeyRSA2048, KeyRSA2048, false, OptCAList)
		}
		m.add(ossl, ossl, v, ids[2], KeyRSA2048, KeyRSA2048, false, OptMultiCA)
	}
	for _, skey := range serverKeys13 {
		for _, key := range allKeys {
			for _, o := range caOpts {
				m.add(ossl, ossl, v13, 0, key, skey, skey == KeyRSA2048 && key == KeyEd25519 && o == OptCAList, o)
			}
		}
	}
	for _, key := range allKeys {
		m.add(ossl, ossl, v13, 0, key, KeyRSA2048, key == KeyP256, OptCAList, OptPostHandshake)
	}
	m.add(ossl, ossl, v13, 0x1301, KeyP256, KeyRSA2048, false, OptCAList)
	m.add(ossl, ossl, v13, 0x1303, KeyEd25519, KeyRSA2048, false, OptNoCAList)
	m.add(ossl, ossl, v13, 0, KeyRSA2048, KeyRSA2048, false, OptMultiCA)

	// GnuTLS against itself, through the namespace relay.
	for _, key := range allKeys {
		m.add(gnu, gnu, v13, 0, key, KeyRSA2048, key == KeyP256, OptCAList)
		m.add(gnu, gnu, v12, 0xc02f, key, KeyRSA2048, key == KeyRSA2048, OptCAList)
	}
	for _, key := range []string{KeyRSA2048, KeyP256, KeyEd25519} {
		for _, v := range []ca.Version{v12, v13} {
			m.add(gnu, gnu, v, 0, key, KeyRSA2048, key == KeyP256 && v == v13, OptCAList, OptRawPublicKey)
		}
	}

	// Across stacks.
	type pair struct{ client, server string }
	for _, p := range []pair{{go_, ossl}, {ossl, go_}, {gnu, ossl}, {ossl, gnu}, {gnu, go_}, {go_, gnu}} {
		keys := allKeys
		if p.client == go_ || p.server == go_ {
			keys = goKeys
		}
		skeys := []string{KeyRSA2048}
		if p.server != go_ {
			skeys = serverKeys13
		}
		for _, skey := range skeys {
			for _, key := range keys {
				for _, o := range caOpts {
					m.add(p.client, p.server, v13, 0, key, skey, key == KeyP256 && skey == KeyRSA2048 && o == OptCAList, o)
				}
			}
		}
		for _, id := range []uint16{0xc02f, 0x009e, 0x009c, 0xc02b} {
			s, _ := suiteByID(id)
			if id == 0x009e && (p.client == go_ || p.server == go_) {
				continue // crypto/tls has no DHE
			}
			for _, key := range keys {
				if id == 0x009e && p.client == gnu && (key == KeyP256 || key == KeyP384) {
					// With only DHE-RSA allowed GnuTLS offers no EC groups, and
					// OpenSSL refuses its ECDSA CertificateVerify ("wrong curve").
					continue
				}
				m.add(p.client, p.server, v12, id, key, s.server, false, OptCAList)
			}
			if id != 0x009e || p.client != gnu {
				m.add(p.client, p.server, v12, id, KeyP256, s.server, false, OptNoCAList)
			}
		}
		if p.client != gnu && p.server != gnu {
			for _, v := range []ca.Version{v10, v11} {
				m.add(p.client, p.server, v, 0xc013, KeyRSA2048, KeyRSA2048, false, OptCAList)
				m.add(p.client, p.server, v, 0x002f, KeyP256, KeyRSA2048, false, OptNoCAList)
			}
		}
	}
	// Post-handshake authentication: only s_server can ask for it.
	for _, key := range allKeys {
		m.add(gnu, ossl, v13, 0, key, KeyRSA2048, false, OptCAList, OptPostHandshake)
	}

	var skipped []string
	for s := range m.skipped {
		skipped = append(skipped, s)
	}
	skipped = append(skipped,
		"crypto/tls: no post-handshake authentication, no DHE or PSK key exchanges, no Ed448",
		"gnutls-serv: no command to send a post-handshake CertificateRequest",
		"GnuTLS 3.7 from Debian: built without certificate compression (RFC 8879), so no CompressedCertificate",
		"OpenSSL 3.0: no RFC 7250 raw public keys (raw keys come from GnuTLS against itself)",
		"GnuTLS client with an ECDSA key under DHE-RSA only against OpenSSL: refused by OpenSSL (wrong curve)",
		"GnuTLS TLS 1.0/1.1: not in the matrix (its defaults refuse the SHA-1 signatures)")
	return m.cases, skipped
}
