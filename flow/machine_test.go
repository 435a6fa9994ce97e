package flow_test

import (
	"errors"
	"sort"
	"testing"

	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/flow"
)

// reqModel is what the model's server asked for in one CertificateRequest.
type reqModel struct {
	ctx     []byte
	schemes []ca.SignatureScheme
	types   []ca.ClientCertificateType
	ask     []ca.ExtensionType
}

// ev is one message the model's conforming peers will send, with what the
// model knows of it.
type ev struct {
	msg
	kind string // scert, status, ske, cr, shd, ccert, cke, cv, cfin, nst, sfin, ee, scv, eoed, hr, ch, sh
	opt  bool   // leaving it out keeps the flight conforming
	req  *reqModel
	key  *key // the client's key, for ccert and cv (nil: empty Certificate)
	post bool // part of a post-handshake response
}

// machine is a rapid state machine: a model of a conforming client and
// server produces the next message; rapid interleaves conforming steps,
// post-handshake requests and answers (in any order), server chatter, and at
// most one injected deviation, whose refusal (and alert) the model
// predicts. The validator must accept every conforming message, refuse the
// deviation, and be Done exactly when the model says the connection owes
// nothing.
type machine struct {
	cfg      flow.Config
	ver      ca.Version
	v        *flow.Validator
	queue    []ev // conforming messages still to come, in order
	last     *ev  // the last message fed
	mainDone bool // TLS 1.3: the client's Finished of the main handshake was fed
	pending  []*reqModel
	used     [][]byte // every post-handshake context so far
	nextCtx  int
	dead     bool
	fed      int // messages fed
	// deviateAt spreads deviations over the whole connection: without it
	// most would hit the first few messages.
	deviateAt int
}

func (m *machine) init(t *rapid.T) {
	m.ver = rapid.SampledFrom(ca.Versions).Draw(t, "version")
	m.cfg = flow.Config{Params: ca.Params{Version: m.ver, KeyExchange: ca.KexECDHE}}
	m.v = flow.New(m.cfg)
	m.deviateAt = rapid.IntRange(0, 24).Draw(t, "deviate after")
	k := drawKey(t)
	if m.ver == ca.VersionTLS13 {
		m.init13(t, k)
	} else {
		m.init12(t, k)
	}
	m.v.Reset(m.cfg)
}

// drawKey is the client's key for one handshake, or nil (none).
func drawKey(t *rapid.T) *key {
	if !rapid.Bool().Draw(t, "client has a key") {
		return nil
	}
	k := rapid.SampledFrom(keys).Draw(t, "client key")
	return &k
}

// drawRequest lists a random subset of the pool that includes a scheme k
// signs with (when k is set).
func drawRequest(t *rapid.T, v ca.Version, k *key, label string) *reqModel {
	pool := schemePool(v)
	var r reqModel
	for _, s := range pool {
		if rapid.Bool().Draw(t, label+" lists scheme") {
			r.schemes = append(r.schemes, s)
		}
	}
	if k != nil {
		own := k.schemes(v)
		if s := rapid.SampledFrom(own).Draw(t, label+" scheme for the key"); !contains(r.schemes, s) {
			r.schemes = append(r.schemes, s)
		}
	} else if len(r.schemes) == 0 {
		r.schemes = pool[:1]
	}
	return &r
}

