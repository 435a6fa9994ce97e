// Package flow checks the client-authentication rules that span messages:
// order, the CertificateRequest's context echoed by the client, the
// CertificateVerify algorithm among those requested, the client's key among
// the requested certificate types, CertificateEntry extensions only where the
// request asked, and post-handshake authentication.
//
// A Validator is fed whole handshake messages as they go by, in order, both
// directions, and parses each itself, so it sees what a stack sees. It keeps
// fixed-size state and allocates nothing per message. Messages outside client
// authentication (ServerKeyExchange, EncryptedExtensions, NewSessionTicket,
// KeyUpdate) are fed too where order matters and otherwise ignored.
package flow

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
	"github.com/clientauth/clientauth/parser"
)

// Config is what the handshake negotiated before client authentication.
type Config struct {
	Version     ca.Version
	Profile     ca.Profile
	KeyExchange ca.KeyExchange // TLS ≤1.2
	FinishedLen int
	CertType    ca.CertificateType
	// PSK: the TLS 1.3 main handshake authenticates with a PSK, so the
	// server sends neither Certificate nor CertificateRequest.
	PSK bool
	// PostHandshakeAuth: the client offered post_handshake_auth.
	PostHandshakeAuth bool
}

// MaxContexts bounds the post-handshake requests a connection may make; a
// server that asks more often is refused rather than let state grow.
const MaxContexts = 32

// maxSchemes bounds the stored signature_algorithms: 2^16-2 bytes of them.
const maxSchemes = 32767

type phase uint8

const (
	start            phase = iota
	serverCert             // TLS ≤1.2: after the server Certificate (or SKE)
	serverDone             // TLS ≤1.2: after ServerHelloDone
	clientCert             // after the client Certificate
	clientKex              // TLS ≤1.2: after ClientKeyExchange
	clientCV               // after the client CertificateVerify
	afterEE                // TLS 1.3: after EncryptedExtensions
	afterCR                // TLS 1.3: after the main CertificateRequest
	srvCertificate13       // TLS 1.3: after the server Certificate
	srvVerify13            // TLS 1.3: after the server CertificateVerify
	srvFinished            // TLS 1.3: after the server Finished
	established            // after the client Finished
	done                   // a violation was found; everything after is refused
)

// Validator follows one connection. The zero value is not usable: use New.
type Validator struct {
	cfg   Config
	p     parser.Parser
	phase phase

	requested   bool // a CertificateRequest is outstanding or was answered in this flight
	emptyCert   bool // the client's Certificate had no entries
	certTypes   [256]bool
	schemes     [maxSchemes]ca.SignatureScheme
	nSchemes    int
	entryExts   [8]ca.ExtensionType // entry extensions the request asked for
	nEntryExts  int
	context     [255]byte
	contextLen  int
	contexts    [MaxContexts][256]byte // [0] is the length
	nContexts   int
	postRequest bool // answering a post-handshake request

	serverFinished bool // TLS ≤1.2: the server's Finished came

	err ca.Error
}

// New returns a validator for a connection negotiated as cfg.
func New(cfg Config) *Validator {
	v := &Validator{cfg: cfg}
	v.p.Params = ca.Params{Version: cfg.Version, Profile: cfg.Profile, KeyExchange: cfg.KeyExchange,
		FinishedLen: cfg.FinishedLen, CertType: cfg.CertType}
	return v
}

// Done reports whether the client's Finished has been seen (the main
// handshake, or the last post-handshake response, is complete) and no
// post-handshake request is waiting for its answer.
func (v *Validator) Done() bool { return v.phase == established && !v.postRequest }

func (v *Validator) fail(check ca.CheckID, req ca.Requirement, alert ca.Alert, field string, value int) error {
	v.phase = done
	v.err.SetCheck(check, "flow", field, [3]int32{}, -1, value)
	v.err.Requirement, v.err.Alert = req, alert
	return &v.err
}

func (v *Validator) unexpected(t ca.HandshakeType, req ca.Requirement) error {
	return v.fail(ca.CheckUnexpectedType, req, ca.AlertUnexpectedMessage, "msg_type", int(t))
}

