package capture

import (
	"bytes"
	"errors"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/wire"
)

// helloRetryRequest is the ServerHello.random that marks a HelloRetryRequest
// (RFC 8446 §4.1.3): SHA-256("HelloRetryRequest").
var helloRetryRequest = []byte{
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
}

// message records one framed message and acts on the ones that change how
// the rest of the direction is read.
func (d *direction) message(b []byte, rec, off int) error {
	c := d.c
	m := rawMsg{b: bytes.Clone(b), decrypted: d.decrypted, post: d.finished && c.tls13()}
	t := ca.HandshakeType(b[0])
	if hello := ca.TypeClientHello; d.fromServer && t == ca.TypeServerHello || !d.fromServer && t == hello {
		// A hello starts the handshake whose keys come in at the next
		// ChangeCipherSpec (TLS ≤1.2 renegotiation, RFC 5246 §7.4.1.2).
		d.hs = d.epoch + 1
		if d.hellos != nil {
			d.hellos[d.epoch] = m.b
		}
	}
	m.hs = d.hs
	switch t {
	case ca.TypeClientHello, ca.TypeServerHelloDone, ca.TypeHelloRequest:
		m.flightEnd = true
	case ca.TypeServerHello:
		m.flightEnd = len(b) >= 4+2+32 && bytes.Equal(b[6:38], helloRetryRequest)
	case ca.TypeEncryptedExtensions:
		if d.fromServer && !d.plainOnly {
			c.certTypes(b, false)
		}
	case ca.TypeCertificateRequest:
		m.flightEnd = m.post // post-handshake authentication: the client answers
	case ca.TypeFinished:
		m.flightEnd = true
		if c.tls13() && !d.finished {
			d.finished = true
			if err := d.switchKeys(rec, off); err != nil {
				return err
			}
		}
	case ca.TypeKeyUpdate:
		if c.tls13() && d.keys != nil && d.decrypted {
			k, err := d.keys.next()
			if err != nil {
				return d.errorf(rec, off, "KeyUpdate: %v", err)
			}
			d.keys, d.keyChanged = k, true
		}
	}
	d.out = append(d.out, m)
	return nil
}

// switchKeys moves a TLS 1.3 direction from its handshake to its first
// application traffic secret after its Finished (8446 §7.3). Without that
// secret in the key log the rest of the direction is not read.
func (d *direction) switchKeys(rec, off int) error {
	d.keyChanged = true
	if d.plainOnly || d.keys == nil {
		d.keys = nil
		return nil
	}
	label := "CLIENT_TRAFFIC_SECRET_0"
	if d.fromServer {
		label = "SERVER_TRAFFIC_SECRET_0"
	}
	s := d.c.secrets[label]
	if s == nil {
		d.keys = nil
		return nil
	}
	k, err := newTrafficKeys(d.c.suite, s)
	if err != nil {
		return d.errorf(rec, off, "key log %s: %v", label, err)
	}
	d.keys = k
	return nil
}

// clientHello reads the random, legacy_version and whether early data was
// offered (RFC 8446 §4.1.2). A malformed hello leaves them unset: the
// parser, not this package, judges hellos.
func (c *connection) clientHello(b []byte) {
	s := wire.At(b[4:], 4)
	vers, ok := s.U16()
	random, ok2 := s.Take(32)
	if !ok || !ok2 || !skipVec(&s, 1) || !skipVec(&s, 2) || !skipVec(&s, 1) { // session id, suites, compression
		return
	}
	c.random = bytes.Clone(random.Bytes())
	c.clientVers = ca.Version(vers)
	forExtensions(s, func(typ ca.ExtensionType, _ wire.Cursor) {
		if typ == ca.ExtEarlyData {
			c.earlyData = true
		}
	})
}

// serverHelloSeen takes the version, the cipher suite and, in TLS ≤1.2,
// the certificate types from the connection's ServerHello.
func (c *connection) serverHelloSeen(b []byte) {
	h, err := ParseServerHello(b)
	if err != nil {
		return
	}
	c.serverHello = true
	c.version, c.suite = h.Version, h.Suite
	if !c.tls13() {
		c.certTypes(b, true)
	}
}