func (m *machine) init12(t *rapid.T, k *key) {
	v := m.ver
	request := rapid.Bool().Draw(t, "request")
	if !request {
		k = nil
	}
	m.queue = append(m.queue, ev{msg: certificate(v, true, false, nil, entry(keyNamed("rsa").cert)), kind: "scert"})
	if rapid.Bool().Draw(t, "certificate status") {
		m.queue = append(m.queue, ev{msg: msg{true, certificateStatus}, kind: "status", opt: true})
	}
	if rapid.Bool().Draw(t, "server key exchange") {
		m.queue = append(m.queue, ev{msg: msg{true, serverKeyExchange}, kind: "ske", opt: true})
	}
	var r *reqModel
	if request {
		r = drawRequest(t, v, k, "request")
		for _, ct := range []ca.ClientCertificateType{1, 2, 64} {
			if rapid.Bool().Draw(t, "certificate type") || k != nil && k.certType == ct {
				r.types = append(r.types, ct)
			}
		}
		if len(r.types) == 0 {
			r.types = []ca.ClientCertificateType{1}
		}
		m.queue = append(m.queue, ev{msg: request12(v, r.types, r.schemes), kind: "cr", req: r})
	}
	m.queue = append(m.queue, ev{msg: serverHelloDone, kind: "shd"})
	// 4346-7.4.6-a: a TLS 1.0/1.1 client without a certificate may send no
	// Certificate at all.
	omit := k == nil && v < ca.VersionTLS12 && rapid.Bool().Draw(t, "omit certificate")
	if request && !omit {
		c := certificate(v, false, false, nil)
		if k != nil {
			c = certificate(v, false, false, nil, entry(k.cert))
		}
		m.queue = append(m.queue, ev{msg: c, kind: "ccert", req: r, key: k})
	}
	m.queue = append(m.queue, ev{msg: clientKeyExchange(v), kind: "cke"})
	if k != nil {
		m.queue = append(m.queue, ev{msg: verify(v, false, false, m.pick(t, r, k)), kind: "cv", req: r, key: k})
	}
	m.queue = append(m.queue, ev{msg: finished(v, false), kind: "cfin"})
	for range rapid.IntRange(0, 2).Draw(t, "tickets") {
		m.queue = append(m.queue, ev{msg: msg{true, newSessionTicket}, kind: "nst", opt: true})
	}
	m.queue = append(m.queue, ev{msg: finished(v, true), kind: "sfin"})
}

// pick draws a scheme the request listed and the key signs with.
func (m *machine) pick(t *rapid.T, r *reqModel, k *key) ca.SignatureScheme {
	var ok []ca.SignatureScheme
	for _, s := range k.schemes(m.ver) {
		if contains(r.schemes, s) {
			ok = append(ok, s)
		}
	}
	return rapid.SampledFrom(ok).Draw(t, "scheme")
}

func (m *machine) init13(t *rapid.T, k *key) {
	v := ca.VersionTLS13
	m.cfg.PostHandshakeAuth = rapid.IntRange(0, 3).Draw(t, "post_handshake_auth offered") > 0
	if rapid.IntRange(0, 4).Draw(t, "psk") == 0 {
		m.cfg.PSK = flow.ResumptionPSK
	}
	m.queue = append(m.queue, ev{msg: msg{true, encryptedExtensions}, kind: "ee"})
	if m.cfg.PSK != flow.NoPSK {
		m.queue = append(m.queue, ev{msg: finished(v, true), kind: "sfin"})
		if rapid.Bool().Draw(t, "early data") {
			m.queue = append(m.queue, ev{msg: msg{false, endOfEarlyData}, kind: "eoed", opt: true})
		}
		m.queue = append(m.queue, ev{msg: finished(v, false), kind: "cfin"})
		return
	}
	var r *reqModel
	if rapid.Bool().Draw(t, "request") {
		r = drawRequest(t, v, k, "request")
		r.ask = drawAsk(t, "request")
		m.queue = append(m.queue, ev{msg: request13(nil, r.schemes, r.ask...), kind: "cr", req: r})
	}
	m.queue = append(m.queue,
		ev{msg: certificate(v, true, false, nil, entry(keyNamed("p256").cert)), kind: "scert"},
		ev{msg: verify(v, true, false, 0x0403), kind: "scv"},
		ev{msg: finished(v, true), kind: "sfin"})
	if r != nil {
		m.queue = append(m.queue, m.response(t, r, k, false)...)
	} else {
		m.queue = append(m.queue, ev{msg: finished(v, false), kind: "cfin"})
	}
}

func drawAsk(t *rapid.T, label string) []ca.ExtensionType {
	var ask []ca.ExtensionType
	for _, x := range []ca.ExtensionType{5, 18} {
		if rapid.Bool().Draw(t, label+" asks for entry extension") {
			ask = append(ask, x)
		}
	}
	return ask
}

// response is the client's answer to r: Certificate (with some of the asked
// entry extensions), CertificateVerify when k is set, Finished.
func (m *machine) response(t *rapid.T, r *reqModel, k *key, post bool) []ev {
	v := ca.VersionTLS13
	var send []ca.ExtensionType
	for _, x := range r.ask {
		if rapid.Bool().Draw(t, "entry carries asked extension") {
			send = append(send, x)
		}
	}
	c := certificate(v, false, post, r.ctx)
	if k != nil {
		c = certificate(v, false, post, r.ctx, entry(k.cert, send...))
	}
	out := []ev{{msg: c, kind: "ccert", req: r, key: k, post: post}}
	if k != nil {
		out = append(out, ev{msg: verify(v, false, post, m.pick(t, r, k)), kind: "cv", req: r, key: k, post: post})
	}
	return append(out, ev{msg: finished(v, false), kind: "cfin", req: r, post: post})
}