// Feed takes the next handshake message (header included) and whether the
// server sent it. It returns nil or the error naming the alert to send; after
// an error the connection is over and every later message is refused.
func (v *Validator) Feed(fromServer bool, msg []byte) error {
	if v.phase == done {
		return &v.err
	}
	h, ok := parser.ParseHeader(msg)
	if !ok {
		return v.fail(ca.CheckTruncated, "8446-6-a", ca.AlertDecodeError, "length", 0)
	}
	v.p.Params.FromServer = fromServer
	v.p.Params.PostHandshake = v.cfg.Version == ca.VersionTLS13 && (v.phase == established || v.postRequest)
	if v.cfg.Version == ca.VersionTLS13 {
		return v.feed13(fromServer, h.Type, msg)
	}
	return v.feed12(fromServer, h.Type, msg)
}

// parse runs the single-message checks; a failure there ends the flow too.
func (v *Validator) parse(msg []byte) (parser.Message, error) {
	m, err := v.p.Parse(msg)
	if err != nil {
		v.phase = done
		v.err = *err.(*ca.Error)
		return m, &v.err
	}
	return m, nil
}

func (v *Validator) feed12(fromServer bool, t ca.HandshakeType, msg []byte) error {
	switch {
	case fromServer && t == ca.TypeCertificate && v.phase == start:
		v.phase = serverCert
	case fromServer && t == ca.TypeServerKeyExchange && v.phase <= serverCert:
		v.phase = serverCert
	case fromServer && t == ca.TypeCertificateRequest:
		if v.phase != serverCert || v.requested { // 5246-7.4.4-a
			return v.unexpected(t, "5246-7.4.4-a")
		}
		m, err := v.parse(msg)
		if err != nil {
			return err
		}
		v.remember(m.CertificateRequest)
		v.requested = true
	case fromServer && t == ca.TypeServerHelloDone:
		if v.phase > serverCert {
			return v.unexpected(t, "8446-4-a")
		}
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase = serverDone
	case !fromServer && t == ca.TypeCertificate:
		if v.phase != serverDone || !v.requested { // 5246-7.4.6-a
			return v.unexpected(t, "5246-7.4.6-a")
		}
		m, err := v.parse(msg)
		if err != nil {
			return err
		}
		v.phase = clientCert
		v.emptyCert = m.Certificate.Entries.Len() == 0
		if !v.emptyCert && v.cfg.CertType == ca.CertTypeX509 {
			if err := v.keyFits(m.Certificate); err != nil {
				return err
			}
		}
	case !fromServer && t == ca.TypeClientKeyExchange:
		// 5246-7.4.7-a: right after the client Certificate, or first after
		// ServerHelloDone when none was requested.
		if !(v.phase == clientCert || v.phase == serverDone && !v.requested) {
			return v.unexpected(t, "5246-7.4.7-a")
		}
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase = clientKex
	case !fromServer && t == ca.TypeCertificateVerify:
		if v.phase != clientKex || !v.requested || v.emptyCert { // 5246-7.4.8-a
			return v.unexpected(t, "5246-7.4.8-a")
		}
		m, err := v.parse(msg)
		if err != nil {
			return err
		}
		if v.cfg.Version == ca.VersionTLS12 && !v.offered(m.CertificateVerify.Algorithm) { // 5246-7.4.8-c
			return v.fail(ca.CheckCVAlgorithmNotRequested, "5246-7.4.8-c", ca.AlertIllegalParameter, "algorithm", int(m.CertificateVerify.Algorithm))
		}
		v.phase = clientCV
	case !fromServer && t == ca.TypeFinished:
		// A client that was asked and sent a certificate must have proved
		// it first (5246-7.4.8-a).
		if v.phase != clientKex && v.phase != clientCV || v.phase == clientKex && v.requested && !v.emptyCert {
			return v.unexpected(t, "5246-7.4.8-a")
		}
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase = established
	case fromServer && t == ca.TypeFinished && v.phase == established && !v.serverFinished:
		v.serverFinished = true
		_, err := v.parse(msg)
		return err
	default:
		return v.unexpected(t, "8446-4-a")
	}
	return nil
}

