package dissect

// The unchecked writer: the model written to the wire as it stands, for
// crafting messages a parser must reject. Params decide the layout (which
// fields are on the wire, each prefix's width from the bounds table's rows);
// the model decides every byte: a length given is written verbatim, a
// missing one is the length of what it covers, and no bound or rule is
// checked. The one thing refused is what no wire form can carry: a number
// too wide for its field, a value in a field the layout does not have, two
// bodies.

import (
	"fmt"
	"strconv"

	ca "github.com/clientauth/clientauth"
)

// Unchecked appends the message's wire bytes to dst as the model gives
// them, out-of-bound values and lying lengths included (see the package's
// model comment). The type byte is the one given; the body present decides
// the layout. The error is a *ValueError; on error dst is returned as it
// was.
func (m *Message) Unchecked(dst []byte) ([]byte, error) {
	w := wire{b: dst, start: len(dst)}
	w.message(m)
	if w.err != nil {
		return dst, w.err
	}
	return w.b, nil
}

// FillLengths sets every length the model leaves out to the length of what
// it covers, so that the JSON shows each prefix (dissect -json -lengths) and
// an edit of one of them is the only change Unchecked makes to the bytes.
// On error (a message Unchecked refuses) the model may be partly filled.
func (m *Message) FillLengths() error {
	w := wire{fill: true}
	w.message(m)
	return w.err
}

// lyingLength is the first length given that is not the length it covers,
// or that is given for a field not on the wire; the checked Encode refuses
// it. The writer's other errors are not reported: the encoder has judged
// the values, and a message without lengths is never refused here, so the
// checked path is what it was for JSON that gives none.
func (m *Message) lyingLength() error {
	w := wire{}
	w.message(m)
	if w.lie != nil {
		return w.lie
	}
	return nil
}

// wire writes the model. It keeps the first error, so the writing code
// reads straight through.
type wire struct {
	b     []byte
	start int
	fill  bool // store computed lengths into the model
	p     ca.Params
	d     decoder // enum resolution, with its own first error
	err   error
	lie   *ValueError
}