func (m *machine) feed(t *rapid.T, e ev) {
	if err := m.v.Feed(e.server, e.b); err != nil {
		t.Fatalf("conforming %s refused: %v", e.kind, err)
	}
	m.last = &e
	m.fed++
	if m.ver == ca.VersionTLS13 && e.kind == "cfin" {
		if e.post {
			for i, p := range m.pending {
				if p == e.req {
					m.pending = append(m.pending[:i], m.pending[i+1:]...)
					break
				}
			}
		} else {
			m.mainDone = true
		}
	}
}

// Step sends the next conforming message.
func (m *machine) Step(t *rapid.T) {
	if m.dead || len(m.queue) == 0 {
		t.Skip("nothing queued")
	}
	e := m.queue[0]
	m.queue = m.queue[1:]
	m.feed(t, e)
}

func (m *machine) phaOpen() bool { return m.ver == ca.VersionTLS13 && m.mainDone && !m.dead }

func (m *machine) freshContext(t *rapid.T) []byte {
	m.nextCtx++
	tail := rapid.SliceOfN(rapid.Byte(), 0, 6).Draw(t, "context tail")
	return append([]byte{byte(m.nextCtx >> 8), byte(m.nextCtx)}, tail...)
}

// Renegotiate (TLS ≤1.2): after a complete handshake the client starts
// another (5246-7.4.1.2-a), asked for by a HelloRequest or not, drawn like
// the first: its client authentication owes nothing to the first's.
func (m *machine) Renegotiate(t *rapid.T) {
	if m.ver == ca.VersionTLS13 || m.dead || len(m.queue) > 0 {
		t.Skip("no complete TLS ≤1.2 handshake")
	}
	if rapid.Bool().Draw(t, "asked for by a HelloRequest") {
		m.feed(t, ev{msg: msg{true, helloRequest}, kind: "hr"})
	}
	// Fed now: until the ClientHello the connection owes nothing. The
	// validator needs no ServerHello to place what follows it.
	m.feed(t, ev{msg: msg{false, clientHello}, kind: "ch"})
	m.queue = append(m.queue, ev{msg: msg{true, serverHello}, kind: "sh", opt: true})
	m.init12(t, drawKey(t))
	renegotiations++
}

// HelloRequest (TLS ≤1.2): the server may send one at any time; a client
// inside a handshake ignores it, one after it may (5246-7.4.1.1-a).
func (m *machine) HelloRequest(t *rapid.T) {
	if m.ver == ca.VersionTLS13 || m.dead {
		t.Skip("TLS 1.3, or refused")
	}
	m.feed(t, ev{msg: msg{true, helloRequest}, kind: "hr"})
}

// Request: the server asks for (more) post-handshake authentication.
func (m *machine) Request(t *rapid.T) {
	if !m.phaOpen() || !m.cfg.PostHandshakeAuth || len(m.pending) == flow.MaxPending {
		t.Skip("no post-handshake request possible")
	}
	r := drawRequest(t, ca.VersionTLS13, nil, "post-handshake request")
	r.ctx = m.freshContext(t)
	r.ask = drawAsk(t, "post-handshake request")
	m.used = append(m.used, r.ctx)
	m.feed(t, ev{msg: request13(r.ctx, r.schemes, r.ask...), kind: "cr", req: r})
	m.pending = append(m.pending, r)
}

// Answer: the client starts answering an unanswered request of its choice
// (8446-4.6.2-e: in any order).
func (m *machine) Answer(t *rapid.T) {
	if !m.phaOpen() || len(m.queue) > 0 || len(m.pending) == 0 {
		t.Skip("nothing to answer")
	}
	r := rapid.SampledFrom(m.pending).Draw(t, "request answered")
	var can []*key
	for i := range keys {
		for _, s := range keys[i].tls13 {
			if contains(r.schemes, s) {
				can = append(can, &keys[i])
				break
			}
		}
	}
	var k *key
	if len(can) > 0 && rapid.Bool().Draw(t, "answer with a certificate") {
		k = rapid.SampledFrom(can).Draw(t, "answer key")
	}
	m.queue = m.response(t, r, k, true)
}

