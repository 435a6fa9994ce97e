// Package corpus holds real TLS client-authentication handshake messages
// harvested from real stacks (Go crypto/tls, OpenSSL, GnuTLS) and imported
// from published traces, embedded so that tests, fuzz targets and other Go
// projects can use them without touching the file system.
//
// The files live under corpus/real/<message>/<tlsXY>/<name>.bin (raw bytes,
// 4-byte handshake header included) and corpus/real/manifest.json says, for
// each, where it came from and the context it parses under. They are made by
// `clientauth harvest -out corpus/real` (package harvest).
package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/strictjson"
	"github.com/clientauth/clientauth/internal/wire"
)

//go:embed real
var realFS embed.FS

// RealManifestName is the manifest's file name inside the real/ directory.
const RealManifestName = "manifest.json"

// RealFormat names the manifest format; a reader refuses any other.
const RealFormat = "clientauth-real-messages/1"

// RealManifest is corpus/real/manifest.json.
type RealManifest struct {
	Format   string      `json:"format"`
	Command  string      `json:"command"` // how to regenerate the directory
	Messages []RealEntry `json:"messages"`
}

// RealEntry is one message of the manifest. Field names are the corpus
// vocabulary shared with other languages: stack, sender, version, kex, key.
type RealEntry struct {
	Path    string `json:"path"`    // relative to the real/ directory
	Message string `json:"message"` // handshake type name, e.g. "certificate_request"
	SHA256  string `json:"sha256"`  // of the file's bytes
	Stack   string `json:"stack"`   // the sender's implementation and version, e.g. "OpenSSL 3.0.19"
	Peer    string `json:"peer,omitempty"`
	// Also lists the other stacks that sent byte-identical messages (kept
	// once): a certificate chain, say, is the same bytes from every stack.
	Also    []string `json:"also,omitempty"`
	Sender  string   `json:"sender"`            // "client" or "server"
	Version string   `json:"version"`           // "1.0" … "1.3"
	Kex     string   `json:"kex,omitempty"`     // TLS ≤1.2 key exchange (ca.KeyExchange spelling)
	Suite   string   `json:"suite,omitempty"`   // negotiated cipher suite (IANA); fixes the TLS 1.3 Finished length
	Key     string   `json:"key"`               // client key: rsa2048, p256, p384, ed25519, ed448, none
	Options []string `json:"options,omitempty"` // see RealOptions
	Harvest string   `json:"harvest"`           // how the bytes were obtained
	Date    string   `json:"date"`              // YYYY-MM-DD
	// Expect, when set, says the sender broke an RFC rule and a parser must
	// refuse the message for it; the rule comes from the bounds table.
	Expect *RealExpect `json:"expect,omitempty"`
}

// RealExpect is the verdict for a message a real stack sent against the RFC.
type RealExpect struct {
	Result      string `json:"result"` // "invalid"
	Requirement string `json:"requirement"`
	Alert       string `json:"alert"`
	Reason      string `json:"reason"`
}

// RealOptions is the options vocabulary of the manifest.
var RealOptions = map[string]string{
	"ca_list":          "the CertificateRequest names the client CA",
	"no_ca_list":       "the server was set up to send no CA names",
	"multi_ca":         "the CertificateRequest names two CAs",
	"no_client_cert":   "the client has no certificate (empty Certificate)",
	"post_handshake":   "TLS 1.3 post-handshake authentication",
	"raw_public_key":   "the Certificate carries an RFC 7250 raw public key",
	"empty_ca_list":    "the CertificateRequest carries an empty CA list",
	"server_rsa2048":   "RSA-2048 server key",
	"server_p256":      "ECDSA P-256 server key",
	"server_ed25519":   "Ed25519 server key",
	"handshake_failed": "the handshake did not complete; the messages sent before it failed are kept",
}

