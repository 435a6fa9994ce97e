package capture

import (
	"errors"
	"fmt"

	ca "github.com/clientauth/clientauth"
)

// Message is one handshake message pulled out of a TLS connection.
type Message struct {
	Bytes []byte // the whole handshake message, 4-byte header included (owned copy)
	// Params: Version from the ServerHello (supported_versions honoured; the
	// ClientHello's legacy_version when the capture has no ServerHello),
	// KeyExchange from the cipher suite (TLS ≤1.2; the zero value, rsa, when
	// the suite is unknown or has a key exchange ca.KeyExchange does not name,
	// such as SRP, Kerberos or GOST: check Suite), FinishedLen (TLS 1.3: the
	// suite's hash length), FromServer, PostHandshake (TLS 1.3 messages after
	// that side's Finished), CertType (RFC 7250 type the ServerHello or
	// EncryptedExtensions settled for that side's certificate).
	Params    ca.Params
	Conn      int    // connection index in the capture (0-based, order of first packet; tshark's tcp.stream)
	Index     int    // message index within the connection and direction
	Decrypted bool   // true when it came from a record decrypted with the key log
	Suite     uint16 // negotiated cipher suite (0 if unknown)
}

// Type is the message's msg_type (0 for a Message without bytes).
func (m Message) Type() ca.HandshakeType {
	if len(m.Bytes) == 0 {
		return 0
	}
	return ca.HandshakeType(m.Bytes[0])
}

// IsClientAuth reports whether package parser parses messages of type t:
// the client-authentication messages and the ones around them.
func IsClientAuth(t ca.HandshakeType) bool {
	switch t {
	case ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify,
		ca.TypeClientKeyExchange, ca.TypeServerHelloDone, ca.TypeFinished, ca.TypeCompressedCertificate:
		return true
	}
	return false
}

// Options tune FromStreams and Read.
type Options struct {
	KeyLog   []byte // NSS key log file contents (SSLKEYLOGFILE format); nil = no decryption
	MaxBytes int64  // refuse inputs above this size (0 = DefaultMaxBytes)
}

// DefaultMaxBytes is the input size limit when Options.MaxBytes is 0.
const DefaultMaxBytes = 1 << 30

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Skip is a run of protected records of one connection and direction that
// could not be read, with the reason: no key log, a key log without this
// connection's secrets, a cipher suite this package does not decrypt.
type Skip struct {
	Conn       int
	FromServer bool
	Records    int // protected records not read
	// Handshake counts the handshake records among them: TLS ≤1.2 records
	// keep their content type in clear; TLS 1.3 hides it (8446 §5.2), so
	// there it is 0 and the handshake messages after the ServerHello are
	// somewhere among Records.
	Handshake int
	TLS13     bool
	Reason    string
}

func (s Skip) String() string {
	dir := "client->server"
	if s.FromServer {
		dir = "server->client"
	}
	what := fmt.Sprintf("%d encrypted records", s.Records)
	if s.Records == 1 {
		what = "1 encrypted record"
	}
	switch {
	case s.TLS13:
		what += " (the handshake messages after the ServerHello among them)"
	case s.Handshake > 0:
		what += fmt.Sprintf(" (%d of them handshake records)", s.Handshake)
	}
	return fmt.Sprintf("conn %d %s: %s not read: %s", s.Conn, dir, what, s.Reason)
}

// ErrNotTLS is wrapped by the error FromStreams returns when a stream does
// not start with a TLS record. Read skips such connections.
var ErrNotTLS = errors.New("not TLS")

// FromStreams extracts messages from the two reassembled TCP byte streams of
// one connection (client->server and server->client, each in order). Records
// carrying several messages and messages split across records are handled.
// TLS 1.3 handshake records (and post-handshake
// CertificateRequest/Certificate/CertificateVerify/Finished under the
// application traffic secrets) are decrypted when the key log has the secrets
// for the ClientHello's random; a key log that has none for a TLS 1.3
// connection is an error. TLS ≤1.2 records after each ChangeCipherSpec are
// decrypted with the CLIENT_RANDOM master secret of the handshake they
// follow (renegotiations included); where the key log lacks it, the rest
// of that direction is left unread, as without a key log.
//
// The two directions are merged flight by flight (the client's hello, the
// server's flight up to ServerHelloDone or Finished, and so on), which is
// wire order for the handshakes TLS defines; Index and Params.FromServer
// keep each direction's own order.
func FromStreams(client, server []byte, opt Options) ([]Message, error) {
	if max := opt.maxBytes(); int64(len(client))+int64(len(server)) > max {
		return nil, fmt.Errorf("capture: streams of %d bytes exceed the limit of %d", len(client)+len(server), max)
	}
	kl, err := parseKeyLog(opt.KeyLog)
	if err != nil {
		return nil, err
	}
	c := &connection{idx: 0, keyLog: kl}
	msgs, err := c.extract(client, server)
	if err == nil && c.unmatched && c.tls13() {
		err = fmt.Errorf("capture: key log has no secrets for the ClientHello random %x of this TLS 1.3 connection", c.random)
	}
	return msgs, err
}