// Chatter: after the handshake the server may send NewSessionTicket or
// KeyUpdate at any time, even inside a client's response; the client may
// send KeyUpdate between responses.
func (m *machine) Chatter(t *rapid.T) {
	if !m.phaOpen() {
		t.Skip("handshake not complete")
	}
	switch {
	case rapid.Bool().Draw(t, "server"):
		m.feed(t, ev{msg: msg{true, rapid.SampledFrom([][]byte{newSessionTicket, keyUpdate}).Draw(t, "message")}, kind: "chatter"})
	case len(m.queue) == 0:
		m.feed(t, ev{msg: msg{false, keyUpdate}, kind: "chatter"})
	default:
		t.Skip("client inside a response")
	}
}

type deviation struct {
	name  string
	alert ca.Alert
	req   ca.Requirement // "" when more than one rule may be the first to fire
	// msgs are fed in order; the validator must refuse one of them. With
	// drain set, running out of messages is allowed instead if the
	// validator is then not Done.
	msgs  []ev
	drain bool
}

// deviations lists those the model can inject now, with their predicted
// outcome.
func (m *machine) deviations(t *rapid.T) []deviation {
	var out []deviation
	v := m.ver
	cvReq := ca.Requirement("5246-7.4.8-c")
	listedReq, afterEmpty := cvReq, ca.Requirement("5246-7.4.8-a")
	if v == ca.VersionTLS13 {
		listedReq, cvReq, afterEmpty = "8446-4.4.3-e", "8446-4.4.3-f", "8446-4.4.3-a"
	}
	q := m.queue
	// Repeat the last message: harmless only for chatter.
	// A HelloRequest may come any number of times, hellos repeat at the
	// start (the validator does not read them).
	if l := m.last; l != nil && l.kind != "chatter" && l.kind != "nst" && l.kind != "hr" && l.kind != "ch" && l.kind != "sh" {
		d := deviation{name: "duplicate " + l.kind, alert: ca.AlertUnexpectedMessage, msgs: []ev{*l}}
		if l.kind == "cr" && l.req.ctx != nil {
			d.alert, d.req = ca.AlertIllegalParameter, "8446-4.3.2-c"
		}
		out = append(out, d)
	}
	// Leave out the next message.
	if len(q) > 0 && !q[0].opt {
		rest := append([]ev{}, q[1:]...)
		d := deviation{name: "drop " + q[0].kind, alert: ca.AlertUnexpectedMessage, msgs: rest, drain: true}
		skip := false
		switch {
		case q[0].kind == "scert" && v != ca.VersionTLS13:
			hasCR := false
			for _, e := range rest {
				hasCR = hasCR || e.kind == "cr"
			}
			switch {
			case len(rest) > 0 && rest[0].kind == "status":
			case hasCR: // 5246-7.4.4-f
				d.alert, d.req = ca.AlertHandshakeFailure, "5246-7.4.4-f"
			default:
				skip = true // an anonymous server asking nothing conforms
			}
		case q[0].kind == "cr" && v != ca.VersionTLS13:
			skip = true
			for _, e := range rest {
				skip = skip && e.kind != "ccert"
			}
		case q[0].kind == "ccert" && v < ca.VersionTLS12 && q[0].key == nil:
			skip = true // 4346-7.4.6-a
		}
		if !skip {
			out = append(out, d)
		}
	}
	// Swap the next two.
	if len(q) > 1 && q[0].kind != q[1].kind && q[0].kind != "hr" && q[1].kind != "hr" {
		d := deviation{name: "swap " + q[0].kind + " " + q[1].kind, alert: ca.AlertUnexpectedMessage, msgs: append([]ev{q[1], q[0]}, q[2:]...), drain: true}
		if q[0].kind == "scert" && q[1].kind == "cr" && v != ca.VersionTLS13 {
			d.alert, d.req = ca.AlertHandshakeFailure, "5246-7.4.4-f"
		}
		out = append(out, d)
	}
	if len(q) > 0 && q[0].kind == "ccert" && q[0].post {
		bad := certificate(ca.VersionTLS13, false, true, []byte{0xff, 0xff, 0xff}, entry(keys[0].cert))
		out = append(out, deviation{name: "context not echoed", alert: ca.AlertIllegalParameter, req: "8446-4.4.2-d", msgs: []ev{{msg: bad}}})
	}
	if len(q) > 0 && q[0].kind == "cv" && v >= ca.VersionTLS12 {
		var unlisted, unsuited []ca.SignatureScheme
		for _, s := range schemePool(v) {
			switch {
			case contains(q[0].key.schemes(v), s) && !contains(q[0].req.schemes, s):
				unlisted = append(unlisted, s)
			case !contains(q[0].key.schemes(v), s) && contains(q[0].req.schemes, s) && !m.sameFamily(s, *q[0].key):
				unsuited = append(unsuited, s)
			}
		}
		if len(unlisted) > 0 {
			s := rapid.SampledFrom(unlisted).Draw(t, "unlisted scheme")
			out = append(out, deviation{name: "CV scheme not listed", alert: ca.AlertIllegalParameter, req: listedReq,
				msgs: []ev{{msg: verify(v, false, q[0].post, s)}}})
		}
		if len(unsuited) > 0 {
			s := rapid.SampledFrom(unsuited).Draw(t, "unsuited scheme")
			out = append(out, deviation{name: "CV scheme not for the key", alert: ca.AlertIllegalParameter, req: cvReq,
				msgs: []ev{{msg: verify(v, false, q[0].post, s)}}})
		}
	}
	if v != ca.VersionTLS13 && rapid.IntRange(0, 3).Draw(t, "offer a client HelloRequest") == 0 { // it fits everywhere: not to crowd out the rest
		out = append(out, deviation{name: "client HelloRequest", alert: ca.AlertUnexpectedMessage, req: "5246-7.4.1.1-a",
			msgs: []ev{{msg: msg{false, helloRequest}}}})
		// After ServerHelloDone the validator is surely past the start,
		// where hellos are skipped.
		if len(q) > 0 && contains([]string{"ccert", "cke", "cv", "cfin", "nst", "sfin"}, q[0].kind) {
			out = append(out, deviation{name: "ClientHello inside a handshake", alert: ca.AlertUnexpectedMessage, req: "8446-4-a",
				msgs: []ev{{msg: msg{false, clientHello}}}})
		}
	}
	if m.phaOpen() {
		out = append(out, deviation{name: "TLS 1.3 ClientHello after the handshake", alert: ca.AlertUnexpectedMessage, req: "8446-4.1.2-a",
			msgs: []ev{{msg: msg{false, clientHello}}}},
			deviation{name: "TLS 1.3 HelloRequest", alert: ca.AlertUnexpectedMessage, req: "8446-4-a",
				msgs: []ev{{msg: msg{true, helloRequest}}}})
	}
	if m.phaOpen() && !m.cfg.PostHandshakeAuth {
		out = append(out, deviation{name: "post-handshake request not offered", alert: ca.AlertUnexpectedMessage, req: "8446-4.6.2-d",
			msgs: []ev{{msg: phaRequest([]byte{1})}}})
	}
	if m.phaOpen() && m.cfg.PostHandshakeAuth && len(m.used) > 0 {
		ctx := rapid.SampledFrom(m.used).Draw(t, "reused context")
		out = append(out, deviation{name: "post-handshake context reused", alert: ca.AlertIllegalParameter, req: "8446-4.3.2-c",
			msgs: []ev{{msg: phaRequest(ctx)}}})
	}
	if m.phaOpen() && m.cfg.PostHandshakeAuth && len(m.pending) == flow.MaxPending {
		out = append(out, deviation{name: "too many requests", alert: ca.AlertInternalError, req: "8446-4.6.2-e",
			msgs: []ev{{msg: phaRequest([]byte{0xfe, 0xfe})}}})
	}
	if l := m.last; l != nil && (l.kind == "ccert" && v == ca.VersionTLS13 || l.kind == "cke" && len(q) > 0 && q[0].kind == "cfin") && !m.needsCV() {
		out = append(out, deviation{name: "CV after an empty Certificate", alert: ca.AlertUnexpectedMessage, req: afterEmpty,
			msgs: []ev{{msg: verify(v, false, l.post, 0x0403)}}})
	}
	if len(q) > 0 && q[0].kind == "ccert" && v == ca.VersionTLS13 && q[0].key != nil {
		for _, x := range []ca.ExtensionType{5, 18} {
			if !contains(q[0].req.ask, x) {
				bad := certificate(v, false, q[0].post, q[0].req.ctx, entry(q[0].key.cert, x))
				out = append(out, deviation{name: "entry extension not asked", alert: ca.AlertUnsupportedExtension, req: "8446-4.4.2-e", msgs: []ev{{msg: bad}}})
				break
			}
		}
	}
	if len(q) > 0 && q[0].kind == "ccert" && v != ca.VersionTLS13 && q[0].key != nil {
		for _, k := range keys {
			if !contains(q[0].req.types, k.certType) {
				out = append(out, deviation{name: "key type not requested", alert: ca.AlertUnsupportedCertificate, req: "5246-7.4.4-e",
					msgs: []ev{{msg: certificate(v, false, false, nil, entry(k.cert))}}})
				break
			}
		}
	}
	if l := m.last; l != nil && l.kind == "ee" && m.cfg.PSK != flow.NoPSK {
		out = append(out, deviation{name: "request in a PSK handshake", alert: ca.AlertUnexpectedMessage, req: "8446-4.3.2-j",
			msgs: []ev{{msg: request13(nil, []ca.SignatureScheme{0x0403})}}})
	}
	if l := m.last; l != nil && l.kind == "ccert" && l.post && len(m.pending) > 1 {
		for _, p := range m.pending {
			if p != l.req {
				out = append(out, deviation{name: "responses interleaved", alert: ca.AlertUnexpectedMessage, req: "8446-4.6.2-c",
					msgs: []ev{{msg: certificate(ca.VersionTLS13, false, true, p.ctx)}}})
				break
			}
		}
	}
	return out
}

