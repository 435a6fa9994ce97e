package capture

import (
	"errors"
	"fmt"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/wire"
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
	unmatched   bool               // a key log that has nothing for random
	// suites[k] is the cipher suite of handshake k+1 (TLS ≤1.2: the first
	// handshake, then each renegotiation), as its ServerHello chose it.
	suites []uint16
	skips  []Skip
}

// rawMsg is one message of one direction before merging.
type rawMsg struct {
	b         []byte
	decrypted bool
	post      bool
	flightEnd bool // the sender waits for the peer after this message
	hs        int  // TLS ≤1.2: the handshake it belongs to (0 before any hello, 1 the first, 2 the first renegotiation...)
}

func (c *connection) tls13() bool { return c.version == ca.VersionTLS13 }

// decrypt12 reports whether TLS ≤1.2 records after ChangeCipherSpec are
// to be decrypted: a key log was given (it may lack this connection, which
// each ChangeCipherSpec then reports).
func (c *connection) decrypt12() bool { return !c.tls13() && c.keyLog != nil }

// extract reads both directions: first their plaintext hellos (the
// ClientHello random picks the key log lines, the ServerHello the version
// and suite), then each direction in full. TLS 1.3 reads the server's
// first because its EncryptedExtensions settle the client's certificate
// type; TLS ≤1.2 reads the two in step, one key epoch (the records between
// two ChangeCipherSpecs) at a time, because the keys of epoch k come from
// the hellos both sides sent in epoch k-1.
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
	c.suites = []uint16{c.suite}
	if c.keyLog != nil {
		c.secrets = c.keyLog[string(c.random)]
		c.unmatched = c.secrets == nil
	}
	if c.tls13() && c.secrets != nil {
		if _, ok := tls13Suites[c.suite]; !ok {
			return nil, fmt.Errorf("capture: conn %d: TLS 1.3 cipher suite 0x%04x cannot be decrypted (AES-GCM, AES-CCM and ChaCha20-Poly1305 only)", c.idx, c.suite)
		}
	}
	sd = &direction{c: c, stream: server, fromServer: true, hellos: map[int][]byte{}}
	cd = &direction{c: c, stream: client, hellos: map[int][]byte{}}
	for {
		if err := sd.walk(); err != nil {
			return nil, err
		}
		if err := cd.walk(); err != nil {
			return c.messages(nil, sd.out), err
		}
		if !sd.atCCS && !cd.atCCS {
			break
		}
		for _, d := range []*direction{sd, cd} {
			if d.atCCS {
				c.nextKeys(d, cd.hellos[d.epoch-1], sd.hellos[d.epoch-1])
			}
		}
	}
	for _, d := range []*direction{cd, sd} {
		if d.skipped > 0 {
			c.skips = append(c.skips, Skip{Conn: c.idx, FromServer: d.fromServer, Records: d.skipped, Handshake: d.skippedHS, TLS13: c.tls13(), Reason: d.skipReason})
		}
	}
	return c.messages(cd.out, sd.out), nil
}

// nextKeys gives d the keys of its next epoch (TLS ≤1.2), from the
// ClientHello and ServerHello of the handshake that epoch belongs to and
// the master secret the key log has for that ClientHello's random. Without
// them the rest of d is counted as skipped.
func (c *connection) nextKeys(d *direction, ch, sh []byte) {
	d.k12 = nil
	if ch == nil || sh == nil {
		d.stop("no ClientHello and ServerHello in clear or decrypted before this ChangeCipherSpec")
		return
	}
	random, ok := clientHelloRandom(ch)
	h, err := ParseServerHello(sh)
	if !ok || err != nil {
		d.stop("the hellos of this handshake do not parse")
		return
	}
	master := c.keyLog[string(random)]["CLIENT_RANDOM"]
	if master == nil {
		d.stop(c.keyLog.missing(random, "CLIENT_RANDOM"))
		return
	}
	for len(c.suites) < d.epoch {
		c.suites = append(c.suites, 0)
	}
	c.suites[d.epoch-1] = h.Suite
	ck, sk, err := newKeys12(c.version, h.Suite, h.EncryptThenMAC, master, random, h.Random)
	if err != nil {
		d.stop(err.Error())
		return
	}
	d.k12 = ck
	if d.fromServer {
		d.k12 = sk
	}
	d.atCCS = false
}

