package dissect

// From JSON: the model converted to the owned values the encoder takes.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
)

// ToParams returns the context read; the zero values of omitted fields are
// the defaults (rfc8446, rsa, the version's Finished length, client, x509),
// and the version is required.
func (j Params) ToParams() (ca.Params, error) {
	if !j.read {
		return ca.Params{}, errors.New("params missing (version at least)")
	}
	if j.err != nil {
		return ca.Params{}, errors.New(strings.TrimPrefix(j.err.Error(), "clientauth: "))
	}
	if err := j.Params.Validate(); err != nil {
		return j.Params, errors.New("params: " + strings.TrimPrefix(err.Error(), "clientauth: "))
	}
	return j.Params, nil
}

// Value converts m to the owned value and Params the encoder takes.
func (m *Message) Value() (any, ca.Params, error) {
	p, err := m.Params.ToParams()
	if err != nil {
		return nil, p, &ValueError{Field: "params", Msg: err.Error()}
	}
	if m.Error != nil {
		return nil, p, &ValueError{Field: "error", Msg: "the message was invalid when dissected (" + m.Error.Message + "); it has no fields to encode"}
	}
	t, err := resolve(m.Type, "type", 8, handshakeByName)
	if err != nil {
		return nil, p, err
	}
	if bodies := countBodies(m); bodies != 1 {
		return nil, p, &ValueError{Field: "message", Msg: fmt.Sprintf("%d message bodies; want exactly one, the one type names", bodies)}
	}
	d := decoder{}
	var v any
	switch ca.HandshakeType(t) {
	case ca.TypeCertificateRequest:
		if m.CertificateRequest != nil {
			v = d.certificateRequest(m.CertificateRequest)
		}
	case ca.TypeCertificate:
		if m.Certificate != nil {
			v = d.certificate(m.Certificate)
		}
	case ca.TypeCertificateVerify:
		if cv := m.CertificateVerify; cv != nil {
			out := &ca.CertificateVerify{Signature: cv.Signature}
			if cv.Algorithm != nil {
				out.Algorithm = ca.SignatureScheme(d.enum(*cv.Algorithm, "certificate_verify.algorithm", 16, schemeByName))
			}
			v = out
		}
	case ca.TypeClientKeyExchange:
		if c := m.ClientKeyExchange; c != nil {
			v = &ca.ClientKeyExchange{PSKIdentity: bytesOf(c.PSKIdentity), EncryptedPreMasterSecret: bytesOf(c.EncryptedPreMasterSecret),
				DHYc: bytesOf(c.DHYc), ECPoint: bytesOf(c.ECPoint)}
		}
	case ca.TypeServerHelloDone:
		if m.ServerHelloDone != nil {
			v = &ca.ServerHelloDone{}
		}
	case ca.TypeFinished:
		if m.Finished != nil {
			v = &ca.Finished{VerifyData: m.Finished.VerifyData}
		}
	case ca.TypeCompressedCertificate:
		if cc := m.CompressedCertificate; cc != nil {
			out := &ca.CompressedCertificate{
				Algorithm:                    ca.CertificateCompressionAlgorithm(d.enum(cc.Algorithm, "compressed_certificate.algorithm", 16, compressionByName)),
				CompressedCertificateMessage: cc.CompressedCertificateMessage,
			}
			// uint24 on the wire: the encoder refuses above 2^24-1
			// (8879-4-a); a JSON number beyond uint32 cannot even be held.
			if cc.UncompressedLength < 0 || cc.UncompressedLength > 1<<32-1 {
				d.fail("compressed_certificate.uncompressed_length", fmt.Sprintf("%d is not a uint32", cc.UncompressedLength))
			}
			out.UncompressedLength = uint32(cc.UncompressedLength)
			v = out
		}
	default:
		return nil, p, &ValueError{Field: "type", Msg: fmt.Sprintf("%v is not a client-authentication message", ca.HandshakeType(t))}
	}
	if v == nil {
		return nil, p, &ValueError{Field: "message", Msg: fmt.Sprintf("type is %v but the body given is another message's", ca.HandshakeType(t))}
	}
	if d.err != nil {
		return nil, p, d.err
	}
	return v, p, nil
}

// Encode appends the message's wire bytes to dst. A value the encoder
// refuses comes back as the encoder's *ca.Error (a copy); a length given in
// the model that is not the length of what it covers is a *ValueError
// (Unchecked writes such lengths).
func (m *Message) Encode(dst []byte) ([]byte, error) {
	v, p, err := m.Value()
	if err != nil {
		return dst, err
	}
	out, err := encoder.New(p).Encode(dst, v)
	if err != nil {
		return dst, ownError(err)
	}
	// The encoder computes every length itself; a length the model gives
	// must be that length, so that a lie is refused rather than silently
	// corrected.
	if err := m.lyingLength(); err != nil {
		return dst, err
	}
	return out, nil
}

