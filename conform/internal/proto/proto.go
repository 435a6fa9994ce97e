// Package proto is what the conform runner and its endpoint program
// exchange: one Config on the endpoint's stdin, JSON lines on its stdout
// (a Listening line first when it is the server, then one Result).
package proto

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// LoadPKI reads the PEM files a Config (or a peer's Opts) names: the key
// pair to present and the CA pool that both verifies and is asked for.
func LoadPKI(certFile, keyFile, caFile string) (tls.Certificate, *x509.CertPool, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return cert, nil, err
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return cert, nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return cert, nil, fmt.Errorf("no certificate in %s", caFile)
	}
	return cert, pool, nil
}

// Config is one handshake of the endpoint.
type Config struct {
	Role       string `json:"role"` // our role: "client" or "server"
	Addr       string `json:"addr"` // client: dial; server: listen
	Version    uint16 `json:"version"`
	Suite      uint16 `json:"suite,omitempty"` // TLS ≤1.2: the one suite offered; 0 = crypto/tls's defaults
	CertFile   string `json:"certFile"`
	KeyFile    string `json:"keyFile"`
	CAFile     string `json:"caFile"`
	ClientAuth bool   `json:"clientAuth"` // server: request a client certificate
	// RequestOnly: an empty Certificate answers the request (a peer that
	// has no way to present one).
	RequestOnly bool `json:"requestOnly,omitempty"`
	TimeoutMS   int  `json:"timeoutMs"` // whole connection, from its accept or dial
	// ConnectMS: as server, how long to wait for the peer client to
	// connect (a JVM starting on a loaded machine takes seconds).
	ConnectMS int `json:"connectMs,omitempty"`
	// Target is the handshake type whose first occurrence is replaced: by
	// Fixed (hex) when set, else by the catalog mutation Mutation/Index of
	// the message really about to be sent (under Kex for a
	// ClientKeyExchange). Target 0 substitutes nothing and only records.
	Target   uint8  `json:"target,omitempty"`
	Fixed    string `json:"fixed,omitempty"`
	Mutation string `json:"mutation,omitempty"`
	Index    int    `json:"index,omitempty"`
	Kex      uint8  `json:"kex,omitempty"`
	Record   bool   `json:"record,omitempty"` // keep every message written (control runs)
}

// Listening is the server's first line.
type Listening struct {
	Addr string `json:"addr"`
}

// Result is what the endpoint saw.
type Result struct {
	Handshake  bool     `json:"handshake"` // crypto/tls's Handshake returned nil
	AppData    bool     `json:"appData"`   // client: the peer answered application data
	Err        string   `json:"err,omitempty"`
	Timeout    bool     `json:"timeout,omitempty"`
	EOF        bool     `json:"eof,omitempty"`      // the peer closed without an alert
	Alerts     []Alert  `json:"alerts,omitempty"`   // alert records read, in order
	Received   []int    `json:"received"`           // handshake types read, in order
	Sent       []int    `json:"sent"`               // handshake types written, in order
	SentMsgs   []string `json:"sentMsgs"`           // Config.Record: every handshake message written (hex), as sent
	RecvMsgs   []string `json:"recvMsgs,omitempty"` // Config.Record: every handshake message read (hex)
	Original   string   `json:"original,omitempty"` // the target as crypto/tls made it (hex)
	Replaced   string   `json:"replaced,omitempty"` // what went out instead (hex)
	Applied    bool     `json:"applied"`            // a substitution happened
	NotApplied string   `json:"notApplied,omitempty"`
	Label      *Label   `json:"label,omitempty"` // the live mutation's verdict
	Version    uint16   `json:"version,omitempty"`
	Suite      uint16   `json:"suite,omitempty"`
}

// Alert is an alert record received.
type Alert struct {
	Level uint8 `json:"level"`
	Desc  uint8 `json:"desc"`
}

// Label is a live mutation's expected verdict, computed on the message
// this handshake really sent.
type Label struct {
	Result  string   `json:"result"`
	Alerts  []string `json:"alerts"`
	Reqs    []string `json:"requirements"`
	Comment string   `json:"comment"`
}
