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
// NewSessionTicket, KeyUpdate, EndOfEarlyData) are placed but not parsed.
//
// The Validator keeps fixed-size state and allocates nothing per message,
// on acceptance or refusal. After a refusal the connection is over: every
// later message gets the same error.
//
// Not covered: TLS ≤1.2 renegotiation and abbreviated handshakes (use a new
// Validator per full handshake), signatures (they need the transcript and
// keys), certificate chains and the server's CertificateEntry extensions
// against the ClientHello.
package flow

import (
	ca "github.com/clientauth/clientauth"
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
	Version     ca.Version // 0 means TLS 1.3
	Profile     ca.Profile
	KeyExchange ca.KeyExchange // TLS ≤1.2; KexFixedDH means the client's certificate does the key agreement, so no CertificateVerify
	FinishedLen int            // 0: the version's default (ca.Params.VerifyDataLen)
	CertType    ca.CertificateType

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
	// Tolerate lists the known deployed deviations to accept
	// (ca.KnownDeviations), as ca.Params.Tolerate does; zero is strict.
	Tolerate ca.Deviations
}

func (c *Config) vers() ca.Version {
	if c.Version == 0 {
		return ca.VersionTLS13
	}
	return c.Version
}

// MaxPending bounds the post-handshake requests that may await an answer at
// once (8446-4.6.2-e lets a client answer them in any order, so each keeps
// its own state); one more is refused with internal_error.
const MaxPending = 4

type state uint8

