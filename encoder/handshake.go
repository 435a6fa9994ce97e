package encoder

import (
	"fmt"

	ca "github.com/clientauth/clientauth"
)

// Encode appends any owned message value given by pointer
// (*ca.CertificateRequest, *ca.Certificate, ...). It is the dispatcher for
// tools; the typed methods are the allocation-free path.
func (e *Encoder) Encode(dst []byte, m any) ([]byte, error) {
	switch m := m.(type) {
	case *ca.CertificateRequest:
		return e.CertificateRequest(dst, m)
	case *ca.Certificate:
		return e.Certificate(dst, m)
	case *ca.CertificateVerify:
		return e.CertificateVerify(dst, m)
	case *ca.ClientKeyExchange:
		return e.ClientKeyExchange(dst, m)
	case *ca.ServerHelloDone:
		return e.ServerHelloDone(dst)
	case *ca.Finished:
		return e.Finished(dst, m)
	case *ca.CompressedCertificate:
		return e.CompressedCertificate(dst, m)
	}
	return dst, fmt.Errorf("encoder: %T is not a message value", m)
}

// CertificateRequest appends m as a CertificateRequest for e.Params.
func (e *Encoder) CertificateRequest(dst []byte, m *ca.CertificateRequest) ([]byte, error) {
	return e.encode(dst, ca.TypeCertificateRequest, m)
}

// Certificate appends m as a Certificate for e.Params.
func (e *Encoder) Certificate(dst []byte, m *ca.Certificate) ([]byte, error) {
	return e.encode(dst, ca.TypeCertificate, m)
}

// CertificateVerify appends m as a CertificateVerify for e.Params.
func (e *Encoder) CertificateVerify(dst []byte, m *ca.CertificateVerify) ([]byte, error) {
	return e.encode(dst, ca.TypeCertificateVerify, m)
}

// ClientKeyExchange appends m as a TLS ≤1.2 ClientKeyExchange for
// e.Params.KeyExchange.
func (e *Encoder) ClientKeyExchange(dst []byte, m *ca.ClientKeyExchange) ([]byte, error) {
	return e.encode(dst, ca.TypeClientKeyExchange, m)
}

// ServerHelloDone appends a TLS ≤1.2 ServerHelloDone.
func (e *Encoder) ServerHelloDone(dst []byte) ([]byte, error) {
	return e.encode(dst, ca.TypeServerHelloDone, (*ca.ServerHelloDone)(nil)) // no body
}

// Finished appends m; verify_data must be e.Params.VerifyDataLen() bytes.
func (e *Encoder) Finished(dst []byte, m *ca.Finished) ([]byte, error) {
	return e.encode(dst, ca.TypeFinished, m)
}

// CompressedCertificate appends m as an RFC 8879 CompressedCertificate (TLS 1.3).
func (e *Encoder) CompressedCertificate(dst []byte, m *ca.CompressedCertificate) ([]byte, error) {
	return e.encode(dst, ca.TypeCompressedCertificate, m)
}
