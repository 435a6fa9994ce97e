package dissect

// To JSON: the model built from owned values and from parsed bytes.

import (
	"errors"
	"fmt"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// FromParams renders p, with its defaults written out (ca.Params.Resolved).
func FromParams(p ca.Params) Params { return Params{Params: p.Resolved(), read: true} }

// FromValue builds the JSON form of an owned message value (a pointer, as
// parser.Message.Value returns) under p.
func FromValue(v any, p ca.Params) (*Message, error) {
	m := &Message{Params: FromParams(p)}
	v13 := p.Vers() == ca.VersionTLS13
	switch v := v.(type) {
	case *ca.CertificateRequest:
		m.Type = typeEnum(ca.TypeCertificateRequest)
		cr := &CertificateRequest{}
		if v13 {
			cr.Context = hexPtr(v.Context)
			cr.Extensions = extensionsJSON(v.Extensions, ca.TypeCertificateRequest, p.Profile)
		} else {
			types := make([]Enum, 0, len(v.CertificateTypes))
			for _, t := range v.CertificateTypes {
				types = append(types, enum(t.String(), int(t)))
			}
			cr.CertificateTypes = &types
			if p.Vers() == ca.VersionTLS12 {
				cr.SignatureAlgorithms = schemesJSON(v.SignatureAlgorithms)
			}
			cr.CertificateAuthorities = hexList(v.CertificateAuthorities)
		}
		m.CertificateRequest = cr
	case *ca.Certificate:
		m.Type = typeEnum(ca.TypeCertificate)
		c := &Certificate{Entries: []CertificateEntry{}}
		if v13 {
			c.Context = hexPtr(v.Context)
		}
		for _, e := range v.Entries {
			je := CertificateEntry{Data: Hex(e.Data)}
			if v13 {
				je.Extensions = extensionsJSON(e.Extensions, ca.TypeCertificate, p.Profile)
			}
			c.Entries = append(c.Entries, je)
		}
		m.Certificate = c
	case *ca.CertificateVerify:
		m.Type = typeEnum(ca.TypeCertificateVerify)
		cv := &CertificateVerify{Signature: Hex(v.Signature)}
		if p.Vers() >= ca.VersionTLS12 {
			e := schemeEnum(v.Algorithm)
			cv.Algorithm = &e
		}
		m.CertificateVerify = cv
	case *ca.ClientKeyExchange:
		m.Type = typeEnum(ca.TypeClientKeyExchange)
		cke := &ClientKeyExchange{}
		k := p.KeyExchange
		if k.HasPSKIdentity() {
			cke.PSKIdentity = hexPtr(v.PSKIdentity)
		}
		switch k {
		case ca.KexRSA, ca.KexRSAPSK:
			cke.EncryptedPreMasterSecret = hexPtr(v.EncryptedPreMasterSecret)
		case ca.KexDHE, ca.KexDHEPSK:
			cke.DHYc = hexPtr(v.DHYc)
		case ca.KexECDHE, ca.KexECDHEPSK:
			cke.ECPoint = hexPtr(v.ECPoint)
		}
		m.ClientKeyExchange = cke
	case *ca.ServerHelloDone:
		m.Type = typeEnum(ca.TypeServerHelloDone)
		m.ServerHelloDone = &ServerHelloDone{}
	case *ca.Finished:
		m.Type = typeEnum(ca.TypeFinished)
		m.Finished = &Finished{VerifyData: Hex(v.VerifyData)}
	case *ca.CompressedCertificate:
		m.Type = typeEnum(ca.TypeCompressedCertificate)
		m.CompressedCertificate = &CompressedCertificate{
			Algorithm:                    enum(v.Algorithm.String(), int(v.Algorithm)),
			UncompressedLength:           int64(v.UncompressedLength),
			CompressedCertificateMessage: Hex(v.CompressedCertificateMessage),
		}
	default:
		return nil, fmt.Errorf("dissect: %T is not a message value", v)
	}
	return m, nil
}

// FromBytes parses msg under p and returns its JSON form; err is the
// parser's rejection.
func FromBytes(msg []byte, p ca.Params) (*Message, error) {
	pm, err := parser.New(p).Parse(msg)
	if err != nil {
		return nil, ownError(err)
	}
	return FromValue(pm.Value(), p)
}

// ownError copies a *ca.Error, which points into the parser or encoder that
// made it and is overwritten by its next call.
func ownError(err error) error {
	var ce *ca.Error
	if errors.As(err, &ce) {
		e := *ce
		return &e
	}
	return err
}

func typeEnum(t ca.HandshakeType) Enum { return enum(t.String(), int(t)) }

func hexPtr(b []byte) *Hex {
	h := Hex(b)
	if h == nil {
		h = Hex{}
	}
	return &h
}

func hexList(l [][]byte) *[]Vec {
	out := make([]Vec, 0, len(l))
	for _, b := range l {
		out = append(out, Vec{Data: Hex(b)})
	}
	return &out
}

func schemesJSON(l []ca.SignatureScheme) *[]Enum {
	out := make([]Enum, 0, len(l))
	for _, s := range l {
		out = append(out, schemeEnum(s))
	}
	return &out
}

func extensionsJSON(l []ca.Extension, m ca.HandshakeType, prof ca.Profile) *[]Extension {
	out := make([]Extension, 0, len(l))
	for _, e := range l {
		x := Extension{Type: enum(e.Type.String(), int(e.Type))}
		switch ca.ExtensionBody(m, e.Type, prof) {
		case ca.BodySignatureSchemeList:
			x.SignatureAlgorithms = schemesJSON(e.SignatureAlgorithms)
		case ca.BodyCertificateAuthorities:
			x.Authorities = hexList(e.Authorities)
		case ca.BodyOIDFilters:
			fs := make([]OIDFilter, 0, len(e.OIDFilters))
			for _, f := range e.OIDFilters {
				fs = append(fs, OIDFilter{OID: Hex(f.OID), Text: oidString(f.OID), Values: Hex(f.Values)})
			}
			x.OIDFilters = &fs
		case ca.BodyCompressionAlgorithms:
			as := make([]Enum, 0, len(e.CompressionAlgorithms))
			for _, a := range e.CompressionAlgorithms {
				as = append(as, enum(a.String(), int(a)))
			}
			x.CompressionAlgorithms = &as
		case ca.BodyCertificateStatus:
			x.OCSPResponse = hexPtr(e.OCSPResponse)
		case ca.BodySCTList:
			x.SCTs = hexList(e.SCTs)
		default:
			x.Data = hexPtr(e.Data)
		}
		out = append(out, x)
	}
	return &out
}

func enum(name string, code int) Enum {
	c := int64(code)
	return Enum{Name: name, Code: &c}
}

func schemeEnum(s ca.SignatureScheme) Enum {
	e := enum(s.String(), int(s))
	e.HexDigits = 4
	return e
}
