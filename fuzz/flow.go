package fuzz

import (
	"errors"
	"fmt"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/flow"
	"github.com/clientauth/clientauth/parser"
)

// CheckFlow feeds data to a flow validator as a sequence of handshake
// messages: the first byte picks the connection's Config, then each message
// is preceded by one byte whose low bit says whether the server sent it.
// The validator must never panic, and every refusal must name an alert and
// be final (the next message is refused too).
func CheckFlow(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	cfg := flow.Config{
		Params: ca.Params{
			Version:     []ca.Version{ca.VersionTLS10, ca.VersionTLS11, ca.VersionTLS12, ca.VersionTLS13}[data[0]&3],
			KeyExchange: ca.KeyExchanges[int(data[0]>>2&7)%len(ca.KeyExchanges)],
		},
		PostHandshakeAuth: data[0]&0x20 != 0,
	}
	if data[0]&0x40 != 0 && cfg.Version == ca.VersionTLS13 {
		cfg.PSK = flow.ResumptionPSK
	}
	v := flow.New(cfg)
	rest := data[1:]
	var refused error
	for len(rest) > 0 {
		fromServer := rest[0]&1 == 1
		rest = rest[1:]
		h, ok := parser.ParseHeader(rest)
		n := len(rest)
		if ok && parser.HeaderLen+h.Length <= len(rest) {
			n = parser.HeaderLen + h.Length
		}
		msg := rest[:n]
		rest = rest[n:]
		err := v.Feed(fromServer, msg)
		if refused != nil {
			if err == nil {
				return fmt.Errorf("accepted a message after refusing the connection (%v)", refused)
			}
			continue
		}
		if err != nil {
			var e *ca.Error
			if !errors.As(err, &e) || e.Alert == 0 {
				return fmt.Errorf("refusal without an alert: %v", err)
			}
			refused = err
		}
	}
	return nil
}