func (v *Validator) feed13(fromServer bool, t ca.HandshakeType, msg []byte) error {
	switch {
	case fromServer && t == ca.TypeEncryptedExtensions && v.phase == start:
		v.phase = afterEE
	case fromServer && t == ca.TypeCertificateRequest:
		switch {
		case v.phase == afterEE && v.cfg.PSK: // 8446-4.3.2-j
			return v.unexpected(t, "8446-4.3.2-j")
		case v.phase == afterEE:
		case v.phase == established && !v.postRequest:
			if !v.cfg.PostHandshakeAuth { // 8446-4.6.2-d
				return v.unexpected(t, "8446-4.6.2-d")
			}
			v.postRequest = true
			v.p.Params.PostHandshake = true
		default: // 8446-4.3.2-a: right after EncryptedExtensions
			return v.unexpected(t, "8446-4.3.2-a")
		}
		m, err := v.parse(msg)
		if err != nil {
			return err
		}
		cr := m.CertificateRequest
		if v.postRequest {
			if err := v.newContext(cr.Context); err != nil {
				return err
			}
		}
		v.remember(cr)
		v.requested = true
		if v.phase == afterEE {
			v.phase = afterCR
		}
	case fromServer && t == ca.TypeCertificate && (v.phase == afterEE || v.phase == afterCR) && !v.cfg.PSK:
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase = srvCertificate13
	case fromServer && t == ca.TypeCertificateVerify && v.phase == srvCertificate13:
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase = srvVerify13
	case fromServer && t == ca.TypeFinished && (v.phase == srvVerify13 || v.phase == afterEE && v.cfg.PSK):
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase = srvFinished
	case fromServer && (t == ca.TypeNewSessionTicket || t == ca.TypeKeyUpdate) && v.phase == established:
	case !fromServer && t == ca.TypeCertificate:
		// 8446-4.4.2-b: only in answer to a request; 8446-4.6.2-c: a
		// post-handshake answer starts with it.
		if !v.requested || !(v.phase == srvFinished || v.phase == established && v.postRequest) {
			return v.unexpected(t, "8446-4.4.2-b")
		}
		m, err := v.parse(msg)
		if err != nil {
			return err
		}
		c := m.Certificate
		if string(c.Context) != string(v.context[:v.contextLen]) { // 8446-4.4.2-d
			return v.fail(ca.CheckContextNotEchoed, "8446-4.4.2-d", ca.AlertIllegalParameter, "certificate_request_context", len(c.Context))
		}
		if err := v.entryExtensions(c); err != nil {
			return err
		}
		v.emptyCert = c.Entries.Len() == 0
		v.phase = clientCert
	case !fromServer && t == ca.TypeCertificateVerify:
		if v.phase != clientCert || v.emptyCert { // 8446-4.4.3-a
			return v.unexpected(t, "8446-4.4.3-a")
		}
		m, err := v.parse(msg)
		if err != nil {
			return err
		}
		if !v.offered(m.CertificateVerify.Algorithm) { // 8446-4.4.3-e
			return v.fail(ca.CheckCVAlgorithmNotRequested, "8446-4.4.3-e", ca.AlertIllegalParameter, "algorithm", int(m.CertificateVerify.Algorithm))
		}
		v.phase = clientCV
	case !fromServer && t == ca.TypeFinished:
		// 8446-4.4.3-a, 8446-4.6.2-c: Certificate, CertificateVerify and
		// Finished back to back; a non-empty Certificate needs its proof.
		ok := v.phase == clientCV || v.phase == clientCert && v.emptyCert || v.phase == srvFinished && !v.requested
		if !ok {
			return v.unexpected(t, "8446-4.6.2-c")
		}
		if _, err := v.parse(msg); err != nil {
			return err
		}
		v.phase, v.requested, v.postRequest, v.contextLen = established, false, false, 0
	default:
		if v.postRequest && !fromServer { // 8446-4.6.2-c: nothing else in between
			return v.unexpected(t, "8446-4.6.2-c")
		}
		return v.unexpected(t, "8446-4-a")
	}
	return nil
}

// remember copies what later messages are checked against out of the
// request (whose bytes the caller may reuse).
func (v *Validator) remember(cr parser.CertificateRequest) {
	v.certTypes = [256]bool{}
	for _, t := range cr.CertificateTypes {
		v.certTypes[t] = true
	}
	v.nSchemes = 0
	for _, s := range cr.SignatureAlgorithms.All() {
		if v.nSchemes < maxSchemes {
			v.schemes[v.nSchemes] = s
			v.nSchemes++
		}
	}
	v.nEntryExts = 0
	for _, e := range cr.Extensions.All() {
		info, ok := ca.LookupExtension(e.Type)
		if ok && info.InCT != 0 && v.nEntryExts < len(v.entryExts) {
			v.entryExts[v.nEntryExts] = e.Type
			v.nEntryExts++
		}
	}
	v.contextLen = copy(v.context[:], cr.Context)
}

