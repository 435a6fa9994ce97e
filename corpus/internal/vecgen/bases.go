// Package vecgen generates the labelled vectors of package corpus: every
// base message (real ones first) as a valid vector, and the mutation
// catalog applied to them: one mutation per edge of each row of ca.Bounds,
// and named mutations for the rules of ca.Checks and the P/P+c rows of
// spec/requirements.md. Expected results come from those tables; the
// corpus tests check that the parser agrees with every vector.
package vecgen

import (
	"bytes"
	"fmt"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/certcompress"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
)

// Base is a message the catalog mutates.
type Base struct {
	Name   string // where it came from: "real/…", "openssl/…", "rfc8448/…", "synthetic/…"
	Flag   string // FlagReal, FlagRFC8448, FlagSeedCapture, FlagSynthetic or FlagDerived
	Params ca.Params
	Msg    []byte
	// Reject is set for a real message that breaks a rule: the requirement
	// it breaks. Such bases become vectors of their own and are not mutated.
	Reject ca.Requirement
}

// Type is the base's handshake type.
func (b Base) Type() ca.HandshakeType { return ca.HandshakeType(b.Msg[0]) }

// Bases returns the base messages, real ones first: the harvest embedded in
// package corpus, then the samples the core tests share (RFC 8448, the seed
// capture, the OpenSSL harvest under testdata/openssl, synthetic messages
// covering every bound row), then CompressedCertificates made from real
// TLS 1.3 Certificates. The same bytes under the same Params come once.
func Bases() ([]Base, error) {
	var out []Base
	seen := map[string]bool{}
	add := func(b Base) {
		k := key(b.Params, b.Type()) + "|" + string(b.Msg)
		if !seen[k] {
			seen[k] = true
			out = append(out, b)
		}
	}
	real, err := corpus.Real()
	if err != nil {
		return nil, err
	}
	for _, m := range real {
		b := Base{Name: "real/" + m.Path, Flag: FlagReal, Params: m.Params, Msg: m.Bytes}
		if m.Expect != nil {
			b.Reject = ca.Requirement(m.Expect.Requirement)
		}
		add(b)
	}
	all, err := samples.All()
	if err != nil {
		return nil, err
	}
	rejected, err := samples.Rejected()
	if err != nil {
		return nil, err
	}
	tolerated, err := samples.Tolerated()
	if err != nil {
		return nil, err
	}
	for i := range tolerated {
		// A known deployed deviation: deviationVector labels it.
		tolerated[i].Params = tolerated[i].Tolerating()
	}
	for _, s := range append(append(all, rejected...), tolerated...) {
		// The synthetic CompressedCertificate frames zero bytes, not a
		// compressed Certificate: vectors judge decompression too.
		if s.Name == "synthetic/cc13_zlib" {
			continue
		}
		add(Base{Name: s.Name, Flag: sampleFlag(s.Name), Params: s.Params, Msg: s.Msg, Reject: s.Reject})
	}
	cc, err := compressed(out)
	if err != nil {
		return nil, err
	}
	for _, b := range cc {
		add(b)
	}
	return out, nil
}

func sampleFlag(name string) string {
	switch {
	case bytes.HasPrefix([]byte(name), []byte("openssl/")):
		return FlagReal
	case bytes.HasPrefix([]byte(name), []byte("rfc8448/")):
		return FlagRFC8448
	case bytes.HasPrefix([]byte(name), []byte("seed-capture/")):
		return FlagSeedCapture
	}
	return FlagSynthetic
}

// compressed makes CompressedCertificate bases: the first TLS 1.3 client
// Certificate with entries, the first server one and the first raw public
// key one (8879-4-d), each with every algorithm RFC 8879 defines.
func compressed(bases []Base) ([]Base, error) {
	var out []Base
	picked := map[string]bool{}
	for _, b := range bases {
		if b.Type() != ca.TypeCertificate || b.Params.Vers() != ca.VersionTLS13 || b.Reject != "" || len(b.Msg) < 12 {
			continue
		}
		k := fmt.Sprint(b.Params.FromServer, b.Params.CertType, b.Params.PostHandshake)
		if picked[k] {
			continue
		}
		picked[k] = true
		for _, alg := range certcompress.Algorithms {
			v, err := certcompress.Compress(alg, b.Msg)
			if err != nil {
				return nil, fmt.Errorf("vecgen: compress %s: %v", b.Name, err)
			}
			msg, err := encoder.New(b.Params).Encode(nil, &v)
			if err != nil {
				return nil, fmt.Errorf("vecgen: encode compressed %s: %v", b.Name, err)
			}
			out = append(out, Base{Name: b.Name + "+" + alg.String(), Flag: FlagDerived, Params: b.Params, Msg: msg})
		}
	}
	return out, nil
}

// normalize keeps only the Params fields the message type's parsing reads,
// so that groups do not split on irrelevant context.
func normalize(t ca.HandshakeType, p ca.Params) ca.Params {
	if t != ca.TypeClientKeyExchange {
		p.KeyExchange = 0
	}
	if t == ca.TypeFinished {
		p.FinishedLen = p.VerifyDataLen()
	} else {
		p.FinishedLen = 0
	}
	if p.Version == 0 {
		p.Version = ca.VersionTLS13
	}
	switch t {
	case ca.TypeCertificate, ca.TypeCompressedCertificate:
	case ca.TypeCertificateRequest:
		p.CertType, p.FromServer = ca.CertTypeX509, true
	case ca.TypeServerHelloDone:
		p.CertType, p.PostHandshake, p.FromServer = ca.CertTypeX509, false, true
	case ca.TypeClientKeyExchange:
		p.CertType, p.PostHandshake, p.FromServer = ca.CertTypeX509, false, false
	default: // CertificateVerify, Finished: the sender is kept, as a label
		p.CertType, p.PostHandshake = ca.CertTypeX509, false
	}
	// RFC 9846 changed TLS 1.3 rules only; the handshake-wide messages
	// (Finished) do not depend on it.
	if p.Version != ca.VersionTLS13 || t == ca.TypeFinished {
		p.Profile = ca.RFC8446
	}
	return p
}

// key names a group: the message type and the normalized Params.
func key(p ca.Params, t ca.HandshakeType) string {
	p = normalize(t, p)
	return fmt.Sprintf("%s|%+v", corpus.VectorFileName(t, p.Vers()), p)
}
