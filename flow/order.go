package flow

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/bitset"
)

// The order of messages is data: per version, a list of edges, each saying
// in which states a message of one type from one side may come (under a
// guard on what the handshake has seen), which state it leads to and what
// the validator does with it, or which rule refuses it. The first edge that
// matches decides; a message no edge names is out of order (8446-4-a).

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
	st13PostCert // a post-handshake response: its Certificate came
	st13PostCV   // and its CertificateVerify
	numStates

	stay = numStates // an edge's target: the state does not change
)

// states is a set of states.
type states uint32

func of(s ...state) states { return bitset.Of[states](s...) }

const every = states(1<<numStates - 1)

var post13 = of(st13Established, st13PostCert, st13PostCV)

// side is who sent a message.
type side uint8

const (
	client side = iota
	server
)

// anyType in an edge matches every message: the enum's ceiling (255) names
// no handshake message.
const anyType ca.HandshakeType = 255

// guard is a condition on what the handshake has seen besides its state.
type guard uint8

const (
	always          guard = iota
	anonymous             // TLS ≤1.2: the server sent no Certificate
	requested             // the main handshake had a CertificateRequest
	notRequested          //
	needCV                // the client Certificate being answered holds a signing key
	noCV                  //
	mayOmitCert           // TLS ≤1.2: nothing was asked, or TLS 1.0/1.1 (4346-7.4.6-a)
	withPSK               // TLS 1.3: a PSK authenticated the main handshake
	withoutPSK            //
	phaNotOffered         // the client did not offer post_handshake_auth
	externalPSK9846       // an external PSK under RFC 9846 (9846-4.3.2-k)
	nonePending           // no post-handshake request awaits an answer
)

func (v *Validator) holds(g guard) bool {
	switch g {
	case anonymous:
		return !v.serverCert
	case requested:
		return v.requested
	case notRequested:
		return !v.requested
	case needCV:
		return v.needCV
	case noCV:
		return !v.needCV
	case mayOmitCert:
		return !v.requested || v.cfg.Vers() < ca.VersionTLS12
	case withPSK:
		return v.cfg.PSK != NoPSK
	case withoutPSK:
		return v.cfg.PSK == NoPSK
	case phaNotOffered:
		return !v.cfg.PostHandshakeAuth
	case externalPSK9846:
		return v.cfg.PSK == ExternalPSK && v.cfg.Profile == ca.RFC9846
	case nonePending:
		return v.nPending == 0
	}
	return true
}

// action is what the validator does with a message an edge admits, beyond
// moving to the edge's state.
type action uint8

const (
	place        action = iota // placed, not parsed (outside client authentication)
	parse                      // the parser's single-message checks
	serverCert12               // and: the server is not anonymous
	mainRequest                // and: remember what the main CertificateRequest asked
	clientCert12               // and: the key is of a requested type
	clientCV12                 // and: the algorithm was listed and suits the key
	serverCert13               // and: remember the server's key
	serverCV13                 // and: the algorithm was offered and suits the key
	postRequest                // a post-handshake CertificateRequest
	clientCert13               // the client Certificate of the main handshake
	postCert                   // a post-handshake response's Certificate
	clientCV13                 // the main handshake's client CertificateVerify
	postCV                     // a post-handshake response's CertificateVerify
	postFinished               // a post-handshake response's Finished
	renegotiate                // TLS ≤1.2: a ClientHello starts a new handshake
)

// edge is one row of an order table. A row with a refuse check ends the
// connection with that row of ca.Checks, citing rule.
type edge struct {
	from   states
	by     side
	t      ca.HandshakeType
	when   guard
	to     state
	act    action
	refuse ca.CheckID
	rule   ca.Requirement
}

const unexpected = ca.CheckUnexpectedType