func (w *wire) fail(field, format string, args ...any) {
	if w.err == nil {
		w.err = &ValueError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
}

func (w *wire) uint(v uint64, width int) {
	for i := width - 1; i >= 0; i-- {
		w.b = append(w.b, byte(v>>(8*i)))
	}
}

// open appends a placeholder prefix of the row's width; close fills it.
func (w *wire) open(id ca.BoundID) (at, width int) {
	width = ca.Bounds[id].Width
	at = len(w.b)
	w.uint(0, width)
	return at, width
}

// close writes the length of what follows the prefix at, or the length
// given in *given.
func (w *wire) close(at, width int, given **int, field string) {
	n := len(w.b) - at - width
	v := n
	switch {
	case *given != nil:
		v = **given
		if v != n && w.lie == nil {
			w.lie = &ValueError{Field: field, Msg: fmt.Sprintf(
				"length %d given, but %d bytes follow it; remove it to have it computed, or write it as given with Unchecked (encode -unchecked)", v, n)}
		}
	case w.fill:
		c := n
		*given = &c
	}
	if max := 1<<(8*width) - 1; v < 0 || v > max {
		if *given != nil {
			w.fail(field, "length %d does not fit in %d bytes", v, width)
		} else {
			w.fail(field, "%d bytes follow, more than a %d-byte length can say", v, width)
		}
		return
	}
	for i := width - 1; i >= 0; i-- {
		w.b[at+i] = byte(v)
		v >>= 8
	}
}

// vec writes a vector with the prefix of row id.
func (w *wire) vec(id ca.BoundID, given **int, field string, data []byte) {
	at, width := w.open(id)
	w.b = append(w.b, data...)
	w.close(at, width, given, field)
}

// absent refuses a field the layout does not have when it holds a value
// (an empty one is dropped, as the encoder drops it), and a length given
// for it, which the checked Encode refuses too.
func (w *wire) absent(field string, nonEmpty bool, length *int) {
	if nonEmpty {
		w.fail(field, "not on the wire under %v", w.p)
	}
	if length != nil {
		e := &ValueError{Field: field + "_length", Msg: fmt.Sprintf("given, but %s is not on the wire under %v", field, w.p)}
		if w.err == nil {
			w.err = e
		}
		if w.lie == nil {
			w.lie = e
		}
	}
}

func hexLen(h *Hex) int {
	if h == nil {
		return 0
	}
	return len(*h)
}

func listLen[T any](l *[]T) int {
	if l == nil {
		return 0
	}
	return len(*l)
}

// enums writes a list of codes bits wide under the prefix of row id; given
// is the list's length field, named field+"_length".
func (w *wire) enums(id ca.BoundID, given **int, l *[]Enum, field string, bits int, byName func() map[string]int64) {
	at, width := w.open(id)
	if l != nil {
		for i, e := range *l {
			w.uint(uint64(w.d.enum(e, field+"["+strconv.Itoa(i)+"]", bits, byName)), bits/8)
		}
	}
	w.close(at, width, given, field+"_length")
}

// vecs writes a list of vectors (row elem) under the prefix of row id.
func (w *wire) vecs(id ca.BoundID, given **int, l *[]Vec, elem ca.BoundID, field string) {
	at, width := w.open(id)
	if l != nil {
		for i := range *l {
			v := &(*l)[i]
			w.vec(elem, &v.Length, field+"["+strconv.Itoa(i)+"]", v.Data)
		}
	}
	w.close(at, width, given, field+"_length")
}

func (w *wire) message(m *Message) {
	p, err := m.Params.ToParams()
	if err != nil {
		w.err = &ValueError{Field: "params", Msg: err.Error()}
		return
	}
	w.p = p
	if m.Error != nil {
		w.fail("error", "the message was invalid when dissected (%s); it has no fields to encode", m.Error.Message)
		return
	}
	t, err := resolve(m.Type, "type", 8, handshakeByName)
	if err != nil {
		w.err = err
		return
	}
	w.uint(uint64(t), 1)
	at, width := w.open(ca.BoundHandshakeLength)
	switch {
	case m.CertificateRequest != nil:
		w.certificateRequest(m.CertificateRequest)
	case m.Certificate != nil:
		w.certificate(m.Certificate)
	case m.CertificateVerify != nil:
		w.certificateVerify(m.CertificateVerify)
	case m.ClientKeyExchange != nil:
		w.clientKeyExchange(m.ClientKeyExchange)
	case m.Finished != nil:
		w.b = append(w.b, m.Finished.VerifyData...)
	case m.CompressedCertificate != nil:
		w.compressedCertificate(m.CompressedCertificate)
	}
	if n := countBodies(m); n != 1 {
		w.fail("message", "%d message bodies; want exactly one", n)
	}
	w.close(at, width, &m.Length, "length")
	if w.err == nil {
		w.err = w.d.err
	}
	if w.err != nil {
		w.b = w.b[:w.start]
	}
}

func countBodies(m *Message) int {
	n := 0
	for _, set := range []bool{m.CertificateRequest != nil, m.Certificate != nil, m.CertificateVerify != nil,
		m.ClientKeyExchange != nil, m.ServerHelloDone != nil, m.Finished != nil, m.CompressedCertificate != nil} {
		if set {
			n++
		}
	}
	return n
}

func (w *wire) certificateRequest(cr *CertificateRequest) {
	const c = ca.ContainerCR
	if w.p.Vers() == ca.VersionTLS13 {
		w.absent(c+".certificate_types", listLen(cr.CertificateTypes) > 0, cr.CertificateTypesLength)
		w.absent(c+".signature_algorithms", listLen(cr.SignatureAlgorithms) > 0, cr.SignatureAlgorithmsLength)
		w.absent(c+".certificate_authorities", listLen(cr.CertificateAuthorities) > 0, cr.CertificateAuthoritiesLength)
		var ctx []byte
		if cr.Context != nil {
			ctx = *cr.Context
		}
		w.vec(ca.BoundCRContext, &cr.ContextLength, c+".certificate_request_context_length", ctx)
		at, width := w.open(w.p.Row(ca.BoundCRExtensions, ca.BoundCRExtensions9846))
		w.extensions(cr.Extensions, c+".extensions")
		w.close(at, width, &cr.ExtensionsLength, c+".extensions_length")
		return
	}
	w.absent(c+".certificate_request_context", hexLen(cr.Context) > 0, cr.ContextLength)
	w.absent(c+".extensions", listLen(cr.Extensions) > 0, cr.ExtensionsLength)
	w.enums(ca.BoundCRCertificateTypes, &cr.CertificateTypesLength, cr.CertificateTypes, c+".certificate_types", 8, certTypeByName)
	if w.p.Vers() == ca.VersionTLS12 {
		w.enums(ca.BoundCRSignatureAlgorithms12, &cr.SignatureAlgorithmsLength, cr.SignatureAlgorithms, c+".signature_algorithms", 16, schemeByName)
	} else {
		w.absent(c+".signature_algorithms", listLen(cr.SignatureAlgorithms) > 0, cr.SignatureAlgorithmsLength)
	}
	w.vecs(w.p.Row(ca.BoundCRAuthorities10, ca.BoundCRAuthorities), &cr.CertificateAuthoritiesLength,
		cr.CertificateAuthorities, ca.BoundDistinguishedName12, c+".certificate_authorities")
}

// extensions writes an extension block's contents; each body is the one
// body field set (none: empty), whatever the type, so any body can be put
// under any type.
func (w *wire) extensions(l *[]Extension, field string) {
	if l == nil {
		return
	}
	for i := range *l {
		x := &(*l)[i]
		f := field + "[" + strconv.Itoa(i) + "]"
		w.uint(uint64(w.d.enum(x.Type, f+".type", 16, extensionByName)), 2)
		at, width := w.open(ca.BoundExtensionData)
		set := 0
		if x.SignatureAlgorithms != nil {
			set++
			w.enums(ca.BoundSignatureSchemeList, &x.SignatureAlgorithmsLength, x.SignatureAlgorithms, f+".signature_algorithms", 16, schemeByName)
		}
		if x.Authorities != nil {
			set++
			w.vecs(ca.BoundAuthorities, &x.AuthoritiesLength, x.Authorities, ca.BoundDistinguishedName, f+".authorities")
		}
		if x.OIDFilters != nil {
			set++
			at, width := w.open(ca.BoundOIDFilters)
			for j := range *x.OIDFilters {
				o := &(*x.OIDFilters)[j]
				g := f + ".oid_filters[" + strconv.Itoa(j) + "]"
				w.vec(ca.BoundOIDFilterOID, &o.OIDLength, g+".certificate_extension_oid_length", o.OID)
				w.vec(ca.BoundOIDFilterValues, &o.ValuesLength, g+".certificate_extension_values_length", o.Values)
			}
			w.close(at, width, &x.OIDFiltersLength, f+".oid_filters_length")
		}
		if x.CompressionAlgorithms != nil {
			set++
			w.enums(ca.BoundCompressionAlgorithms, &x.CompressionAlgorithmsLength, x.CompressionAlgorithms, f+".compression_algorithms", 16, compressionByName)
		}
		if x.OCSPResponse != nil {
			set++
			w.uint(uint64(ca.StatusTypeOCSP), 1)
			w.vec(ca.BoundOCSPResponse, &x.OCSPResponseLength, f+".ocsp_response_length", *x.OCSPResponse)
		}
		if x.SCTs != nil {
			set++
			w.vecs(ca.BoundSCTList, &x.SCTsLength, x.SCTs, ca.BoundSerializedSCT, f+".scts")
		}
		if x.Data != nil {
			set++
			w.b = append(w.b, *x.Data...)
		}
		if set > 1 {
			w.fail(f, "%d bodies; want at most one", set)
		}
		w.close(at, width, &x.Length, f+".length")
	}
}

func (w *wire) certificate(ct *Certificate) {
	const c = ca.ContainerCT
	v13 := w.p.Vers() == ca.VersionTLS13
	if v13 {
		var ctx []byte
		if ct.Context != nil {
			ctx = *ct.Context
		}
		w.vec(ca.BoundCTContext, &ct.ContextLength, c+".certificate_request_context_length", ctx)
	} else {
		w.absent(c+".certificate_request_context", hexLen(ct.Context) > 0, ct.ContextLength)
	}
	entry := ca.BoundCTASN1Cert
	switch {
	case v13 && w.p.CertType == ca.CertTypeRawPublicKey:
		entry = ca.BoundCTRawPublicKey13
	case v13:
		entry = ca.BoundCTCertData
	case w.p.CertType == ca.CertTypeRawPublicKey:
		// RFC 7250 §3: TLS 1.2 sends the one SubjectPublicKeyInfo without a
		// list around it; more entries are written back to back.
		w.absent(c+".certificate_list", false, ct.ListLength)
		w.entries(ct.Entries, ca.BoundCTRawPublicKey12, false)
		return
	}
	at, width := w.open(w.p.Row(ca.BoundCTList13, ca.BoundCTList12))
	w.entries(ct.Entries, entry, v13)
	w.close(at, width, &ct.ListLength, c+".certificate_list_length")
}

func (w *wire) entries(l []CertificateEntry, id ca.BoundID, v13 bool) {
	for i := range l {
		e := &l[i]
		f := ca.ContainerCT + ".certificate_list[" + strconv.Itoa(i) + "]"
		w.vec(id, &e.DataLength, f+".cert_data_length", e.Data)
		if !v13 {
			w.absent(f+".extensions", listLen(e.Extensions) > 0, e.ExtensionsLength)
			continue
		}
		at, width := w.open(ca.BoundCTEntryExtensions)
		w.extensions(e.Extensions, f+".extensions")
		w.close(at, width, &e.ExtensionsLength, f+".extensions_length")
	}
}

func (w *wire) certificateVerify(cv *CertificateVerify) {
	const c = ca.ContainerCV
	if w.p.Vers() >= ca.VersionTLS12 {
		var alg int64 // absent: written as 0x0000
		if cv.Algorithm != nil {
			alg = w.d.enum(*cv.Algorithm, c+".algorithm", 16, schemeByName)
		}
		w.uint(uint64(alg), 2)
	} else {
		// The encoder takes a zero algorithm as none.
		w.absent(c+".algorithm", cv.Algorithm != nil && w.d.enum(*cv.Algorithm, c+".algorithm", 16, schemeByName) != 0, nil)
	}
	w.vec(w.p.Row(ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10), &cv.SignatureLength, c+".signature_length", cv.Signature)
}

// clientKeyExchange writes the fields the key exchange has, in wire order:
// psk_identity when HasPSKIdentity, then the ExchangeBound row's vector.
func (w *wire) clientKeyExchange(cke *ClientKeyExchange) {
	const c = ca.ContainerCKE
	k := w.p.KeyExchange
	type field struct {
		id     ca.BoundID
		data   *Hex
		length **int
		on     bool
	}
	exch := k.ExchangeBound()
	for _, f := range []field{
		{ca.BoundPSKIdentity, cke.PSKIdentity, &cke.PSKIdentityLength, k.HasPSKIdentity()},
		{ca.BoundEncryptedPreMasterSecret, cke.EncryptedPreMasterSecret, &cke.EncryptedPreMasterSecretLength, exch == ca.BoundEncryptedPreMasterSecret},
		{ca.BoundDHYc, cke.DHYc, &cke.DHYcLength, exch == ca.BoundDHYc},
		{ca.BoundECPoint, cke.ECPoint, &cke.ECPointLength, exch == ca.BoundECPoint},
	} {
		name := c + "." + ca.Bounds[f.id].Field
		if !f.on {
			w.absent(name, hexLen(f.data) > 0, *f.length)
			continue
		}
		var data []byte
		if f.data != nil {
			data = *f.data
		}
		w.vec(f.id, f.length, name+"_length", data)
	}
}

func (w *wire) compressedCertificate(cc *CompressedCertificate) {
	const c = ca.ContainerCC
	w.uint(uint64(w.d.enum(cc.Algorithm, c+".algorithm", 16, compressionByName)), 2)
	if cc.UncompressedLength < 0 || cc.UncompressedLength > ca.MaxUint24 {
		w.fail(c+".uncompressed_length", "%d is not a uint24", cc.UncompressedLength)
	}
	w.uint(uint64(cc.UncompressedLength), 3)
	w.vec(ca.BoundCompressedCertificateMessage, &cc.CompressedCertificateMessageLength, c+".compressed_certificate_message_length", cc.CompressedCertificateMessage)
}
