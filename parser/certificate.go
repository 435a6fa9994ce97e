package parser

import (
	"iter"

	ca "github.com/clientauth/clientauth"
)

// Certificate is a view of a Certificate: RFC 5246 §7.4.2 (TLS ≤1.2), RFC 8446
// §4.4.2 (TLS 1.3), or RFC 7250 §3 under RawPublicKey.
type Certificate struct {
	Version ca.Version
	Context []byte // TLS 1.3
	Entries CertificateEntries
}

// CertificateEntries is a validated certificate_list.
type CertificateEntries struct {
	raw    []byte
	off    int
	n      int
	format entryFormat
}

type entryFormat uint8

const (
	entriesTLS12  entryFormat = iota // ASN.1Cert<1..2^24-1> each
	entriesTLS13                     // cert_data + extensions each
	entriesSingle                    // TLS 1.2 RawPublicKey: raw is the one SPKI
)

// CertificateEntry is one certificate (or SubjectPublicKeyInfo) with, in TLS
// 1.3, its extensions.
type CertificateEntry struct {
	Data       []byte
	Extensions Extensions
	Offset     int // of the entry's first byte, from the start of the message
}

// Len is the number of entries.
func (l CertificateEntries) Len() int { return l.n }

// All yields the entries in wire order.
func (l CertificateEntries) All() iter.Seq2[int, CertificateEntry] {
	return func(yield func(int, CertificateEntry) bool) {
		if l.format == entriesSingle {
			if l.n == 1 {
				yield(0, l.single())
			}
			return
		}
		for i, off := 0, 0; off < len(l.raw); i++ {
			e, n := l.entryAt(off)
			if !yield(i, e) {
				return
			}
			off += n
		}
	}
}

// At returns the i'th entry (see the At contract in lists.go): a walk of
// i entries.
func (l CertificateEntries) At(i int) CertificateEntry {
	inRange(i, l.n)
	if l.format == entriesSingle {
		return l.single()
	}
	ws := [2]int{3}
	if l.format == entriesTLS13 {
		ws[1] = 2
	}
	e, _ := l.entryAt(skip(l.raw, i, 0, ws))
	return e
}

// single is the one SubjectPublicKeyInfo of a TLS 1.2 RawPublicKey list.
func (l CertificateEntries) single() CertificateEntry {
	return CertificateEntry{Data: l.raw, Offset: l.off - 3}
}

// entryAt is the entry that starts off bytes into the list, and its size.
func (l CertificateEntries) entryAt(off int) (CertificateEntry, int) {
	b := l.raw[off:]
	e := CertificateEntry{Data: vectorAt(b, 3), Offset: l.off + off}
	n := 3 + len(e.Data)
	if l.format == entriesTLS13 {
		exts := vectorAt(b[n:], 2)
		e.Extensions = Extensions{raw: exts, off: l.off + off + n + 2, n: countExtensions(exts)}
		n += 2 + len(exts)
	}
	return e, n
}

func countExtensions(b []byte) int {
	n := 0
	for len(b) >= 4 {
		b = b[4+(int(b[2])<<8|int(b[3])):]
		n++
	}
	return n
}

// OCSPResponse returns the OCSPResponse of the entry's status_request.
func (e CertificateEntry) OCSPResponse() ([]byte, bool) {
	x, ok := e.Extensions.Find(ca.ExtStatusRequest)
	if !ok {
		return nil, false
	}
	return x.Data[4:], true // status_type, uint24 length
}

// SCTs returns the entry's signed_certificate_timestamp list.
func (e CertificateEntry) SCTs() (Vectors, bool) {
	x, ok := e.Extensions.Find(ca.ExtSignedCertificateTimestamp)
	if !ok {
		return Vectors{}, false
	}
	return Vectors{raw: x.Data[2:], width: 2, n: countVectors(x.Data[2:], 2)}, true
}

// fastCertificate is the fast path's check of a Certificate body:
// certificate12 and certificate13 without the records. A TLS ≤1.2 raw
// public key or OpenPGP certificate is left to the detailed path.
func (p *Parser) fastCertificate(b []byte, pre *prepared, c *Certificate) bool {
	s := scan(b)
	c.Version = pre.vers
	tls13 := c.Version == ca.VersionTLS13
	certType := pre.params.CertType
	if !tls13 && certType != ca.CertTypeX509 {
		return false
	}
	if tls13 && !s.vecTo(&c.Context, ca.BoundCTContext) {
		return false
	}
	list, ok := s.last(pre.ctList)
	if !ok {
		return false
	}
	c.Entries = CertificateEntries{raw: list, off: HeaderLen + len(b) - len(list), format: entriesTLS12}
	if tls13 {
		c.Entries.format = entriesTLS13
	}
	prof := pre.params.Profile
	for s = scan(list); len(s) > 0; c.Entries.n++ {
		cert, ok := s.vec(pre.ctData)
		if !ok || ca.CertificateDataCheck(certType, cert) != ca.NoCheck {
			return false
		}
		if tls13 {
			exts, ok := s.vec(ca.BoundCTEntryExtensions)
			if !ok {
				return false
			}
			if _, ok := fastBlock(exts, prof, nil); !ok {
				return false
			}
		}
	}
	return !tls13 || ca.CertificateCheck(pre.params, c.Entries.n, len(c.Context)) == ca.NoCheck
}

