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