// ServerHello is what a ServerHello settles for the rest of a connection.
type ServerHello struct {
	LegacyVersion  ca.Version // the legacy_version field (TLS ≤1.2: the version)
	Version        ca.Version // negotiated: supported_versions wins over legacy_version (8446 §4.2.1)
	Random         []byte
	Suite          uint16
	EncryptThenMAC bool // encrypt_then_mac echoed (RFC 7366 §2; applies to CBC suites only)
	// HelloRetryRequest: the random is the HelloRetryRequest value (8446
	// §4.1.3), so the version, suite and extensions are the retry's.
	HelloRetryRequest bool
}

// ParseServerHello reads a whole ServerHello message, 4-byte header
// included. It checks the fields it reads and no more: the parser, not
// this package, judges hellos.
func ParseServerHello(b []byte) (ServerHello, error) {
	var h ServerHello
	if len(b) < 4 || ca.HandshakeType(b[0]) != ca.TypeServerHello {
		return h, errors.New("capture: not a ServerHello message")
	}
	if n, _ := wire.HandshakeLen(b); n != len(b) {
		return h, errors.New("capture: ServerHello length does not match its header")
	}
	s := wire.At(b[4:], 4)
	vers, ok := s.U16()
	random, ok2 := s.Take(32)
	if !ok || !ok2 || !skipVec(&s, 1) { // session id
		return h, errors.New("capture: ServerHello too short for its fixed fields")
	}
	suite, ok := s.U16()
	if !ok || !s.Skip(1) { // compression method
		return h, errors.New("capture: ServerHello too short for its fixed fields")
	}
	h.LegacyVersion, h.Version, h.Suite = ca.Version(vers), ca.Version(vers), uint16(suite)
	h.Random = bytes.Clone(random.Bytes())
	h.HelloRetryRequest = bytes.Equal(h.Random, helloRetryRequest)
	forExtensions(s, func(typ ca.ExtensionType, body wire.Cursor) {
		switch typ {
		case ca.ExtSupportedVersions:
			if v, ok := body.U16(); ok {
				h.Version = ca.Version(v)
			}
		case ca.ExtEncryptThenMAC:
			h.EncryptThenMAC = true
		}
	})
	return h, nil
}

// clientHelloRandom reads the random of a ClientHello message.
func clientHelloRandom(b []byte) ([]byte, bool) {
	if len(b) < 4+2+32 || ca.HandshakeType(b[0]) != ca.TypeClientHello {
		return nil, false
	}
	return b[6:38], true
}

// certTypes reads client_certificate_type and server_certificate_type as a
// server selects them (one byte each, RFC 7250 §4) from a ServerHello
// (TLS ≤1.2) or EncryptedExtensions (TLS 1.3).
func (c *connection) certTypes(b []byte, serverHello bool) {
	s := wire.At(b[4:], 4)
	// legacy_version, random, session id, then cipher suite and compression method
	if serverHello && (!s.Skip(2+32) || !skipVec(&s, 1) || !s.Skip(3)) {
		return
	}
	forExtensions(s, func(typ ca.ExtensionType, body wire.Cursor) {
		v, ok := body.U8()
		if !ok || !body.Empty() {
			return
		}
		switch typ {
		case ca.ExtClientCertificateType:
			c.clientCert = ca.CertificateType(v)
		case ca.ExtServerCertificateType:
			c.serverCert = ca.CertificateType(v)
		}
	})
}

// forExtensions calls f for each extension of an extension block (absent in
// a TLS ≤1.2 hello: then f is never called). It stops at the first malformed
// entry.
func forExtensions(s wire.Cursor, f func(typ ca.ExtensionType, body wire.Cursor)) {
	exts, ok := s.Vec(2)
	if !ok {
		return
	}
	for !exts.Empty() {
		typ, body, ok := exts.Extension()
		if !ok {
			return
		}
		f(typ, body)
	}
}

// skipVec passes over a vector with a w-byte length prefix.
func skipVec(s *wire.Cursor, w int) bool {
	_, ok := s.Vec(w)
	return ok
}
