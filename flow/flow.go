// Package flow checks the client-authentication rules that span messages:
// where a CertificateRequest may come, that the client answers it (and only
// it) in order, that the answer echoes its context, uses a signature
// algorithm it listed, a key of a type it asked for, and CertificateEntry
// extensions it asked for, and the rules of post-handshake authentication.
//
// A Validator follows one connection. It is fed whole handshake messages
// (4-byte header included), both directions, in the order they were sent,
// and parses each itself with package parser, so it sees what a stack sees:
// a message that breaks a single-message rule is refused with the parser's
// error. Where to start feeding: TLS 1.3 from EncryptedExtensions, TLS ≤1.2
// from the server's Certificate (ClientHello and ServerHello may be fed
// before them and are skipped). Messages outside client authentication
// (EncryptedExtensions, ServerKeyExchange, CertificateStatus,
// NewSessionTicket, KeyUpdate, EndOfEarlyData, HelloRequest, the hellos)
// are placed but not parsed. The message order is a table per version
// (order.go).
//
// TLS ≤1.2 renegotiation is followed: a server's HelloRequest may come at
// any time and changes nothing (5246-7.4.1.1-a), and after a complete
// handshake a client's ClientHello starts a new one, whose client
// authentication is checked like the first's (5246-7.4.1.2-a); Done is
// false until it completes. Its messages travel encrypted under the first
// handshake's keys: the caller decrypts them and feeds the plaintext, the
// ClientHello included. The Config holds for every handshake of the
// connection. TLS 1.3 has none: a later ClientHello is refused
// (8446-4.1.2-a), a HelloRequest is out of order (8446-4-a).
//
// The Validator keeps fixed-size state and allocates nothing per message,
// on acceptance or refusal. After a refusal the connection is over: every
// later message gets the same error.
//
// Not covered: TLS ≤1.2 abbreviated handshakes, first or renegotiated (use
// a new Validator per full handshake); RFC 5746's renegotiation_info and a
// renegotiation that changes the cipher suite (both live in the hellos,
// which the validator does not parse); signatures (they need the transcript
// and keys), certificate chains and the server's CertificateEntry
// extensions against the ClientHello.
package flow

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/errs"
	"github.com/clientauth/clientauth/parser"
)

// PSK says how a TLS 1.3 main handshake was authenticated.
type PSK uint8

const (
	NoPSK         PSK = iota // certificates: the server sends Certificate and may send CertificateRequest
	ResumptionPSK            // a resumption PSK (psk_ke or psk_dhe_ke)
	ExternalPSK              // an external PSK: under RFC 9846 not even a post-handshake request (9846-4.3.2-k)
)

// Config is what the handshake negotiated, and what each side offered,
// before client authentication.
type Config struct {
	// Params is what the parser needs: version (zero means TLS 1.3),
	// profile, key exchange (TLS ≤1.2; KexFixedDH means the client's
	// certificate does the key agreement, so no CertificateVerify), Finished
	// length (0: the version's default) and certificate type. Its
	// per-message fields, FromServer and PostHandshake, are ignored: the
	// validator sets them for each message it parses.
	ca.Params

	// PSK: TLS 1.3 only. With a PSK the server sends neither Certificate nor
	// CertificateRequest in the main handshake.
	PSK PSK
	// PostHandshakeAuth: the client offered post_handshake_auth (TLS 1.3).
	PostHandshakeAuth bool
	// ClientSignatureAlgorithms, when not nil, is the ClientHello's
	// signature_algorithms: a TLS 1.3 server CertificateVerify must use one
	// (8446-4.4.3-d).
	ClientSignatureAlgorithms []ca.SignatureScheme
	// ClientCompressionAlgorithms is the ClientHello's compress_certificate
	// list: a server CompressedCertificate must use one (8879-4-a).
	ClientCompressionAlgorithms []ca.CertificateCompressionAlgorithm
}

