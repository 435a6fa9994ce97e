package main

import (
	"flag"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// paramFlags are the negotiation flags that check and dissect share: what
// the two peers settled, which the parser needs as ca.Params.
type paramFlags struct {
	version, kex, profile, sender, certType *string
	finishedLen                             *int
	postHandshake                           *bool
}

func addParamFlags(fs *flag.FlagSet) *paramFlags {
	return &paramFlags{
		version:       fs.String("version", "1.3", ""),
		kex:           fs.String("kex", "rsa", ""),
		finishedLen:   fs.Int("finished-len", 0, ""),
		postHandshake: fs.Bool("post-handshake", false, ""),
		profile:       fs.String("profile", "rfc8446", ""),
		sender:        fs.String("sender", "client", ""),
		certType:      fs.String("cert-type", "x509", ""),
	}
}

// params turns the parsed flags into validated Params; an error is a
// usage error naming the flag.
func (f *paramFlags) params() (ca.Params, error) {
	var p ca.Params
	var ok bool
	if p.Version, ok = ca.ParseVersion(*f.version); !ok {
		return p, usagef("-version %q: want 1.0, 1.1, 1.2 or 1.3", *f.version)
	}
	if p.KeyExchange, ok = ca.ParseKeyExchange(*f.kex); !ok {
		return p, usagef("-kex %q: want rsa, dhe, ecdhe, psk, rsa_psk, dhe_psk, ecdhe_psk or fixed_dh", *f.kex)
	}
	if p.Profile, ok = ca.ParseProfile(*f.profile); !ok {
		return p, usagef("-profile %q: want rfc8446 or rfc9846", *f.profile)
	}
	switch *f.sender {
	case "client":
	case "server":
		p.FromServer = true
	default:
		return p, usagef("-sender %q: want client or server", *f.sender)
	}
	switch *f.certType {
	case "x509", "raw_public_key":
		p.CertType, _ = ca.ParseCertificateType(*f.certType)
	default:
		return p, usagef("-cert-type %q: want x509 or raw_public_key", *f.certType)
	}
	p.FinishedLen = *f.finishedLen
	p.PostHandshake = *f.postHandshake
	if err := p.Validate(); err != nil {
		return p, usagef("%s", strings.TrimPrefix(err.Error(), "clientauth: "))
	}
	return p, nil
}