// suiteOf is the cipher suite in force for a message of handshake hs.
func (c *connection) suiteOf(hs int) uint16 {
	if hs >= 1 && hs <= len(c.suites) && c.suites[hs-1] != 0 {
		return c.suites[hs-1]
	}
	return c.suite
}

// messages gives each direction's messages their Params and merges the two
// flight by flight.
func (c *connection) messages(client, server []rawMsg) []Message {
	p := ca.Params{Version: c.version}
	if c.tls13() {
		if s, ok := tls13Suites[c.suite]; ok {
			p.FinishedLen = s.hashLen
		}
	}
	out := make([]Message, 0, len(client)+len(server))
	emit := func(m rawMsg, index int, fromServer bool) {
		q := p
		suite := c.suite
		if !c.tls13() {
			suite = c.suiteOf(m.hs)
			if q.Version != 0 {
				q.KeyExchange, _ = KeyExchangeOf(suite)
			}
		}
		q.FromServer = fromServer
		q.PostHandshake = m.post
		q.CertType = c.clientCert
		if fromServer {
			q.CertType = c.serverCert
		}
		out = append(out, Message{Bytes: m.b, Params: q, Conn: c.idx, Index: index, Decrypted: m.decrypted, Suite: suite})
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
				// A server that asks for a renegotiation (RFC 5246
				// §7.4.1.1) speaks twice in a row: its Finished, then
				// HelloRequest.
				if m.flightEnd && (j == len(server) || ca.HandshakeType(server[j].b[0]) != ca.TypeHelloRequest) {
					break
				}
			}
		}
		fromServer = !fromServer
	}
	return out
}

// direction walks the records of one direction of a connection. TLS ≤1.2
// walks stop at each ChangeCipherSpec (atCCS) until the connection gives
// them the next keys.
type direction struct {
	c          *connection
	stream     []byte
	fromServer bool
	plainOnly  bool // stop at the first protected record: the first pass wants the hellos only

	started    bool
	off, rec   int // where the walk resumes
	atCCS      bool
	epoch      int            // ChangeCipherSpecs passed (TLS ≤1.2)
	hellos     map[int][]byte // epoch -> the last ClientHello (client) or ServerHello (server) framed in it
	hs         int            // handshake the messages framed now belong to
	pending    []byte         // handshake bytes not yet framed into a message
	out        []rawMsg
	keys       *trafficKeys
	early      *trafficKeys
	k12        *keys12
	opened     bool // a record has opened under the handshake keys
	finished   bool // this side's Finished is out: later messages are post-handshake
	decrypted  bool // the record being framed was decrypted
	keyChanged bool // the message just framed ended this direction's keys
	plainBuf   []byte

	skipped, skippedHS int // protected records not read, and how many of them were handshake records
	skipReason         string
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
	return recordLen(h) <= maxRecordLen
}

// recordLen is the length field of the record header that begins h
// (RFC 8446 §5.1: type, legacy_record_version, uint16 length).
func recordLen(h []byte) int { return wire.Uint(h[3:5]) }

// skip counts one protected record that is not read, and why.
func (d *direction) skip(typ byte, reason string) {
	if d.plainOnly {
		return
	}
	d.skipped++
	if typ == recordHandshake {
		d.skippedHS++
	}
	if d.skipReason == "" {
		d.skipReason = reason
	}
}