// MaxPending bounds the post-handshake requests that may await an answer at
// once (8446-4.6.2-e lets a client answer them in any order, so each keeps
// its own state); one more is refused with internal_error.
const MaxPending = 4

// Validator follows one connection. New or Reset prepare it; a zero
// Validator behaves as Reset(Config{}) (TLS 1.3, certificates).
type Validator struct {
	cfg    Config
	p      parser.Parser
	st     state
	n      int // messages fed
	failed bool
	err    Error

	serverCert bool    // TLS ≤1.2: the server sent a Certificate (is not anonymous)
	requested  bool    // the main handshake had a CertificateRequest
	needCV     bool    // the client Certificate being answered holds a signing key
	clientKey  keyKind // its end-entity key
	serverKey  keyKind // TLS 1.3: the server's end-entity key
	main       request

	// TLS 1.3 post-handshake authentication.
	pending  [MaxPending]request
	nPending int
	resp     int // index into pending of the response in progress, or -1
	contexts contextStore

	// RFC 8879: after a CompressedCertificate the caller feeds the
	// Certificate it inflates to (8879-5-a).
	inflating     bool
	inflateServer bool
	inflateLen    int
	inflateAlg    ca.CertificateCompressionAlgorithm
}

// New returns a validator for a connection negotiated as cfg. It allocates
// the validator (about 52 KB); Reset reuses one.
func New(cfg Config) *Validator {
	v := &Validator{}
	v.Reset(cfg)
	return v
}

// Reset prepares v for a new connection negotiated as cfg.
func (v *Validator) Reset(cfg Config) {
	v.cfg = cfg
	v.p = parser.Parser{Params: cfg.Params}
	v.st, v.n, v.failed = stStart, 0, false
	v.serverCert, v.requested, v.needCV = false, false, false
	v.clientKey, v.serverKey = keyUnknown, keyUnknown
	v.nPending, v.resp = 0, -1
	v.contexts.n = 0
	v.inflating = false
}

// Done reports whether the handshake is complete and nothing is owed: TLS
// ≤1.2, the server's Finished came; TLS 1.3, the client's Finished came and
// no post-handshake request awaits its answer. False after a refusal.
func (v *Validator) Done() bool {
	if v.failed {
		return false
	}
	if v.cfg.Vers() == ca.VersionTLS13 {
		return v.st == st13Established && v.nPending == 0
	}
	return v.st == st12Done
}

// Feed takes the next handshake message (header included) and whether the
// server sent it. It returns nil or an *Error naming the alert to send.
func (v *Validator) Feed(fromServer bool, msg []byte) error {
	if v.failed {
		return &v.err
	}
	idx := v.n
	v.n++
	v.err.Message, v.err.FromServer = idx, fromServer
	h, ok := parser.ParseHeader(msg)
	if !ok {
		v.err.Type = 0
		return v.root(ca.CheckTruncated, "", 0, "length", 0, 0)
	}
	v.err.Type = h.Type
	compressed := false
	if v.inflating {
		// 8879-5-a: the inflated Certificate stands for the
		// CompressedCertificate, in its place; 8879-4-b: at its length.
		if fromServer != v.inflateServer || h.Type != ca.TypeCertificate || len(msg)-parser.HeaderLen != v.inflateLen {
			return v.root(ca.CheckInflatedMismatch, "", 0, "", 1, h.Length)
		}
		v.inflating, compressed = false, true
	}
	v.p.Params.FromServer = fromServer
	v.p.Params.PostHandshake = false
	order, placed := order12, h.Type
	if v.cfg.Vers() == ca.VersionTLS13 {
		order = order13
		v.p.Params.PostHandshake = post13&(1<<v.st) != 0
		if h.Type == ca.TypeCompressedCertificate { // 8879-5-a: in the Certificate's place
			placed = ca.TypeCertificate
		}
	}
	by := client
	if fromServer {
		by = server
	}
	e := v.next(order, by, placed)
	switch {
	case e == nil:
		// RFC 5246 §7.3 order too: requirements.md has no 5246 row for
		// the order in general, 8446-4-a is the rule that states it.
		return v.unexpected(h.Type, "8446-4-a")
	case e.refuse != ca.NoCheck:
		if e.refuse == ca.CheckUnexpectedType {
			return v.unexpected(h.Type, e.rule)
		}
		return v.root(e.refuse, e.rule, 0, "", 0, 0)
	case h.Type == ca.TypeCompressedCertificate:
		// The state moves when the inflated Certificate comes.
		return v.compressed13(fromServer, msg)
	}
	if err := v.act(e.act, msg, compressed); err != nil {
		return err
	}
	if e.to != stay {
		v.st = e.to
	}
	return nil
}