// order12 is RFC 5246 §7.3 (and RFC 4346/2246, which differ only where a
// guard says).
var order12 = []edge{
	{of(stStart), client, ca.TypeClientHello, always, stay, place, 0, ""},
	{of(stStart), server, ca.TypeServerHello, always, stay, place, 0, ""},
	{of(stStart), server, ca.TypeCertificate, always, st12ServerCert, serverCert12, 0, ""},
	{of(st12ServerCert), server, ca.TypeCertificateStatus, always, st12Status, place, 0, ""},
	{of(stStart, st12ServerCert, st12Status), server, ca.TypeServerKeyExchange, always, st12SKE, place, 0, ""},
	{of(st12CR), server, ca.TypeServerKeyExchange, always, 0, 0, unexpected, "5246-7.4.4-a"}, // the request follows it
	{of(stStart, st12ServerCert, st12Status, st12SKE), server, ca.TypeCertificateRequest, anonymous, 0, 0, ca.CheckAnonymousRequest, ""},
	{of(stStart, st12ServerCert, st12Status, st12SKE), server, ca.TypeCertificateRequest, always, st12CR, mainRequest, 0, ""},
	{every, server, ca.TypeCertificateRequest, always, 0, 0, unexpected, "5246-7.4.4-a"},
	{of(stStart, st12ServerCert, st12Status, st12SKE, st12CR), server, ca.TypeServerHelloDone, always, st12SHD, parse, 0, ""},
	// 5246-7.4.6-a: first after ServerHelloDone, and only if asked.
	{of(st12SHD), client, ca.TypeCertificate, requested, st12ClientCert, clientCert12, 0, ""},
	{every, client, ca.TypeCertificate, always, 0, 0, unexpected, "5246-7.4.6-a"},
	// 5246-7.4.7-a: right after the client Certificate, or first after
	// ServerHelloDone when none is owed; 4346-7.4.6-a: a TLS 1.0/1.1 client
	// only SHOULD send an empty Certificate, so it may send none.
	{of(st12ClientCert), client, ca.TypeClientKeyExchange, always, st12CKE, parse, 0, ""},
	{of(st12SHD), client, ca.TypeClientKeyExchange, mayOmitCert, st12CKE, parse, 0, ""},
	{of(st12SHD), client, ca.TypeClientKeyExchange, always, 0, 0, unexpected, "5246-7.4.6-a"},
	{every, client, ca.TypeClientKeyExchange, always, 0, 0, unexpected, "5246-7.4.7-a"},
	// 5246-7.4.8-a: right after the ClientKeyExchange, for a certificate
	// that can sign, and only then.
	{of(st12CKE), client, ca.TypeCertificateVerify, needCV, st12CV, clientCV12, 0, ""},
	{every, client, ca.TypeCertificateVerify, always, 0, 0, unexpected, "5246-7.4.8-a"},
	{of(st12CKE), client, ca.TypeFinished, noCV, st12ClientFinished, parse, 0, ""},
	{of(st12CV), client, ca.TypeFinished, always, st12ClientFinished, parse, 0, ""},
	{of(st12CKE), client, ca.TypeFinished, always, 0, 0, unexpected, "5246-7.4.8-a"},
	{of(st12ClientFinished), server, ca.TypeNewSessionTicket, always, stay, place, 0, ""},
	{of(st12ClientFinished), server, ca.TypeFinished, always, st12Done, parse, 0, ""},
	// 5246-7.4.1.1-a: the server may ask for a new handshake at any time,
	// and a client that is negotiating ignores it, so it changes nothing
	// here; 5246-7.4.1.2-a: after a complete handshake a ClientHello, asked
	// for or not, starts a new one under the same rules.
	{every, server, ca.TypeHelloRequest, always, stay, place, 0, ""},
	{every, client, ca.TypeHelloRequest, always, 0, 0, unexpected, "5246-7.4.1.1-a"},
	{of(st12Done), client, ca.TypeClientHello, always, stStart, renegotiate, 0, ""},
}

