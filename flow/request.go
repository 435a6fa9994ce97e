package flow

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// maxCompression is how many algorithms a compress_certificate list holds
// at most: each is a uint16.
const maxCompression = ca.MaxCompressionAlgorithmsLen / 2

// request is what a client's answer to one CertificateRequest is checked
// against, copied out of the request (whose bytes the caller may reuse).
type request struct {
	context     [ca.MaxContextLen]byte
	contextLen  uint8
	hasSchemes  bool                 // TLS 1.0/1.1 requests list none
	schemes     [1 << 16 / 64]uint64 // signature_algorithms as a bit set: any of the 2^15-1 values, no cap
	certTypes   [4]uint64            // TLS ≤1.2 certificate_types as a bit set
	entryExts   uint64               // CertificateEntry extensions asked for, as bits of ctBit
	compression [maxCompression]ca.CertificateCompressionAlgorithm
	nCompress   uint8
}

// ctBit numbers the extension types that may appear in a CertificateEntry
// (the InCT column of ca.Extensions), so a request's set is one word.
var ctBit = map[ca.ExtensionType]uint64{}

func init() {
	for _, e := range ca.Extensions() {
		if e.InCT != 0 {
			if len(ctBit) == 64 {
				panic("flow: more than 64 CertificateEntry extension types")
			}
			ctBit[e.Type] = 1 << len(ctBit)
		}
	}
}

func (r *request) set(cr parser.CertificateRequest, profile ca.Profile) {
	r.contextLen = uint8(copy(r.context[:], cr.Context))
	r.schemes = [len(r.schemes)]uint64{}
	r.hasSchemes = cr.SignatureAlgorithms.Len() > 0
	for _, s := range cr.SignatureAlgorithms.All() {
		r.schemes[s>>6] |= 1 << (s & 63)
	}
	r.certTypes = [4]uint64{}
	for _, t := range cr.CertificateTypes {
		r.certTypes[t>>6] |= 1 << (t & 63)
	}
	r.entryExts = 0
	for _, e := range cr.Extensions.All() {
		// 8446-4.4.2-e: only types a CertificateEntry may carry under the
		// profile can be echoed; the parser refuses the rest in an entry.
		if place, _ := ca.CTPlacement(e.Type, profile); place == ca.PlacementAllowed {
			r.entryExts |= ctBit[e.Type]
		}
	}
	r.nCompress = 0
	for _, a := range cr.CompressionAlgorithms.All() {
		r.compression[r.nCompress] = a // at most maxCompression: the parser held the list to its bound
		r.nCompress++
	}
}

func (r *request) ctx() []byte { return r.context[:r.contextLen] }

func (r *request) offers(s ca.SignatureScheme) bool { return r.schemes[s>>6]&(1<<(s&63)) != 0 }

func (r *request) compresses(a ca.CertificateCompressionAlgorithm) bool {
	for _, c := range r.compression[:r.nCompress] {
		if c == a {
			return true
		}
	}
	return false
}

// contextStore remembers every post-handshake context of the connection,
// each as a length byte and its bytes, to refuse a repeat (8446-4.3.2-c).
// ContextStoreSize bytes hold at least 32 contexts of the maximal 255
// bytes (ca.MaxContextLen, so one length byte), or 256 of 31; past that the validator refuses the request with
// internal_error rather than stop checking.
const ContextStoreSize = 8192

type contextStore struct {
	b [ContextStoreSize]byte
	n int
}

func (s *contextStore) seen(c []byte) bool {
	for i := 0; i < s.n; {
		l := int(s.b[i])
		if l == len(c) && string(s.b[i+1:i+1+l]) == string(c) {
			return true
		}
		i += 1 + l
	}
	return false
}

func (s *contextStore) add(c []byte) bool {
	if s.n+1+len(c) > len(s.b) {
		return false
	}
	s.b[s.n] = byte(len(c))
	copy(s.b[s.n+1:], c)
	s.n += 1 + len(c)
	return true
}