// FeedFlight feeds every message of buf, a run of concatenated handshake
// messages from one side (as one record often carries several), and stops
// at the first refusal. Bytes that are not a whole message are decode_error
// (8446-6-a).
func (v *Validator) FeedFlight(fromServer bool, buf []byte) error {
	for len(buf) > 0 {
		h, ok := parser.ParseHeader(buf)
		if !ok || h.Length > len(buf)-parser.HeaderLen {
			if v.failed {
				return &v.err
			}
			v.err.Message, v.err.FromServer, v.err.Type = v.n, fromServer, 0
			v.n++
			if ok {
				v.err.Type = h.Type
				return v.root(ca.CheckPastEnd, "", 0, "length", 1, h.Length)
			}
			return v.root(ca.CheckTruncated, "", 0, "length", 0, 0)
		}
		n := parser.HeaderLen + h.Length
		if err := v.Feed(fromServer, buf[:n:n]); err != nil {
			return err
		}
		buf = buf[n:]
	}
	return nil
}

// root fails with a row of ca.Checks; req and alert, when set, override the
// row's (a row shared by several rules).
func (v *Validator) root(id ca.CheckID, req ca.Requirement, alert ca.Alert, field string, off, value int) error {
	v.failed = true
	errs.Check(&v.err.Err, id, containerOf(v.err.Type), field, [3]int32{}, off, value)
	if req != "" {
		v.err.Err.Requirement = req
	}
	if alert != 0 {
		v.err.Err.Alert = alert
	}
	return &v.err
}

func (v *Validator) unexpected(t ca.HandshakeType, req ca.Requirement) error {
	return v.root(ca.CheckUnexpectedType, req, 0, "msg_type", 0, int(t))
}

// parse runs the single-message checks; their failure ends the flow too.
func (v *Validator) parse(msg []byte) (parser.Message, bool) {
	m, err := v.p.Parse(msg)
	if err != nil {
		v.failed = true
		v.err.Err = *err.(*ca.Error)
		return m, false
	}
	return m, true
}

