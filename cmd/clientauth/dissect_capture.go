package main

import (
	"bytes"
	"fmt"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/capture"
	"github.com/clientauth/clientauth/dissect"
)

// note is a JSON Lines record that is not a message: what a capture held
// but could not be read.
type note struct {
	File string   `json:"file"`
	Note noteBody `json:"note"`
}

type noteBody struct {
	Kind             string `json:"kind"` // skipped | truncated
	Conn             *int   `json:"conn,omitempty"`
	Sender           string `json:"sender,omitempty"`
	Records          int    `json:"records,omitempty"`
	HandshakeRecords int    `json:"handshake_records,omitempty"`
	Reason           string `json:"reason,omitempty"`
	Message          string `json:"message"`
}

// warn reports what a capture left unread: one stderr line, and a note
// line with -json.
func (d *dissector) warn(name string, n noteBody) error {
	if d.opts.json {
		if err := d.json.Encode(note{File: name, Note: n}); err != nil {
			return &writeError{err}
		}
	}
	if err := d.out.Flush(); err != nil {
		return &writeError{err}
	}
	fmt.Fprintf(d.stderr, "clientauth: warning: %s: %s\n", name, oneLine(n.Message))
	return nil
}

// capture dissects the messages of a pcap or pcapng file, each under the
// context its connection's hellos give (params keeps its profile), then
// warns of what the capture left unread. invalid reports a rejected message;
// err is an input or output error.
func (d *dissector) capture(name string, data []byte, params ca.Params) (invalid bool, err error) {
	res, err := capture.ReadAll(bytes.NewReader(data), capture.Options{KeyLog: d.keyLog, MaxBytes: maxInput})
	if err != nil {
		return false, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "capture: "))
	}
	for i, m := range res.Messages {
		p := m.Params
		p.Profile = params.Profile
		it := item{msg: m.Bytes, params: p, conn: m.Conn, dirIndex: m.Index, decrypted: m.Decrypted, suite: m.Suite}
		bad, err := d.message(name, i, it)
		invalid = invalid || bad
		if err != nil {
			return invalid, err
		}
	}
	for _, sk := range res.Skips {
		conn := sk.Conn
		err := d.warn(name, noteBody{Kind: "skipped", Conn: &conn, Sender: senderName(sk.FromServer), Records: sk.Records,
			HandshakeRecords: sk.Handshake, Reason: sk.Reason, Message: sk.String()})
		if err != nil {
			return invalid, err
		}
	}
	if res.Truncated != nil {
		d.truncated = true
		msg := strings.TrimPrefix(res.Truncated.Error(), "capture: ")
		if err := d.warn(name, noteBody{Kind: "truncated", Message: msg}); err != nil {
			return invalid, err
		}
	}
	return invalid, nil
}

// captureHeader is the tree's first line for a message of a capture: where
// it stood, and the context the capture gave it.
func (it item) captureHeader(name string, index int) string {
	extra := ""
	if it.decrypted {
		extra = ", decrypted"
	}
	return fmt.Sprintf("Message %d: %s connection %d, %s message %d (TLS %s, cipher suite 0x%04x%s)",
		index, name, it.conn, senderName(it.params.FromServer), it.dirIndex, it.params.Vers(), it.suite, extra)
}

// captureJSON sets what the capture says of a message in its JSON.
func (it item) captureJSON(m *dissect.Message) {
	conn := it.conn
	m.Conn, m.Decrypted = &conn, it.decrypted
	if it.suite != 0 {
		m.Params.Suite = fmt.Sprintf("0x%04x", it.suite)
	}
	// A capture's key exchange comes from a TLS ≤1.2 suite: TLS 1.3 has
	// none in this sense (no ClientKeyExchange), and an unknown suite
	// names none, so the JSON says nothing rather than the zero value's
	// "rsa".
	_, known := capture.KeyExchangeOf(it.suite)
	m.Params.NoKex = it.params.Vers() == ca.VersionTLS13 || !known
}

func senderName(fromServer bool) string {
	if fromServer {
		return "server"
	}
	return "client"
}