// order13 is RFC 8446 §2 and §4.6.2. A CompressedCertificate takes the
// place of a Certificate (8879-5-a): it is placed by the Certificate's
// edges.
var order13 = []edge{
	{of(stStart), client, ca.TypeClientHello, always, stay, place, 0, ""},
	{every &^ of(stStart), client, ca.TypeClientHello, always, 0, 0, unexpected, "8446-4.1.2-a"}, // no renegotiation
	{of(stStart), server, ca.TypeServerHello, always, stay, place, 0, ""},
	{of(stStart), server, ca.TypeEncryptedExtensions, always, st13EE, place, 0, ""},
	{of(st13EE), server, ca.TypeCertificateRequest, withPSK, 0, 0, unexpected, "8446-4.3.2-j"},
	{of(st13EE), server, ca.TypeCertificateRequest, always, st13CR, mainRequest, 0, ""},
	{post13, server, ca.TypeCertificateRequest, phaNotOffered, 0, 0, unexpected, "8446-4.6.2-d"}, // and 8446-4.2.6-a
	{post13, server, ca.TypeCertificateRequest, externalPSK9846, 0, 0, unexpected, "9846-4.3.2-k"},
	{post13, server, ca.TypeCertificateRequest, always, stay, postRequest, 0, ""},
	{every, server, ca.TypeCertificateRequest, always, 0, 0, unexpected, "8446-4.3.2-a"}, // right after EncryptedExtensions
	// 8446-4.4.2-a: the server's Certificate follows EncryptedExtensions or
	// the request, and only when certificates authenticate the handshake.
	{of(st13EE, st13CR), server, ca.TypeCertificate, withoutPSK, st13ServerCert, serverCert13, 0, ""},
	{of(st13EE), server, ca.TypeCertificate, always, 0, 0, unexpected, "8446-4.4.2-a"},
	{of(st13ServerCert), server, ca.TypeCertificateVerify, always, st13ServerCV, serverCV13, 0, ""},
	{every, server, ca.TypeCertificateVerify, always, 0, 0, unexpected, "8446-4.4.3-a"},
	{of(st13ServerCV), server, ca.TypeFinished, always, st13ServerFinished, parse, 0, ""},
	{of(st13EE), server, ca.TypeFinished, withPSK, st13ServerFinished, parse, 0, ""},
	{of(st13EE, st13CR), server, ca.TypeFinished, always, 0, 0, unexpected, "8446-4.4.2-a"},
	{of(st13ServerCert), server, ca.TypeFinished, always, 0, 0, unexpected, "8446-4.4.3-a"},
	{of(st13ServerFinished), client, ca.TypeEndOfEarlyData, withPSK, st13EOED, place, 0, ""},
	// 8446-4.4.2-b: a client Certificate only in answer to a request;
	// 8446-4.6.2-c: not inside another response.
	{of(st13ServerFinished, st13EOED), client, ca.TypeCertificate, requested, st13ClientCert, clientCert13, 0, ""},
	{of(st13ServerFinished, st13EOED), client, ca.TypeCertificate, always, 0, 0, unexpected, "8446-4.4.2-b"},
	{of(st13PostCert, st13PostCV), client, ca.TypeCertificate, always, 0, 0, unexpected, "8446-4.6.2-c"},
	{of(st13Established), client, ca.TypeCertificate, nonePending, 0, 0, unexpected, "8446-4.4.2-b"},
	{of(st13Established), client, ca.TypeCertificate, always, st13PostCert, postCert, 0, ""},
	// 8446-4.4.3-a: right after a non-empty Certificate.
	{of(st13ClientCert), client, ca.TypeCertificateVerify, needCV, st13ClientCV, clientCV13, 0, ""},
	{of(st13PostCert), client, ca.TypeCertificateVerify, needCV, st13PostCV, postCV, 0, ""},
	{every, client, ca.TypeCertificateVerify, always, 0, 0, unexpected, "8446-4.4.3-a"},
	{of(st13ClientCV), client, ca.TypeFinished, always, st13Established, parse, 0, ""},
	{of(st13ClientCert), client, ca.TypeFinished, noCV, st13Established, parse, 0, ""},
	{of(st13ServerFinished, st13EOED), client, ca.TypeFinished, notRequested, st13Established, parse, 0, ""},
	{of(st13ServerFinished, st13EOED), client, ca.TypeFinished, always, 0, 0, unexpected, "8446-4.4.2-b"}, // a request is answered with a Certificate
	{of(st13ClientCert), client, ca.TypeFinished, always, 0, 0, unexpected, "8446-4.4.3-a"},               // a non-empty Certificate needs its CertificateVerify
	{of(st13PostCV), client, ca.TypeFinished, always, st13Established, postFinished, 0, ""},
	{of(st13PostCert), client, ca.TypeFinished, noCV, st13Established, postFinished, 0, ""},
	{of(st13PostCert), client, ca.TypeFinished, always, 0, 0, unexpected, "8446-4.4.3-a"}, // and 8446-4.6.2-b
	// 8446-4.6.2-e: the server may go on while a request is unanswered.
	{post13, server, ca.TypeNewSessionTicket, always, stay, place, 0, ""},
	{post13, server, ca.TypeKeyUpdate, always, stay, place, 0, ""},
	{of(st13Established), client, ca.TypeKeyUpdate, always, stay, place, 0, ""},
	{of(st13PostCert, st13PostCV), client, anyType, always, 0, 0, unexpected, "8446-4.6.2-c"}, // nothing inside a response
}

// next finds the edge for a message of type t from by in v's state, or nil.
func (v *Validator) next(order []edge, by side, t ca.HandshakeType) *edge {
	in := states(1) << v.st
	for i := range order {
		e := &order[i]
		if e.from&in != 0 && e.by == by && (e.t == t || e.t == anyType) && v.holds(e.when) {
			return e
		}
	}
	return nil
}