// act does what an edge of the order tables says with a message it placed.
func (v *Validator) act(a action, msg []byte, compressed bool) error {
	switch a {
	case place:
		return nil
	case renegotiate:
		// What the first handshake saw says nothing of the second's
		// server, request or client certificate.
		v.serverCert, v.requested, v.needCV = false, false, false
		v.clientKey = keyUnknown
		return nil
	}
	m, ok := v.parse(msg)
	if !ok {
		return &v.err
	}
	switch a {
	case serverCert12:
		v.serverCert = true
	case mainRequest:
		v.main.set(m.CertificateRequest, v.cfg.Profile)
		v.requested = true
	case clientCert12:
		c := m.Certificate
		v.needCV = c.Entries.Len() > 0 && v.cfg.KeyExchange != ca.KexFixedDH // 5246-7.4.8-a: a fixed-DH certificate cannot sign
		if c.Entries.Len() > 0 {
			return v.keyFits(c)
		}
	case clientCV12:
		if v.cfg.Vers() == ca.VersionTLS12 { // TLS 1.0/1.1 name no algorithm
			return v.clientScheme(&v.main, m.CertificateVerify.Algorithm, "5246-7.4.8-c")
		}
	case serverCert13:
		// 8446-4.4.2-k: never empty, so the parser has made sure entry 0 exists.
		v.serverKey, _ = leafKey(m.Certificate.Entries.At(0).Data, v.cfg.CertType == ca.CertTypeRawPublicKey)
	case serverCV13:
		alg := m.CertificateVerify.Algorithm
		if l := v.cfg.ClientSignatureAlgorithms; l != nil && !hasScheme(l, alg) { // 8446-4.4.3-d
			return v.root(ca.CheckServerCVAlgorithmNotOffered, "", 0, "", 4, int(alg))
		}
		if suits, known := schemeSuits(ca.VersionTLS13, alg, v.serverKey); known && !suits { // 8446-4.4.3-f
			return v.root(ca.CheckCVKeyMismatch, "", 0, "", 4, int(alg))
		}
	case postRequest:
		return v.request13(m.CertificateRequest)
	case clientCert13:
		return v.clientCert13(m.Certificate, &v.main, compressed)
	case postCert:
		return v.clientCert13(m.Certificate, nil, compressed)
	case clientCV13:
		return v.clientScheme(&v.main, m.CertificateVerify.Algorithm, "8446-4.4.3-e")
	case postCV:
		return v.clientScheme(&v.pending[v.resp], m.CertificateVerify.Algorithm, "8446-4.4.3-e")
	case postFinished:
		v.nPending--
		v.pending[v.resp] = v.pending[v.nPending] // the order of unanswered requests does not matter
		v.resp = -1
	}
	return nil
}

// request13 takes a post-handshake CertificateRequest the order admits.
func (v *Validator) request13(cr parser.CertificateRequest) error {
	c := cr.Context
	switch {
	case len(c) == 0 || v.contexts.seen(c): // 8446-4.3.2-c: new within the connection, so no CertificateVerify replays
		return v.root(ca.CheckContextReused, "", 0, "", parser.HeaderLen, len(c))
	case v.nPending == MaxPending:
		return v.root(ca.CheckTooManyPending, "", 0, "", 0, MaxPending)
	case !v.contexts.add(c):
		return v.root(ca.CheckContextStoreFull, "", 0, "", parser.HeaderLen, v.contexts.n)
	}
	v.pending[v.nPending].set(cr, v.cfg.Profile)
	v.nPending++
	return nil
}

// clientCert13 checks a client Certificate the order admits: answering r,
// the main request, or (r nil) one unanswered post-handshake request, named
// by its context.
func (v *Validator) clientCert13(c parser.Certificate, r *request, compressed bool) error {
	if r == nil {
		// 8446-4.4.2-d: it echoes the context of the request it answers;
		// 8446-4.6.2-e: any unanswered one.
		i := 0
		for i < v.nPending && string(v.pending[i].ctx()) != string(c.Context) {
			i++
		}
		if i == v.nPending {
			return v.root(ca.CheckContextNotEchoed, "", 0, "", parser.HeaderLen, len(c.Context))
		}
		r = &v.pending[i]
		if compressed && !r.compresses(v.inflateAlg) { // 8879-4-a
			return v.root(ca.CheckCompressionAlgorithmNotOffered, "", 0, "", -1, int(v.inflateAlg))
		}
		v.resp = i
	} else if string(c.Context) != string(r.ctx()) { // 8446-4.4.2-d (the parser already wants it empty here)
		return v.root(ca.CheckContextNotEchoed, "", 0, "", parser.HeaderLen, len(c.Context))
	}
	// 8446-4.4.2-e, 8446-4.2-a: entry extensions only where the request asked.
	for _, e := range c.Entries.All() {
		for _, x := range e.Extensions.All() {
			if r.entryExts&ctBit[x.Type] == 0 {
				return v.root(ca.CheckUnrequestedExtension, "8446-4.4.2-e", 0, "", x.Offset, int(x.Type))
			}
		}
	}
	v.needCV = c.Entries.Len() > 0
	v.clientKey = keyUnknown
	if v.needCV {
		v.clientKey, _ = leafKey(c.Entries.At(0).Data, v.cfg.CertType == ca.CertTypeRawPublicKey)
	}
	return nil
}