// needsCV: the client's last Certificate was non-empty (a CertificateVerify
// is owed), as the model knows it.
func (m *machine) needsCV() bool {
	for _, e := range m.queue {
		if e.kind == "cv" {
			return true
		}
	}
	return m.last != nil && m.last.kind == "ccert" && m.last.key != nil
}

// sameFamily: a scheme the key cannot sign with, but that schemeSuits may
// still accept for it (TLS 1.2 ECDSA pairs name no curve).
func (m *machine) sameFamily(s ca.SignatureScheme, k key) bool {
	return m.ver != ca.VersionTLS13 && k.certType == 64 && (s == 0x0403 || s == 0x0503 || s == 0x0603) && k.name != "ed25519"
}

// Deviate injects one deviation and checks the refusal the model predicts.
func (m *machine) Deviate(t *rapid.T) {
	if m.dead || m.fed < m.deviateAt {
		t.Skip("connection already refused, or not yet")
	}
	ds := m.deviations(t)
	if len(ds) == 0 {
		t.Skip("no deviation applies here")
	}
	d := rapid.SampledFrom(ds).Draw(t, "deviation")
	m.dead = true
	tried[d.name]++
	var err error
	for _, e := range d.msgs {
		if err = m.v.Feed(e.server, e.b); err != nil {
			break
		}
	}
	if err == nil {
		if d.drain && !m.v.Done() {
			return
		}
		t.Fatalf("%s: accepted (done=%v)", d.name, m.v.Done())
	}
	var fe *flow.Error
	if !errors.As(err, &fe) || fe.Alert() != d.alert || d.req != "" && fe.Requirement() != d.req {
		t.Fatalf("%s: want %v %s, got %v", d.name, d.alert, d.req, err)
	}
}