func bytesOf(h *Hex) []byte {
	if h == nil {
		return nil
	}
	return *h
}

// decoder keeps the first value error, so that conversion code reads
// straight through.
type decoder struct{ err error }

func (d *decoder) fail(field, msg string) {
	if d.err == nil {
		d.err = &ValueError{Field: field, Msg: msg}
	}
}

func (d *decoder) enum(e Enum, field string, bits int, byName func() map[string]int64) int64 {
	v, err := resolve(e, field, bits, byName)
	if err != nil && d.err == nil {
		d.err = err
	}
	return v
}

// resolve reads an Enum: the code when given (the name must then agree),
// else the name.
func resolve(e Enum, field string, bits int, byName func() map[string]int64) (int64, error) {
	max := int64(1)<<bits - 1
	if e.Code != nil {
		c := *e.Code
		if c < 0 || c > max {
			return 0, &ValueError{Field: field, Msg: fmt.Sprintf("code %d does not fit in %d bits", c, bits)}
		}
		if e.Name != "" {
			if want, ok := byName()[e.Name]; ok && want != c {
				return 0, &ValueError{Field: field, Msg: fmt.Sprintf("name %q is code %d, not %d", e.Name, want, c)}
			}
		}
		return c, nil
	}
	if c, ok := byName()[e.Name]; ok {
		return c, nil
	}
	if e.Name == "" {
		return 0, &ValueError{Field: field, Msg: "neither code nor name given"}
	}
	return 0, &ValueError{Field: field, Msg: fmt.Sprintf("unknown name %q; give the code", e.Name)}
}

func (d *decoder) schemes(l *[]Enum, field string) []ca.SignatureScheme {
	if l == nil {
		return nil
	}
	out := make([]ca.SignatureScheme, 0, len(*l))
	for i, e := range *l {
		out = append(out, ca.SignatureScheme(d.enum(e, field+"["+strconv.Itoa(i)+"]", 16, schemeByName)))
	}
	return out
}

func hexes(l *[]Vec) [][]byte {
	if l == nil {
		return nil
	}
	out := make([][]byte, 0, len(*l))
	for _, v := range *l {
		out = append(out, v.Data)
	}
	return out
}

func (d *decoder) certificateRequest(cr *CertificateRequest) *ca.CertificateRequest {
	out := &ca.CertificateRequest{
		SignatureAlgorithms:    d.schemes(cr.SignatureAlgorithms, "certificate_request.signature_algorithms"),
		CertificateAuthorities: hexes(cr.CertificateAuthorities),
		Context:                bytesOf(cr.Context),
		Extensions:             d.extensions(cr.Extensions, "certificate_request.extensions"),
	}
	if cr.CertificateTypes != nil {
		for i, e := range *cr.CertificateTypes {
			out.CertificateTypes = append(out.CertificateTypes,
				ca.ClientCertificateType(d.enum(e, "certificate_request.certificate_types["+strconv.Itoa(i)+"]", 8, certTypeByName)))
		}
	}
	return out
}

func (d *decoder) extensions(l *[]Extension, field string) []ca.Extension {
	if l == nil {
		return nil
	}
	out := make([]ca.Extension, 0, len(*l))
	for i, x := range *l {
		f := field + "[" + strconv.Itoa(i) + "]"
		e := ca.Extension{
			Type:                ca.ExtensionType(d.enum(x.Type, f+".type", 16, extensionByName)),
			SignatureAlgorithms: d.schemes(x.SignatureAlgorithms, f+".signature_algorithms"),
			Authorities:         hexes(x.Authorities),
			OCSPResponse:        bytesOf(x.OCSPResponse),
			SCTs:                hexes(x.SCTs),
			Data:                bytesOf(x.Data),
		}
		if x.OIDFilters != nil {
			for _, o := range *x.OIDFilters {
				e.OIDFilters = append(e.OIDFilters, ca.OIDFilter{OID: o.OID, Values: o.Values})
			}
		}
		if x.CompressionAlgorithms != nil {
			for j, a := range *x.CompressionAlgorithms {
				e.CompressionAlgorithms = append(e.CompressionAlgorithms,
					ca.CertificateCompressionAlgorithm(d.enum(a, f+".compression_algorithms["+strconv.Itoa(j)+"]", 16, compressionByName)))
			}
		}
		out = append(out, e)
	}
	return out
}

func (d *decoder) certificate(c *Certificate) *ca.Certificate {
	out := &ca.Certificate{Context: bytesOf(c.Context)}
	for i, e := range c.Entries {
		out.Entries = append(out.Entries, ca.CertificateEntry{
			Data:       e.Data,
			Extensions: d.extensions(e.Extensions, "certificate.certificate_list["+strconv.Itoa(i)+"].extensions"),
		})
	}
	return out
}