// compressed13 takes a CompressedCertificate (RFC 8879) the order admits in
// a Certificate's place, with an algorithm the receiver offered, and then
// waits for the caller to feed the Certificate it inflates to
// (certcompress.Decompress).
func (v *Validator) compressed13(fromServer bool, msg []byte) error {
	m, ok := v.parse(msg)
	if !ok {
		return &v.err
	}
	alg := m.CompressedCertificate.Algorithm
	var offered, anyOffered bool
	switch {
	case fromServer:
		anyOffered = len(v.cfg.ClientCompressionAlgorithms) > 0
		for _, a := range v.cfg.ClientCompressionAlgorithms {
			offered = offered || a == alg
		}
	case v.st != st13Established:
		anyOffered, offered = v.main.nCompress > 0, v.main.compresses(alg)
	default: // the context is inside: the request is known once inflated
		for i := range v.nPending {
			anyOffered = anyOffered || v.pending[i].nCompress > 0
			offered = offered || v.pending[i].compresses(alg)
		}
	}
	switch {
	case !anyOffered: // 8879-4-a
		return v.root(ca.CheckCompressionNotOffered, "", 0, "", 0, 0)
	case !offered: // 8879-4-a
		return v.root(ca.CheckCompressionAlgorithmNotOffered, "", 0, "", parser.HeaderLen, int(alg))
	}
	v.inflating, v.inflateServer = true, fromServer
	v.inflateLen, v.inflateAlg = m.CompressedCertificate.UncompressedLength, alg
	return nil
}

// clientScheme: a client CertificateVerify's algorithm is one the request
// listed (8446-4.4.3-e, 5246-7.4.8-c) and suits the key it signs with
// (8446-4.4.3-f, 5246-7.4.8-c).
func (v *Validator) clientScheme(r *request, alg ca.SignatureScheme, listed ca.Requirement) error {
	if !r.offers(alg) {
		return v.root(ca.CheckCVAlgorithmNotRequested, listed, 0, "", parser.HeaderLen, int(alg))
	}
	req := ca.Requirement("8446-4.4.3-f")
	if v.cfg.Vers() != ca.VersionTLS13 {
		req = "5246-7.4.8-c"
	}
	if suits, known := schemeSuits(v.cfg.Vers(), alg, v.clientKey); known && !suits {
		return v.root(ca.CheckCVKeyMismatch, req, 0, "", parser.HeaderLen, int(alg))
	}
	return nil
}

// keyFits: the client's end-entity key is of a requested certificate type
// (5246-7.4.4-e, 5246-7.4.6-d).
func (v *Validator) keyFits(c parser.Certificate) error {
	leaf := c.Entries.At(0)
	k, ok := leafKey(leaf.Data, v.cfg.CertType == ca.CertTypeRawPublicKey)
	if !ok {
		return v.root(ca.CheckLeafUnreadable, "", 0, "", leaf.Offset, 0)
	}
	v.clientKey = k
	if !certificateTypeFits(k, &v.main.certTypes) {
		return v.root(ca.CheckKeyTypeNotRequested, "", 0, "", leaf.Offset, 0)
	}
	return nil
}

// containerOf names the refused message's container, so that Error.Field
// reads like the parser's ("certificate_verify.algorithm").
func containerOf(t ca.HandshakeType) string {
	if m, ok := ca.LookupMessage(t); ok {
		return m.Container
	}
	return ca.ContainerHandshake
}

func hasScheme(l []ca.SignatureScheme, s ca.SignatureScheme) bool {
	for _, o := range l {
		if o == s {
			return true
		}
	}
	return false
}
