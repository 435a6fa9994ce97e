package harvest

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/capture"
)

// fromStreams extracts the handshake messages of one relayed connection with
// package capture (TLS records, decrypted with the key log: TLS 1.3's
// handshake, TLS ≤1.2's records after ChangeCipherSpec).
func fromStreams(client, server, keyLog []byte) ([]wireMsg, string, error) {
	msgs, err := capture.FromStreams(client, server, capture.Options{KeyLog: keyLog})
	if err != nil {
		return nil, "", err
	}
	out := make([]wireMsg, 0, len(msgs))
	decrypted := false
	for _, m := range msgs {
		out = append(out, wireMsg{b: m.Bytes, client: !m.Params.FromServer})
		decrypted = decrypted || m.Decrypted
	}
	switch {
	case !decrypted:
		return out, "loopback TCP relay (records in clear)", nil
	case msgs[0].Params.Version == ca.VersionTLS13:
		return out, "loopback TCP relay + NSS key log (TLS 1.3 records decrypted)", nil
	}
	return out, "loopback TCP relay + NSS key log (TLS ≤1.2 records after ChangeCipherSpec decrypted)", nil
}

// serverHellos reads the server's ServerHello messages with package
// capture's reader, in order (a HelloRetryRequest first).
func serverHellos(msgs []wireMsg) []capture.ServerHello {
	var out []capture.ServerHello
	for _, m := range msgs {
		if m.client || len(m.b) == 0 || ca.HandshakeType(m.b[0]) != ca.TypeServerHello {
			continue
		}
		if h, err := capture.ParseServerHello(m.b); err == nil {
			out = append(out, h)
		}
	}
	return out
}
