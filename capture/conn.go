package capture

import (
	"errors"
	"fmt"

	ca "github.com/clientauth/clientauth"
)

// TLS record content types (RFC 8446 §5.1, RFC 6520).
const (
	recordChangeCipherSpec = 20
	recordAlert            = 21
	recordHandshake        = 22
	recordApplicationData  = 23
	recordHeartbeat        = 24
)

// maxRecordLen is the largest TLSCiphertext.length any version allows
// (RFC 5246 §6.2.3: 2^14 + 2048); a longer header means the bytes are not
// TLS, or framing was lost.
const maxRecordLen = 1<<14 + 2048

// connection is what one TCP connection settled, gathered from both
// directions before the messages get their Params.
type connection struct {
	idx    int
	keyLog keyLog

	random      []byte // ClientHello.random
	clientVers  ca.Version
	earlyData   bool // the ClientHello offered early_data
	serverHello bool
	version     ca.Version // negotiated
	suite       uint16
	clientCert  ca.CertificateType // client_certificate_type (RFC 7250)
	serverCert  ca.CertificateType // server_certificate_type (RFC 7250)
	secrets     map[string][]byte  // key log lines for random
	unmatched   bool               // TLS 1.3 with a key log that has nothing for random
}

// rawMsg is one message of one direction before merging.
type rawMsg struct {
	b         []byte
	decrypted bool
	post      bool
	flightEnd bool // the sender waits for the peer after this message
}

func (c *connection) tls13() bool { return c.version == ca.VersionTLS13 }

// extract reads both directions: first their plaintext hellos (the
// ClientHello random picks the key log lines, the ServerHello the version
// and suite), then each direction in full, the server's first because its
// EncryptedExtensions settle the client's certificate type.
func (c *connection) extract(client, server []byte) ([]Message, error) {
	cd := &direction{c: c, stream: client, plainOnly: true}
	if err := cd.walk(); err != nil {
		return nil, err
	}
	for _, m := range cd.out {
		if ca.HandshakeType(m.b[0]) == ca.TypeClientHello {
			c.clientHello(m.b)
			break
		}
	}
	sd := &direction{c: c, stream: server, fromServer: true, plainOnly: true}
	if err := sd.walk(); err != nil {
		return nil, err
	}
	for _, m := range sd.out {
		if ca.HandshakeType(m.b[0]) == ca.TypeServerHello {
			c.serverHelloSeen(m.b) // the last one wins: a HelloRetryRequest comes first
		}
	}
	if !c.serverHello {
		c.version = c.clientVers
	}
	if c.tls13() && c.keyLog != nil {
		c.secrets = c.keyLog[string(c.random)]
		c.unmatched = c.secrets == nil
	}
	if c.tls13() && c.secrets != nil {
		if _, ok := tls13Suites[c.suite]; !ok {
			return nil, fmt.Errorf("capture: conn %d: TLS 1.3 cipher suite 0x%04x cannot be decrypted (AES-GCM and ChaCha20-Poly1305 only)", c.idx, c.suite)
		}
	}
	sd = &direction{c: c, stream: server, fromServer: true}
	if err := sd.walk(); err != nil {
		return nil, err
	}
	cd = &direction{c: c, stream: client}
	if err := cd.walk(); err != nil {
		return c.messages(nil, sd.out), err
	}
	return c.messages(cd.out, sd.out), nil
}

// messages gives each direction's messages their Params and merges the two
// flight by flight.
func (c *connection) messages(client, server []rawMsg) []Message {
	p := ca.Params{Version: c.version}
	if p.Version != 0 && p.Version < ca.VersionTLS13 {
		p.KeyExchange, _ = KeyExchangeOf(c.suite)
	}
	if c.tls13() {
		if s, ok := tls13Suites[c.suite]; ok {
			p.FinishedLen = s.hashLen
		}
	}
	out := make([]Message, 0, len(client)+len(server))
	emit := func(m rawMsg, index int, fromServer bool) {
		q := p
		q.FromServer = fromServer
		q.PostHandshake = m.post
		q.CertType = c.clientCert
		if fromServer {
			q.CertType = c.serverCert
		}
		out = append(out, Message{Bytes: m.b, Params: q, Conn: c.idx, Index: index, Decrypted: m.decrypted, Suite: c.suite})
	}
	i, j := 0, 0
	fromServer := false
	for i < len(client) || j < len(server) {
		if !fromServer {
			for i < len(client) {
				m := client[i]
				emit(m, i, false)
				i++
				if m.flightEnd {
					break
				}
			}
		} else {
			for j < len(server) {
				m := server[j]
				emit(m, j, true)
				j++
				if m.flightEnd {
					break
				}
			}
		}
		fromServer = !fromServer
	}
	return out
}

// direction walks the records of one direction of a connection.
type direction struct {
	c          *connection
	stream     []byte
	fromServer bool
	plainOnly  bool // stop at the first protected record: the first pass wants the hellos only

	pending    []byte // handshake bytes not yet framed into a message
	out        []rawMsg
	keys       *trafficKeys
	early      *trafficKeys
	opened     bool // a record has opened under the handshake keys
	finished   bool // this side's Finished is out: later messages are post-handshake
	decrypted  bool // the record being framed was decrypted
	keyChanged bool // the message just framed ended this direction's keys
	plainBuf   []byte
}

func (d *direction) name() string {
	if d.fromServer {
		return "server->client"
	}
	return "client->server"
}