func (v *Validator) offered(s ca.SignatureScheme) bool {
	for _, o := range v.schemes[:v.nSchemes] {
		if o == s {
			return true
		}
	}
	return false
}

// newContext records a post-handshake context: non-empty and never seen on
// this connection (8446-4.3.2-c), so a CertificateVerify cannot be replayed.
func (v *Validator) newContext(c []byte) error {
	if len(c) == 0 {
		return v.fail(ca.CheckContextReused, "8446-4.3.2-c", ca.AlertIllegalParameter, "certificate_request_context", 0)
	}
	for i := range v.nContexts {
		if int(v.contexts[i][0]) == len(c) && string(v.contexts[i][1:1+len(c)]) == string(c) {
			return v.fail(ca.CheckContextReused, "8446-4.3.2-c", ca.AlertIllegalParameter, "certificate_request_context", len(c))
		}
	}
	if v.nContexts == MaxContexts {
		return v.fail(ca.CheckContextReused, "8446-4.3.2-c", ca.AlertInternalError, "certificate_request_context", MaxContexts)
	}
	v.contexts[v.nContexts][0] = byte(len(c))
	copy(v.contexts[v.nContexts][1:], c)
	v.nContexts++
	return nil
}

// entryExtensions: a client's CertificateEntry may carry only extensions the
// request carried (8446-4.4.2-e, 8446-4.2-a).
func (v *Validator) entryExtensions(c parser.Certificate) error {
	for _, e := range c.Entries.All() {
		for _, x := range e.Extensions.All() {
			asked := false
			for _, t := range v.entryExts[:v.nEntryExts] {
				asked = asked || t == x.Type
			}
			if !asked {
				return v.fail(ca.CheckUnrequestedExtension, "8446-4.4.2-e", ca.AlertUnsupportedExtension, "extension_type", int(x.Type))
			}
		}
	}
	return nil
}

// Key types by SubjectPublicKeyInfo algorithm OID (contents), and the
// ClientCertificateType that admits them (RFC 5246 §7.4.4, RFC 8422 §5.5:
// ecdsa_sign also covers EdDSA keys).
var keyTypes = []struct {
	oid  string
	kind ca.ClientCertificateType
}{
	{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", 1}, // rsaEncryption: rsa_sign
	{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a", 1}, // RSASSA-PSS: rsa_sign
	{"\x2a\x86\x48\xce\x38\x04\x01", 2},         // id-dsa: dss_sign
	{"\x2a\x86\x48\xce\x3d\x02\x01", 64},        // id-ecPublicKey: ecdsa_sign
	{"\x2b\x65\x70", 64}, {"\x2b\x65\x71", 64},  // Ed25519, Ed448
}

// keyFits checks the leaf's key against certificate_types (5246-7.4.4-e).
func (v *Validator) keyFits(c parser.Certificate) error {
	leaf := c.Entries.At(0)
	oid, ok := spkiAlgorithm(leaf.Data)
	if !ok {
		return v.fail(ca.CheckLeafUnreadable, "5246-7.4.6-d", ca.AlertBadCertificate, "certificate_list[0]", 0)
	}
	for _, k := range keyTypes {
		if k.oid == string(oid) {
			if v.certTypes[k.kind] {
				return nil
			}
			break
		}
	}
	return v.fail(ca.CheckKeyTypeNotRequested, "5246-7.4.4-e", ca.AlertUnsupportedCertificate, "certificate_list[0]", 0)
}

// spkiAlgorithm reads the public key algorithm OID from a DER certificate:
// Certificate → tbsCertificate → [version], serial, signature, issuer,
// validity, subject, subjectPublicKeyInfo → algorithm → OID.
func spkiAlgorithm(cert []byte) ([]byte, bool) {
	_, body, _, ok := der.Next(cert)
	if !ok {
		return nil, false
	}
	_, tbs, _, ok := der.Next(body)
	if !ok {
		return nil, false
	}
	tag, _, rest, ok := der.Next(tbs)
	if ok && tag == 0xa0 { // explicit version
		tbs = rest
	}
	for range 5 { // serial, signature, issuer, validity, subject
		if _, _, tbs, ok = der.Next(tbs); !ok {
			return nil, false
		}
	}
	_, spki, _, ok := der.Next(tbs)
	if !ok {
		return nil, false
	}
	_, alg, _, ok := der.Next(spki)
	if !ok {
		return nil, false
	}
	tag, oid, _, ok := der.Next(alg)
	return oid, ok && tag == 0x06
}