func (p *Parser) certificate12(r reader, c *Certificate) bool {
	var idx [3]int32
	switch p.Params.CertType {
	case ca.CertTypeRawPublicKey:
		if c.Version != ca.VersionTLS12 {
			return p.reject(ca.CheckBadParams, ca.ContainerCT, "", idx, 0, 0)
		}
		spki, ok := p.vec(&r, ca.BoundCTRawPublicKey12, "", idx) // 7250-3-a: no list
		if !ok || !p.done(r, ca.ContainerCT, "", idx) {
			return false
		}
		if c := ca.CertificateDataCheck(p.Params.CertType, spki.b); c != ca.NoCheck { // 7250-3-b
			return p.reject(c, ca.ContainerCT, "ASN1_subjectPublicKeyInfo", idx, spki.off, 0)
		}
		c.Entries = CertificateEntries{raw: spki.b, off: spki.off, n: 1, format: entriesSingle}
		return true
	case ca.CertTypeOpenPGP: // RFC 6091 is not supported
		return p.reject(ca.CheckBadParams, ca.ContainerCT, "", idx, 0, 0)
	}
	list, ok := p.vec(&r, ca.BoundCTList12, "", idx) // 5246-7.4.2-a
	if !ok || !p.done(r, ca.ContainerCT, "", idx) {
		return false
	}
	c.Entries = CertificateEntries{raw: list.b, off: list.off, format: entriesTLS12}
	for ; !list.empty(); c.Entries.n++ {
		idx[0] = int32(c.Entries.n)
		cert, ok := p.vec(&list, ca.BoundCTASN1Cert, "", idx)
		if !ok {
			return false
		}
		if c := ca.CertificateDataCheck(p.Params.CertType, cert.b); c != ca.NoCheck { // 8446-4.4.2-g
			return p.reject(c, ca.ContainerCT, "certificate_list[]", idx, cert.off, 0)
		}
	}
	return true
}

func (p *Parser) certificate13(r reader, c *Certificate) bool {
	var idx [3]int32
	ctxStart, ok := p.context(&r, ca.BoundCTContext, &c.Context) // 8446-4.4.2-c
	if !ok {
		return false
	}
	listStart := r.off
	list, ok := p.vec(&r, ca.BoundCTList13, "", idx)
	if !ok || !p.done(r, ca.ContainerCT, "", idx) {
		return false
	}
	dataBound := p.pre.ctData // cert_data, or ASN1_subjectPublicKeyInfo under RawPublicKey
	dataField := field(dataBound)
	c.Entries = CertificateEntries{raw: list.b, off: list.off, format: entriesTLS13}
	for ; !list.empty(); c.Entries.n++ {
		idx[0] = int32(c.Entries.n)
		data, ok := p.vec(&list, dataBound, "", idx)
		if !ok {
			return false
		}
		exts, ok := p.vec(&list, ca.BoundCTEntryExtensions, "", idx)
		if !ok {
			return false
		}
		if c := ca.CertificateDataCheck(p.Params.CertType, data.b); c != ca.NoCheck { // 7250-3-b, 8446-4.4.2-g
			return p.reject(c, ca.ContainerCT, dataField, idx, data.off, 0)
		}
		if _, ok := p.extBlock(exts, nil, idx, 1); !ok {
			return false
		}
	}
	idx[0] = 0
	// 8446-4.4.2-j, 8446-4.4.2-i, 8446-4.4.2-k, 8446-4.4.2-d
	switch chk := ca.CertificateCheck(p.Params, c.Entries.n, len(c.Context)); chk {
	case ca.NoCheck:
		return true
	case ca.CheckCTContextOutsidePostHandshake:
		return p.reject(chk, ca.ContainerCT, "", idx, ctxStart, len(c.Context))
	case ca.CheckRawPublicKeyEntries:
		return p.reject(chk, ca.ContainerCT, "", idx, listStart, c.Entries.n)
	default:
		return p.reject(chk, ca.ContainerCT, "", idx, listStart, 0)
	}
}

// Value copies the view into an owned value that encodes to the same bytes.
func (c Certificate) Value() ca.Certificate {
	v := ca.Certificate{Context: clone(c.Context)}
	for _, e := range c.Entries.All() {
		ent := ca.CertificateEntry{Data: clone(e.Data)}
		for _, x := range e.Extensions.All() {
			ent.Extensions = append(ent.Extensions, extensionValue(ca.TypeCertificate, x))
		}
		v.Entries = append(v.Entries, ent)
	}
	return v
}