// Params returns the context the entry's bytes parse under. The fields it
// reads are spelled as in Params' text form (version, kex, sender: see
// params_text.go), and it goes through that form's setters, so the manifest
// cannot spell a value another way; the suite and options are provenance
// the Params are derived from.
func (e RealEntry) Params() (ca.Params, error) {
	var p ca.Params
	set := func(key, value string) error {
		if value == "" {
			return nil
		}
		if err := p.Set(key, value); err != nil {
			return errors.New(strings.TrimPrefix(err.Error(), "clientauth: "))
		}
		return nil
	}
	if e.Version == "" {
		return p, fmt.Errorf("version missing")
	}
	if err := errors.Join(set("version", e.Version), set("kex", e.Kex), set("sender", e.Sender)); err != nil {
		return p, err
	}
	if e.Sender == "" {
		return p, fmt.Errorf("sender missing")
	}
	v := p.Version
	// A TLS 1.3 Finished is as long as the suite's hash (8446-4.4.4).
	if v == ca.VersionTLS13 && e.Suite != "" {
		switch {
		case strings.HasSuffix(e.Suite, "_SHA256"):
			p.FinishedLen = 32
		case strings.HasSuffix(e.Suite, "_SHA384"):
			p.FinishedLen = 48
		default:
			return p, fmt.Errorf("suite %q: unknown hash", e.Suite)
		}
	} else if v == ca.VersionTLS13 && e.Message == "finished" {
		return p, fmt.Errorf("TLS 1.3 finished without the negotiated suite")
	}
	for _, o := range e.Options {
		switch o {
		case "post_handshake":
			p.PostHandshake = true
		case "raw_public_key":
			p.CertType = ca.CertTypeRawPublicKey
		}
	}
	return p, p.Validate()
}

// RealMessage is one real message with its provenance.
type RealMessage struct {
	Bytes   []byte // the whole message, header included
	Type    ca.HandshakeType
	Params  ca.Params
	Stack   string
	Peer    string
	Also    []string
	Sender  string
	Version ca.Version
	Kex     string
	Suite   string
	Key     string
	Options []string
	Harvest string
	Date    string
	Path    string      // relative to corpus/real
	Expect  *RealExpect // nil: a valid message
}

// HasOption reports whether the message was harvested with option o.
func (m RealMessage) HasOption(o string) bool { return slices.Contains(m.Options, o) }

// Real returns the embedded real messages, in manifest order.
func Real() ([]RealMessage, error) {
	sub, err := fs.Sub(realFS, "real")
	if err != nil {
		return nil, err
	}
	return LoadReal(sub)
}

// LoadReal reads a real-message directory (manifest.json at its root), such
// as one written by `clientauth harvest`. It checks each file against the
// manifest's type, length and digest.
func LoadReal(fsys fs.FS) ([]RealMessage, error) {
	m, err := ReadRealManifest(fsys)
	if err != nil {
		return nil, err
	}
	out := make([]RealMessage, 0, len(m.Messages))
	for _, e := range m.Messages {
		p, err := e.Params()
		if err != nil {
			return nil, fmt.Errorf("corpus: %s: %v", e.Path, err)
		}
		b, err := fs.ReadFile(fsys, e.Path)
		if err != nil {
			return nil, fmt.Errorf("corpus: %v", err)
		}
		if n, ok := wire.HandshakeLen(b); !ok || n != len(b) {
			return nil, fmt.Errorf("corpus: %s: not one whole handshake message", e.Path)
		}
		t := ca.HandshakeType(b[0])
		if t.String() != e.Message {
			return nil, fmt.Errorf("corpus: %s: type %v, manifest says %s", e.Path, t, e.Message)
		}
		if got := sha256Hex(b); got != e.SHA256 {
			return nil, fmt.Errorf("corpus: %s: sha256 %s, manifest says %s", e.Path, got, e.SHA256)
		}
		out = append(out, RealMessage{
			Bytes: b, Type: t, Params: p, Stack: e.Stack, Peer: e.Peer, Also: e.Also, Sender: e.Sender,
			Version: p.Version, Kex: e.Kex, Suite: e.Suite, Key: e.Key, Options: e.Options,
			Harvest: e.Harvest, Date: e.Date, Path: e.Path, Expect: e.Expect,
		})
	}
	return out, nil
}

// ReadRealManifest decodes manifest.json from fsys.
func ReadRealManifest(fsys fs.FS) (*RealManifest, error) {
	b, err := fs.ReadFile(fsys, RealManifestName)
	if err != nil {
		return nil, fmt.Errorf("corpus: %v", err)
	}
	return DecodeRealManifest(b)
}

// DecodeRealManifest decodes a manifest's bytes strictly.
func DecodeRealManifest(b []byte) (*RealManifest, error) {
	m, err := strictjson.Decode(b, "format", func(m *RealManifest) string { return m.Format }, RealFormat)
	if err != nil {
		return nil, fmt.Errorf("corpus: %s: %v", RealManifestName, err)
	}
	return m, nil
}