// skipRest counts every whole record from the walk's position on as
// skipped and ends the walk.
func (d *direction) skipRest(reason string) {
	s := d.stream
	for off := d.off; len(s)-off >= 5 && validHeader(s[off:off+5]); {
		n := recordLen(s[off:])
		if len(s)-off-5 < n {
			break
		}
		if reason != "" {
			d.skip(s[off], reason)
		}
		off += 5 + n
	}
	d.off = len(s)
}

// stop ends a TLS ≤1.2 direction at a ChangeCipherSpec whose keys are not
// known: the sender's flight ends there as far as the reader can see.
func (d *direction) stop(reason string) {
	d.atCCS = false
	if n := len(d.out); n > 0 {
		d.out[n-1].flightEnd = true
	}
	d.skipRest(reason)
}

// keyLogReason says why a direction has no keys.
func (d *direction) keyLogReason(label string) string {
	if d.c.keyLog == nil {
		return "no key log"
	}
	return d.c.keyLog.missing(d.c.random, label)
}

func (d *direction) walk() error {
	c := d.c
	if !d.started {
		d.started = true
		if err := d.start(); err != nil {
			return err
		}
	}
	d.atCCS = false
	s := d.stream
	for d.off < len(s) {
		rec, off := d.rec, d.off
		if len(s)-off < 5 {
			d.off = len(s)
			return nil // the capture ends inside a record header
		}
		h := s[off : off+5]
		if !validHeader(h) {
			if off == 0 {
				return fmt.Errorf("capture: conn %d %s: %w (first bytes %x)", c.idx, d.name(), ErrNotTLS, h)
			}
			return d.errorf(rec, off, "not a TLS record header (%x): framing lost", h)
		}
		n := recordLen(h)
		if len(s)-off-5 < n {
			d.off = len(s)
			return nil // the capture ends inside a record
		}
		body := s[off+5 : off+5+n]
		d.off, d.rec = off+5+n, rec+1
		d.decrypted = false
		if d.k12 != nil {
			pt, err := d.k12.open(h[0], [2]byte{h[1], h[2]}, body)
			if err != nil {
				return d.errorf(rec, off, "cannot decrypt with the key log's master secret (%v): key log of another connection, or corrupt record", err)
			}
			body, d.decrypted = pt, true
		}
		switch h[0] {
		case recordHandshake:
			if err := d.handshake(body, rec, off); err != nil {
				return err
			}
		case recordChangeCipherSpec:
			if c.tls13() {
				continue // middlebox compatibility (8446 D.4): no key change
			}
			d.epoch++
			d.k12 = nil
			if d.plainOnly {
				return nil
			}
			if c.decrypt12() {
				d.atCCS = true // extract derives the next keys and resumes
				return nil
			}
			d.stop("no key log")
			return nil
		case recordApplicationData:
			if d.plainOnly {
				return nil
			}
			if !c.tls13() {
				continue // TLS ≤1.2 application data: opened only to keep the record sequence
			}
			if d.keys == nil && d.early == nil {
				d.skip(h[0], d.keyLogReason(d.trafficLabel()))
				continue
			}
			if err := d.protected(h, body, rec, off); err != nil {
				return err
			}
		}
		// Alerts and heartbeats carry no handshake bytes.
	}
	return nil
}

// trafficLabel names the key log secret the direction needs now.
func (d *direction) trafficLabel() string {
	switch {
	case d.finished && d.fromServer:
		return "SERVER_TRAFFIC_SECRET_0"
	case d.finished:
		return "CLIENT_TRAFFIC_SECRET_0"
	case d.fromServer:
		return "SERVER_HANDSHAKE_TRAFFIC_SECRET"
	}
	return "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
}

// start sets up a TLS 1.3 direction's handshake keys.
func (d *direction) start() error {
	c := d.c
	if d.plainOnly || !c.tls13() || c.secrets == nil {
		return nil
	}
	label := d.trafficLabel()
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
			d.skip(h[0], d.keyLogReason(d.trafficLabel()))
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
	for {
		n, ok := wire.HandshakeLen(p)
		if !ok || len(p) < n {
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