// Check is the invariant: Done exactly when the model owes nothing.
func (m *machine) Check(t *rapid.T) {
	if m.dead {
		return
	}
	want := len(m.queue) == 0 && len(m.pending) == 0
	if m.ver == ca.VersionTLS13 {
		want = want && m.mainDone
	}
	if got := m.v.Done(); got != want {
		t.Fatalf("Done = %v, model says %v (%d queued, %d pending)", got, want, len(m.queue), len(m.pending))
	}
}

// tried counts the deviations injected, by name, for the log;
// renegotiations counts the second (and later) handshakes drawn.
var (
	tried          = map[string]int{}
	renegotiations int
)

func TestStateMachine(t *testing.T) {
	clear(tried)
	renegotiations = 0
	// Renegotiation is drawn in a few runs in a hundred: a short run (-short
	// makes 20) may draw none, so it checks further batches, up to five,
	// before calling the action unreached.
	for batch := 0; batch < 5 && renegotiations == 0 && !t.Failed(); batch++ {
		rapid.Check(t, func(t *rapid.T) {
			m := &machine{}
			m.init(t)
			t.Repeat(rapid.StateMachineActions(m))
		})
	}
	names := make([]string, 0, len(tried))
	for n := range tried {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Logf("%6d  %s", tried[n], n)
	}
	t.Logf("%6d  renegotiations", renegotiations)
	if renegotiations == 0 {
		t.Error("no run renegotiated")
	}
}

// Wait sends nothing: a peer may pause anywhere, and a finished or refused
// connection has nothing left to do.
func (m *machine) Wait(t *rapid.T) {}