const (
	stStart state = iota
	// TLS ≤1.2, RFC 5246 §7.3 order.
	st12ServerCert
	st12Status
	st12SKE
	st12CR
	st12SHD
	st12ClientCert
	st12CKE
	st12CV
	st12ClientFinished
	st12Done // the server's Finished
	// TLS 1.3, RFC 8446 §2 order.
	st13EE
	st13CR
	st13ServerCert
	st13ServerCV
	st13ServerFinished
	st13EOED
	st13ClientCert
	st13ClientCV
	st13Established
)

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
	resp     int  // index into pending of the response in progress, or -1
	respCV   bool // that response's CertificateVerify came
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
	v.p = parser.Parser{Params: ca.Params{Version: cfg.Version, Profile: cfg.Profile, KeyExchange: cfg.KeyExchange,
		FinishedLen: cfg.FinishedLen, CertType: cfg.CertType, Tolerate: cfg.Tolerate}}
	v.st, v.n, v.failed = stStart, 0, false
	v.serverCert, v.requested, v.needCV = false, false, false
	v.clientKey, v.serverKey = keyUnknown, keyUnknown
	v.nPending, v.resp, v.respCV = 0, -1, false
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
	if v.cfg.vers() == ca.VersionTLS13 {
		return v.st == st13Established && v.nPending == 0 && v.resp < 0
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
	if v.cfg.vers() == ca.VersionTLS13 {
		v.p.Params.PostHandshake = v.st == st13Established
		return v.feed13(fromServer, h.Type, msg, compressed)
	}
	return v.feed12(fromServer, h.Type, msg)
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
	v.err.Err.SetCheck(id, containerOf(v.err.Type), field, [3]int32{}, off, value)
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

func (v *Validator) feed12(fromServer bool, t ca.HandshakeType, msg []byte) error {
	st := v.st
	switch {
	case st == stStart && (!fromServer && t == ca.TypeClientHello || fromServer && t == ca.TypeServerHello):
	case fromServer && t == ca.TypeCertificate && st == stStart:
		if _, ok := v.parse(msg); !ok {
			return &v.err
		}
		v.serverCert, v.st = true, st12ServerCert
	case fromServer && t == ca.TypeCertificateStatus && st == st12ServerCert:
		v.st = st12Status
	case fromServer && t == ca.TypeServerKeyExchange && (st == stStart || st == st12ServerCert || st == st12Status):
		v.st = st12SKE
	case fromServer && t == ca.TypeCertificateRequest:
		switch {
		case st != stStart && st != st12ServerCert && st != st12Status && st != st12SKE: // 5246-7.4.4-a
			return v.unexpected(t, "5246-7.4.4-a")
		case !v.serverCert: // 5246-7.4.4-f
			return v.root(ca.CheckAnonymousRequest, "", 0, "", 0, 0)
		}
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		v.main.set(m.CertificateRequest, v.cfg.Profile)
		v.requested, v.st = true, st12CR
	case fromServer && t == ca.TypeServerHelloDone && st <= st12CR:
		if _, ok := v.parse(msg); !ok {
			return &v.err
		}
		v.st = st12SHD
	case !fromServer && t == ca.TypeCertificate:
		if st != st12SHD || !v.requested { // 5246-7.4.6-a: first after ServerHelloDone, only if asked
			return v.unexpected(t, "5246-7.4.6-a")
		}
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		c := m.Certificate
		v.needCV = c.Entries.Len() > 0 && v.cfg.KeyExchange != ca.KexFixedDH // 5246-7.4.8-a: a fixed-DH certificate cannot sign
		if c.Entries.Len() > 0 {
			if err := v.keyFits(c); err != nil {
				return err
			}
		}
		v.st = st12ClientCert
	case !fromServer && t == ca.TypeClientKeyExchange:
		// 5246-7.4.7-a: right after the client Certificate, or first after
		// ServerHelloDone when none was asked for; 4346-7.4.6-a: a TLS
		// 1.0/1.1 client only SHOULD send an empty Certificate, so it may
		// send none.
		skip := st == st12SHD && (!v.requested || v.cfg.vers() < ca.VersionTLS12)
		switch {
		case st == st12SHD && !skip: // 5246-7.4.6-a
			return v.unexpected(t, "5246-7.4.6-a")
		case st != st12ClientCert && !skip:
			return v.unexpected(t, "5246-7.4.7-a")
		}
		if _, ok := v.parse(msg); !ok {
			return &v.err
		}
		if skip {
			v.needCV = false
		}
		v.st = st12CKE
	case !fromServer && t == ca.TypeCertificateVerify:
		if st != st12CKE || !v.needCV { // 5246-7.4.8-a
			return v.unexpected(t, "5246-7.4.8-a")
		}
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		if v.cfg.vers() == ca.VersionTLS12 { // TLS 1.0/1.1 name no algorithm
			if err := v.clientScheme(&v.main, m.CertificateVerify.Algorithm, "5246-7.4.8-c"); err != nil {
				return err
			}
		}
		v.st = st12CV
	case !fromServer && t == ca.TypeFinished:
		if st == st12CKE && v.needCV { // 5246-7.4.8-a: a signing certificate needs its proof
			return v.unexpected(t, "5246-7.4.8-a")
		}
		if st != st12CKE && st != st12CV {
			return v.unexpected(t, "8446-4-a")
		}
		if _, ok := v.parse(msg); !ok {
			return &v.err
		}
		v.st = st12ClientFinished
	case fromServer && t == ca.TypeNewSessionTicket && st == st12ClientFinished:
	case fromServer && t == ca.TypeFinished && st == st12ClientFinished:
		if _, ok := v.parse(msg); !ok {
			return &v.err
		}
		v.st = st12Done
	case fromServer && t == ca.TypeServerKeyExchange && st == st12CR: // 5246-7.4.4-a: the request follows it
		return v.unexpected(t, "5246-7.4.4-a")
	default:
		// RFC 5246 §7.3 order; requirements.md has no 5246 row for the
		// order in general, 8446-4-a is the rule that states it.
		return v.unexpected(t, "8446-4-a")
	}
	return nil
}

func (v *Validator) feed13(fromServer bool, t ca.HandshakeType, msg []byte, compressed bool) error {
	st := v.st
	if t == ca.TypeCompressedCertificate {
		return v.compressed13(fromServer, msg)
	}
	switch {
	case st == stStart && (!fromServer && t == ca.TypeClientHello || fromServer && t == ca.TypeServerHello):
	case fromServer && t == ca.TypeEncryptedExtensions && st == stStart:
		v.st = st13EE
	case fromServer && t == ca.TypeCertificateRequest:
		return v.request13(t, msg)
	case fromServer && t == ca.TypeCertificate:
		if err := v.serverCertPlace(t); err != nil {
			return err
		}
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		// 8446-4.4.2-k: never empty, so the parser has made sure entry 0 exists.
		v.serverKey, _ = leafKey(m.Certificate.Entries.At(0).Data, v.cfg.CertType == ca.CertTypeRawPublicKey)
		v.st = st13ServerCert
	case fromServer && t == ca.TypeCertificateVerify:
		if st != st13ServerCert { // 8446-4.4.3-a
			return v.unexpected(t, "8446-4.4.3-a")
		}
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		alg := m.CertificateVerify.Algorithm
		if l := v.cfg.ClientSignatureAlgorithms; l != nil && !hasScheme(l, alg) { // 8446-4.4.3-d
			return v.root(ca.CheckServerCVAlgorithmNotOffered, "", 0, "", 4, int(alg))
		}
		if suits, known := schemeSuits(ca.VersionTLS13, alg, v.serverKey); known && !suits { // 8446-4.4.3-f
			return v.root(ca.CheckCVKeyMismatch, "", 0, "", 4, int(alg))
		}
		v.st = st13ServerCV
	case fromServer && t == ca.TypeFinished:
		switch {
		case st == st13ServerCV || st == st13EE && v.cfg.PSK != NoPSK:
		case st == st13EE || st == st13CR: // 8446-4.4.2-a: certificate authentication needs the server's Certificate
			return v.unexpected(t, "8446-4.4.2-a")
		case st == st13ServerCert: // 8446-4.4.3-a
			return v.unexpected(t, "8446-4.4.3-a")
		default:
			return v.unexpected(t, "8446-4-a")
		}
		if _, ok := v.parse(msg); !ok {
			return &v.err
		}
		v.st = st13ServerFinished
	case !fromServer && t == ca.TypeEndOfEarlyData && st == st13ServerFinished && v.cfg.PSK != NoPSK:
		v.st = st13EOED
	case !fromServer && t == ca.TypeCertificate:
		return v.clientCert13(t, msg, compressed)
	case !fromServer && t == ca.TypeCertificateVerify:
		r := &v.main
		switch {
		case st == st13ClientCert && v.needCV:
		case st == st13Established && v.resp >= 0 && !v.respCV && v.needCV:
			r = &v.pending[v.resp]
		default: // 8446-4.4.3-a: right after a non-empty Certificate
			return v.unexpected(t, "8446-4.4.3-a")
		}
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		if err := v.clientScheme(r, m.CertificateVerify.Algorithm, "8446-4.4.3-e"); err != nil {
			return err
		}
		if st == st13Established {
			v.respCV = true
		} else {
			v.st = st13ClientCV
		}
	case !fromServer && t == ca.TypeFinished:
		return v.clientFinished13(t, msg)
	case fromServer && (t == ca.TypeNewSessionTicket || t == ca.TypeKeyUpdate) && st == st13Established:
		// 8446-4.6.2-e: the server may go on while a request is unanswered.
	case !fromServer && t == ca.TypeKeyUpdate && st == st13Established && v.resp < 0:
	case !fromServer && v.resp >= 0: // 8446-4.6.2-c: nothing inside a response
		return v.unexpected(t, "8446-4.6.2-c")
	default:
		return v.unexpected(t, "8446-4-a")
	}
	return nil
}

// serverCertPlace: the server's Certificate (or CompressedCertificate)
// follows EncryptedExtensions or the CertificateRequest, and only when
// certificates authenticate the handshake (8446-4.4.2-a).
func (v *Validator) serverCertPlace(t ca.HandshakeType) error {
	switch {
	case (v.st == st13EE || v.st == st13CR) && v.cfg.PSK == NoPSK:
		return nil
	case v.st == st13EE && v.cfg.PSK != NoPSK:
		return v.unexpected(t, "8446-4.4.2-a")
	}
	return v.unexpected(t, "8446-4-a")
}

func (v *Validator) request13(t ca.HandshakeType, msg []byte) error {
	switch {
	case v.st == st13EE && v.cfg.PSK != NoPSK: // 8446-4.3.2-j
		return v.unexpected(t, "8446-4.3.2-j")
	case v.st == st13EE:
		m, ok := v.parse(msg)
		if !ok {
			return &v.err
		}
		v.main.set(m.CertificateRequest, v.cfg.Profile)
		v.requested, v.st = true, st13CR
		return nil
	case v.st != st13Established: // 8446-4.3.2-a: right after EncryptedExtensions
		return v.unexpected(t, "8446-4.3.2-a")
	case !v.cfg.PostHandshakeAuth: // 8446-4.6.2-d, 8446-4.2.6-a
		return v.unexpected(t, "8446-4.6.2-d")
	case v.cfg.PSK == ExternalPSK && v.cfg.Profile == ca.RFC9846: // 9846-4.3.2-k
		return v.unexpected(t, "9846-4.3.2-k")
	}
	m, ok := v.parse(msg)
	if !ok {
		return &v.err
	}
	c := m.CertificateRequest.Context
	switch {
	case len(c) == 0 || v.contexts.seen(c): // 8446-4.3.2-c: new within the connection, so no CertificateVerify replays
		return v.root(ca.CheckContextReused, "", 0, "", parser.HeaderLen, len(c))
	case v.nPending == MaxPending:
		return v.root(ca.CheckTooManyPending, "", 0, "", 0, MaxPending)
	case !v.contexts.add(c):
		return v.root(ca.CheckContextStoreFull, "", 0, "", parser.HeaderLen, v.contexts.n)
	}
	v.pending[v.nPending].set(m.CertificateRequest, v.cfg.Profile)
	v.nPending++
	return nil
}

// clientCert13 places and checks a client Certificate: in the main handshake
// after the server's Finished, answering the CertificateRequest; after it,
// answering one unanswered post-handshake request, named by its context.
func (v *Validator) clientCert13(t ca.HandshakeType, msg []byte, compressed bool) error {
	r, err := v.clientCertPlace(t)
	if err != nil {
		return err
	}
	m, ok := v.parse(msg)
	if !ok {
		return &v.err
	}
	c := m.Certificate
	if v.st == st13Established {
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
		v.resp, v.respCV = i, false
	} else {
		if string(c.Context) != string(r.ctx()) { // 8446-4.4.2-d (the parser already wants it empty here)
			return v.root(ca.CheckContextNotEchoed, "", 0, "", parser.HeaderLen, len(c.Context))
		}
		v.st = st13ClientCert
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

// clientCertPlace returns the request a client Certificate may answer here
// (the main one; post-handshake, the caller matches the context), or why
// none.
func (v *Validator) clientCertPlace(t ca.HandshakeType) (*request, error) {
	switch v.st {
	case st13ServerFinished, st13EOED:
		if !v.requested { // 8446-4.4.2-b: only in answer to a request
			return nil, v.unexpected(t, "8446-4.4.2-b")
		}
		return &v.main, nil
	case st13Established:
		switch {
		case v.resp >= 0: // 8446-4.6.2-c: not inside another response
			return nil, v.unexpected(t, "8446-4.6.2-c")
		case v.nPending == 0: // 8446-4.4.2-b
			return nil, v.unexpected(t, "8446-4.4.2-b")
		}
		return nil, nil
	}
	return nil, v.unexpected(t, "8446-4-a")
}

func (v *Validator) clientFinished13(t ca.HandshakeType, msg []byte) error {
	st := v.st
	switch {
	case st == st13ClientCV || st == st13ClientCert && !v.needCV:
	case (st == st13ServerFinished || st == st13EOED) && !v.requested:
	case (st == st13ServerFinished || st == st13EOED) && v.requested: // 8446-4.4.2-b: a request is answered with a Certificate
		return v.unexpected(t, "8446-4.4.2-b")
	case st == st13ClientCert: // 8446-4.4.3-a: a non-empty Certificate needs its CertificateVerify
		return v.unexpected(t, "8446-4.4.3-a")
	case st == st13Established && v.resp >= 0 && (v.respCV || !v.needCV):
	case st == st13Established && v.resp >= 0: // 8446-4.4.3-a, 8446-4.6.2-b
		return v.unexpected(t, "8446-4.4.3-a")
	default:
		return v.unexpected(t, "8446-4-a")
	}
	if _, ok := v.parse(msg); !ok {
		return &v.err
	}
	if st == st13Established {
		v.nPending--
		v.pending[v.resp] = v.pending[v.nPending] // the order of unanswered requests does not matter
		v.resp = -1
		return nil
	}
	v.st = st13Established
	return nil
}

// compressed13 takes a CompressedCertificate (RFC 8879) where a Certificate
// may come, with an algorithm the receiver offered, and then waits for the
// caller to feed the Certificate it inflates to (certcompress.Decompress).
func (v *Validator) compressed13(fromServer bool, msg []byte) error {
	t := ca.TypeCompressedCertificate
	if fromServer {
		if err := v.serverCertPlace(t); err != nil {
			return err
		}
	} else if _, err := v.clientCertPlace(t); err != nil {
		return err
	}
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
	if v.cfg.vers() != ca.VersionTLS13 {
		req = "5246-7.4.8-c"
	}
	if suits, known := schemeSuits(v.cfg.vers(), alg, v.clientKey); known && !suits {
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
	switch t {
	case ca.TypeCertificateRequest:
		return ca.ContainerCR
	case ca.TypeCertificate:
		return ca.ContainerCT
	case ca.TypeCertificateVerify:
		return ca.ContainerCV
	case ca.TypeClientKeyExchange:
		return ca.ContainerCKE
	case ca.TypeServerHelloDone:
		return ca.ContainerSHD
	case ca.TypeFinished:
		return ca.ContainerFinished
	case ca.TypeCompressedCertificate:
		return ca.ContainerCC
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