func (d *direction) errorf(rec, off int, format string, args ...any) error {
	return fmt.Errorf("capture: conn %d %s record %d (stream offset %d): %s", d.c.idx, d.name(), rec, off, fmt.Sprintf(format, args...))
}

// validHeader reports whether h (5 bytes) can start a TLS record.
func validHeader(h []byte) bool {
	if h[0] < recordChangeCipherSpec || h[0] > recordHeartbeat {
		return false
	}
	if h[1] != 3 || h[2] > 4 { // SSL 3.0 … TLS 1.3 (1.3 records say 0x0303)
		return false
	}
	return int(h[3])<<8|int(h[4]) <= maxRecordLen
}

func (d *direction) walk() error {
	c := d.c
	if !d.plainOnly && c.tls13() && c.secrets != nil {
		label := "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
		if d.fromServer {
			label = "SERVER_HANDSHAKE_TRAFFIC_SECRET"
		}
		if s := c.secrets[label]; s != nil {
			k, err := newTrafficKeys(c.suite, s)
			if err != nil {
				return fmt.Errorf("capture: conn %d %s: key log %s: %v", c.idx, d.name(), label, err)
			}
			d.keys = k
		}
		if s := c.secrets["CLIENT_EARLY_TRAFFIC_SECRET"]; s != nil && !d.fromServer {
			// 0-RTT records use the offered PSK's suite; assume the
			// negotiated one, as an accepted PSK must match it.
			d.early, _ = newTrafficKeys(c.suite, s)
		}
	}
	s := d.stream
	for rec, off := 0, 0; off < len(s); rec++ {
		if len(s)-off < 5 {
			return nil // the capture ends inside a record header
		}
		h := s[off : off+5]
		if !validHeader(h) {
			if off == 0 {
				return fmt.Errorf("capture: conn %d %s: %w (first bytes %x)", c.idx, d.name(), ErrNotTLS, h)
			}
			return d.errorf(rec, off, "not a TLS record header (%x): framing lost", h)
		}
		n := int(h[3])<<8 | int(h[4])
		if len(s)-off-5 < n {
			return nil // the capture ends inside a record
		}
		body := s[off+5 : off+5+n]
		recOff := off
		off += 5 + n
		d.decrypted = false
		switch h[0] {
		case recordHandshake:
			if err := d.handshake(body, rec, recOff); err != nil {
				return err
			}
		case recordChangeCipherSpec:
			if c.tls13() {
				continue // middlebox compatibility (8446 D.4): no key change
			}
			// TLS ≤1.2: what follows is under keys we do not have.
			if n := len(d.out); n > 0 {
				d.out[n-1].flightEnd = true
			}
			return nil
		case recordApplicationData:
			if d.plainOnly || d.keys == nil && d.early == nil {
				return nil
			}
			if err := d.protected(h, body, rec, recOff); err != nil {
				return err
			}
		}
		// Alerts and heartbeats in clear carry no handshake bytes.
	}
	return nil
}

// protected opens one TLS 1.3 record and frames what its plaintext carries.
func (d *direction) protected(h, body []byte, rec, off int) error {
	var pt []byte
	var err error
	if d.keys != nil {
		pt, err = d.keys.open(d.plainBuf[:0], h, body)
	} else {
		err = errors.New("no traffic secret in the key log")
	}
	if err != nil {
		// 0-RTT data sits between the ClientHello and the client's first
		// handshake record, under the early secret; when the server rejected
		// it (or the key log lacks that secret) it cannot be read and is
		// skipped, as a server skips it (8446 §4.2.10).
		if !d.fromServer && !d.opened && d.c.earlyData {
			if d.early != nil {
				if pt, err = d.early.open(d.plainBuf[:0], h, body); err == nil {
					return d.inner(pt, rec, off)
				}
			}
			return nil
		}
		if d.keys == nil {
			return nil // the key log stops short of these secrets
		}
		return d.errorf(rec, off, "cannot decrypt with the key log's secret (%v): key log of another connection, or corrupt record", err)
	}
	d.opened = true
	d.plainBuf = pt
	return d.inner(pt, rec, off)
}

// inner strips the padding of a TLSInnerPlaintext (8446 §5.2) and frames the
// content when it is handshake data.
func (d *direction) inner(pt []byte, rec, off int) error {
	i := len(pt) - 1
	for i >= 0 && pt[i] == 0 {
		i--
	}
	if i < 0 {
		return d.errorf(rec, off, "decrypted record is all padding, no content type (8446 §5.4)")
	}
	if pt[i] != recordHandshake {
		return nil // alert or application data
	}
	d.decrypted = true
	return d.handshake(pt[:i], rec, off)
}

// handshake appends one record's handshake bytes and frames every message
// they complete.
func (d *direction) handshake(frag []byte, rec, off int) error {
	d.pending = append(d.pending, frag...)
	p := d.pending
	for len(p) >= 4 {
		n := 4 + (int(p[1])<<16 | int(p[2])<<8 | int(p[3]))
		if len(p) < n {
			break
		}
		if err := d.message(p[:n:n], rec, off); err != nil {
			return err
		}
		p = p[n:]
		if d.keyChanged && len(p) > 0 {
			// 8446 §5.1: a key change must fall on a record boundary.
			return d.errorf(rec, off, "%d handshake bytes follow a key change in the same record", len(p))
		}
	}
	d.keyChanged = false
	if len(p) != len(d.pending) { // compacting only after progress keeps a long message linear
		d.pending = append(d.pending[:0], p...)
	}
	return nil
}
