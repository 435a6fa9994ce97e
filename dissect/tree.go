package dissect

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// Node is one line of a dissection tree.
type Node struct {
	Text string
	// Offset is where the field starts in the message, header included (for
	// a vector, its length prefix); -1 for a line that stands for no one
	// field, such as a list's title.
	Offset   int
	Children []*Node
}

func (n *Node) add(off int, format string, args ...any) *Node {
	c := &Node{Text: fmt.Sprintf(format, args...), Offset: off}
	n.Children = append(n.Children, c)
	return c
}

// Indent is the width of one tree level, as tshark -V prints it.
const Indent = "    "

// Format writes the tree, one line per node, children indented by Indent
// below their parent, the root at depth levels.
func (n *Node) Format(w io.Writer, depth int) error {
	if _, err := io.WriteString(w, strings.Repeat(Indent, depth)+n.Text+"\n"); err != nil {
		return err
	}
	for _, c := range n.Children {
		if err := c.Format(w, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (n *Node) String() string {
	var b strings.Builder
	n.Format(&b, 0)
	return b.String()
}

// Walk calls f for n and every node below it, in output order.
func (n *Node) Walk(f func(n *Node, depth int)) { n.walk(f, 0) }

func (n *Node) walk(f func(*Node, int), depth int) {
	f(n, depth)
	for _, c := range n.Children {
		c.walk(f, depth+1)
	}
}

// Dissect parses msg (one handshake message, header included) under p and
// returns its tree. err is the parser's rejection (a *ca.Error the caller
// owns) or nil; when it is set, the tree stops where the parser stopped
// (for a decode error: the bytes after the failing field are not shown) and
// the error, with its field, offset, alert and requirement, hangs below the
// line of the field it names.
func Dissect(msg []byte, p ca.Params) (*Node, error) {
	root := walk(msg, p)
	_, perr := parser.New(p).Parse(msg)
	if perr == nil {
		return root, nil
	}
	var pe *ca.Error
	if !errors.As(perr, &pe) {
		return root, perr
	}
	e := *pe // the parser owns *pe
	Attach(root, &e)
	return root, &e
}

// Attach hangs e below the node of the field at e.Offset (or at the end of
// the message when no line starts there). A decode error, an unexpected
// message or bad parameters end the dissection at that offset: what follows
// was read by no parser and would be guesswork.
func Attach(root *Node, e *ca.Error) {
	switch e.Alert {
	case ca.AlertDecodeError, ca.AlertUnexpectedMessage, ca.AlertInternalError:
		truncate(root, e.Offset)
	}
	expert := errorNode(e)
	var at *Node
	root.Walk(func(n *Node, _ int) {
		if at == nil && n != root && n.Offset == e.Offset {
			at = n
		}
	})
	if at == nil {
		at = root
	}
	at.Children = append(at.Children, expert)
}

// errorNode is the line clientauth adds to Wireshark's view: what is wrong
// and which rule says so.
func errorNode(e *ca.Error) *Node {
	n := &Node{Text: "[Expert Info (Error/clientauth): " + e.Reason() + "]", Offset: -1}
	n.add(-1, "[Field: %s]", e.Field())
	if e.Offset >= 0 {
		n.add(-1, "[Offset: %d]", e.Offset)
	}
	n.add(-1, "[Alert: %s (%d)]", e.Alert, uint8(e.Alert))
	if e.Requirement != "" {
		n.add(-1, "[Requirement: %s]", e.Requirement)
	}
	return n
}

// truncate drops the lines of fields that start after off, and titles left
// with nothing below them.
func truncate(n *Node, off int) {
	kept := n.Children[:0]
	for _, c := range n.Children {
		truncate(c, off)
		if c.Offset > off || c.Offset < 0 && len(c.Children) == 0 && isTitle(c) {
			continue
		}
		kept = append(kept, c)
	}
	n.Children = kept
}

// isTitle reports whether a generated line summarises children (as
// "Certificates (443 bytes)" does) rather than saying something itself.
func isTitle(n *Node) bool { return !strings.HasPrefix(n.Text, "[") }

// maxHex is how many bytes a value line shows before "…", as tshark does.
const maxHex = 36

func hexShort(b []byte) string {
	if len(b) > maxHex {
		return hex.EncodeToString(b[:maxHex]) + "…"
	}
	return hex.EncodeToString(b)
}

// cursor reads a part of the message and knows its offset. Every read
// checks the bytes are there: the walker sees invalid messages too.
type cursor struct {
	b   []byte
	off int
}

func (c *cursor) empty() bool { return len(c.b) == 0 }

func (c *cursor) take(n int) (cursor, bool) {
	if n < 0 || n > len(c.b) {
		return cursor{}, false
	}
	v := cursor{b: c.b[:n:n], off: c.off}
	c.b, c.off = c.b[n:], c.off+n
	return v, true
}

func (c *cursor) uint(width int) (int, bool) {
	v, ok := c.take(width)
	if !ok {
		return 0, false
	}
	n := 0
	for _, x := range v.b {
		n = n<<8 | int(x)
	}
	return n, true
}

func width(id ca.BoundID) int { return ca.Bounds[id].Width }

// vec reads a length prefix of the row's width, adds "label: n" and returns
// the content; ok is false when the prefix or the content is cut short.
func vec(parent *Node, c *cursor, id ca.BoundID, label string) (cursor, bool) {
	start := c.off
	n, ok := c.uint(width(id))
	if !ok {
		return cursor{}, false
	}
	parent.add(start, "%s: %d", label, n)
	return c.take(n)
}

// walker builds the tree of one message from its bytes alone, tolerating
// any input; Dissect then lays the parser's verdict over it.
type walker struct {
	p ca.Params
}

func walk(msg []byte, p ca.Params) *Node {
	root := &Node{Offset: -1}
	if len(msg) == 0 {
		root.Text = "Handshake Protocol: (empty)"
		return root
	}
	t := ca.HandshakeType(msg[0])
	root.Text = "Handshake Protocol: " + HandshakeName(t)
	root.add(0, "Handshake Type: %s (%d)", HandshakeName(t), t)
	c := cursor{b: msg[1:], off: 1}
	n, ok := c.uint(3)
	if !ok {
		return root
	}
	root.add(1, "Length: %d", n)
	if n < len(c.b) {
		c.b = c.b[:n]
	}
	w := walker{p: p}
	v := p.Vers()
	switch t {
	case ca.TypeCertificateRequest:
		if v == ca.VersionTLS13 {
			w.certificateRequest13(root, c)
		} else {
			w.certificateRequest12(root, c)
		}
	case ca.TypeCertificate:
		if v == ca.VersionTLS13 {
			w.certificate13(root, c)
		} else {
			w.certificate12(root, c)
		}
	case ca.TypeCertificateVerify:
		w.certificateVerify(root, c)
	case ca.TypeClientKeyExchange:
		w.clientKeyExchange(root, c)
	case ca.TypeFinished:
		if !c.empty() {
			root.add(c.off, "Verify Data: %s", hexShort(c.b))
		}
	case ca.TypeCompressedCertificate:
		w.compressedCertificate(root, c)
	}
	return root
}

func (w walker) certificateRequest12(root *Node, c cursor) {
	types, ok := vec(root, &c, ca.BoundCRCertificateTypes, "Certificate types count")
	if !ok {
		return
	}
	if len(types.b) > 0 {
		list := root.add(-1, "Certificate types (%s)", plural(len(types.b), "type"))
		for i, t := range types.b {
			list.add(types.off+i, "Certificate type: %s (%d)", CertTypeName(ca.ClientCertificateType(t)), t)
		}
	}
	if w.p.Vers() == ca.VersionTLS12 {
		algs, ok := vec(root, &c, ca.BoundCRSignatureAlgorithms12, "Signature Hash Algorithms Length")
		if !ok {
			return
		}
		schemeList(root, algs)
	}
	id := ca.BoundCRAuthorities
	if w.p.Vers() == ca.VersionTLS10 {
		id = ca.BoundCRAuthorities10
	}
	cas, ok := vec(root, &c, id, "Distinguished Names Length")
	if ok {
		dnList(root, cas, ca.BoundDistinguishedName12)
	}
}

// schemeList adds "Signature Hash Algorithms (n algorithms)" and a line per
// scheme.
func schemeList(parent *Node, c cursor) {
	if len(c.b) < 2 {
		return
	}
	list := parent.add(-1, "Signature Hash Algorithms (%s)", plural(len(c.b)/2, "algorithm"))
	for len(c.b) >= 2 {
		off := c.off
		s, _ := c.uint(2)
		schemeLine(list, off, ca.SignatureScheme(s))
	}
}

// schemeLine adds "Signature Algorithm: name (0x0403)"; a TLS 1.2 pair gets
// Wireshark's hash and signature sub-lines.
func schemeLine(parent *Node, off int, s ca.SignatureScheme) {
	n := parent.add(off, "Signature Algorithm: %s (0x%04x)", SignatureName(s), uint16(s))
	if isPair(s) {
		n.add(off, "Signature Hash Algorithm Hash: %s (%d)", hashNames[s>>8], s>>8)
		n.add(off+1, "Signature Hash Algorithm Signature: %s (%d)", sigAlgNames[uint8(s)], uint8(s))
	}
}

// dnList adds "Distinguished Names (n bytes)" and each name.
func dnList(parent *Node, c cursor, item ca.BoundID) {
	if c.empty() {
		return
	}
	list := parent.add(-1, "Distinguished Names (%d bytes)", len(c.b))
	for !c.empty() {
		dn, ok := vec(list, &c, item, "Distinguished Name Length")
		if !ok {
			return
		}
		if s, ok := formatName(dn.b); ok {
			list.add(dn.off, "Distinguished Name: (%s)", s)
		} else {
			list.add(dn.off, "Distinguished Name: %s", hexShort(dn.b))
		}
	}
}

func (w walker) context(root *Node, c *cursor, id ca.BoundID) bool {
	ctx, ok := vec(root, c, id, "Certificate Request Context Length")
	if ok && !ctx.empty() {
		root.add(ctx.off, "Certificate Request Context: %s", hexShort(ctx.b))
	}
	return ok
}

func (w walker) certificateRequest13(root *Node, c cursor) {
	if !w.context(root, &c, ca.BoundCRContext) {
		return
	}
	id := ca.BoundCRExtensions
	if w.p.Profile == ca.RFC9846 {
		id = ca.BoundCRExtensions9846
	}
	exts, ok := vec(root, &c, id, "Extensions Length")
	if ok {
		w.extensions(root, exts, ca.TypeCertificateRequest)
	}
}

func (w walker) extensions(parent *Node, c cursor, m ca.HandshakeType) {
	for !c.empty() {
		start := c.off
		t16, ok := c.uint(2)
		if !ok {
			return
		}
		t := ca.ExtensionType(t16)
		name, known := ExtensionName(t)
		label := name
		if !known {
			label = fmt.Sprintf("Unknown type %d", t)
		}
		lenOff := c.off
		n, ok := c.uint(width(ca.BoundExtensionData))
		if !ok {
			x := parent.add(start, "Extension: %s", label)
			x.add(start, "Type: %s (%d)", name, t)
			return
		}
		x := parent.add(start, "Extension: %s (len=%d)", label, n)
		x.add(start, "Type: %s (%d)", name, t)
		x.add(lenOff, "Length: %d", n)
		body, ok := c.take(n)
		if !ok {
			return
		}
		w.extensionBody(x, body, ca.ExtensionBody(m, t, w.p.Profile))
	}
}

// extensionBody adds the fields of an extension body read as kind.
func (w walker) extensionBody(x *Node, c cursor, kind ca.BodyKind) {
	switch kind {
	case ca.BodySignatureSchemeList:
		if algs, ok := vec(x, &c, ca.BoundSignatureSchemeList, "Signature Hash Algorithms Length"); ok {
			schemeList(x, algs)
		}
	case ca.BodyCertificateAuthorities:
		if cas, ok := vec(x, &c, ca.BoundAuthorities, "Distinguished Names Length"); ok {
			dnList(x, cas, ca.BoundDistinguishedName)
		}
	case ca.BodyOIDFilters:
		if fs, ok := vec(x, &c, ca.BoundOIDFilters, "OID Filters Length"); ok {
			oidFilters(x, fs)
		}
	case ca.BodyCompressionAlgorithms:
		if algs, ok := vec(x, &c, ca.BoundCompressionAlgorithms, "Algorithms Length"); ok {
			for len(algs.b) >= 2 {
				off := algs.off
				a, _ := algs.uint(2)
				x.add(off, "Algorithm: %s (%d)", CompressionName(ca.CertificateCompressionAlgorithm(a)), a)
			}
		}
	case ca.BodyCertificateStatus:
		off := c.off
		st, ok := c.uint(1)
		if !ok {
			return
		}
		if st == 1 {
			x.add(off, "Certificate Status Type: OCSP (1)")
		} else {
			x.add(off, "Certificate Status Type: Unknown (%d)", st)
			return
		}
		if resp, ok := vec(x, &c, ca.BoundOCSPResponse, "OCSP Response Length"); ok {
			x.add(resp.off, "OCSP Response: %s", hexShort(resp.b))
		}
	case ca.BodySCTList:
		if list, ok := vec(x, &c, ca.BoundSCTList, "Serialized SCT List Length"); ok {
			for !list.empty() {
				sct := x.add(-1, "Signed Certificate Timestamp")
				item, ok := vec(sct, &list, ca.BoundSerializedSCT, "Serialized SCT Length")
				if !ok {
					return
				}
				serializedSCT(sct, item)
			}
		}
	default: // BodyOpaque, BodyEmpty
		if !c.empty() {
			x.add(c.off, "Data: %s", hexShort(c.b))
		}
	}
}

func oidFilters(x *Node, c cursor) {
	for !c.empty() {
		f := x.add(-1, "OID Filter")
		oid, ok := vec(f, &c, ca.BoundOIDFilterOID, "Certificate Extension OID Length")
		if !ok {
			return
		}
		dotted := oidString(oid.b)
		if dotted == "" {
			f.add(oid.off, "Certificate Extension OID: %s", hexShort(oid.b))
		} else {
			f.Text = "OID Filter (" + dotted + ")"
			f.add(oid.off, "Certificate Extension OID: %s", dotted)
		}
		vals, ok := vec(f, &c, ca.BoundOIDFilterValues, "Certificate Extension Values Length")
		if !ok {
			return
		}
		if !vals.empty() {
			f.add(vals.off, "Certificate Extension Values: %s", hexShort(vals.b))
		}
	}
}

// serializedSCT shows an RFC 6962 §3.2 SignedCertificateTimestamp the way
// Wireshark does, as far as its bytes hold one (the parser checks only the
// framing; a v1 SCT's inside is the log's business).
func serializedSCT(sct *Node, c cursor) {
	off := c.off
	v, ok := c.uint(1)
	if !ok {
		return
	}
	sct.add(off, "SCT Version: %d", v)
	id, ok := c.take(32)
	if !ok {
		return
	}
	sct.add(id.off, "Log ID: %x", id.b)
	ts, ok := c.take(8)
	if !ok {
		return
	}
	ms := binary.BigEndian.Uint64(ts.b)
	t := time.UnixMilli(int64(ms)).UTC()
	sct.add(ts.off, "Timestamp: %s UTC", t.Format("Jan _2, 2006 15:04:05.000000000"))
	exts, ok := vec(sct, &c, ca.BoundExtensionData, "Extensions length")
	if !ok {
		return
	}
	if !exts.empty() {
		sct.add(exts.off, "Extensions: %s", hexShort(exts.b))
	}
	off = c.off
	alg, ok := c.uint(2)
	if !ok {
		return
	}
	schemeLine(sct, off, ca.SignatureScheme(alg))
	sig, ok := vec(sct, &c, ca.BoundExtensionData, "Signature Length")
	if !ok {
		return
	}
	if !sig.empty() {
		sct.add(sig.off, "Signature: %s", hexShort(sig.b))
	}
}

func (w walker) certificate13(root *Node, c cursor) {
	if !w.context(root, &c, ca.BoundCTContext) {
		return
	}
	list, ok := vec(root, &c, ca.BoundCTList13, "Certificates Length")
	if !ok || list.empty() {
		return
	}
	certs := root.add(-1, "Certificates (%d bytes)", len(list.b))
	rpk := w.p.CertType == ca.CertTypeRawPublicKey
	for !list.empty() {
		var data cursor
		if rpk {
			data, ok = vec(certs, &list, ca.BoundCTRawPublicKey13, "ASN.1 SubjectPublicKeyInfo Length")
		} else {
			data, ok = vec(certs, &list, ca.BoundCTCertData, "Certificate Length")
		}
		if !ok {
			return
		}
		certLine(certs, data, rpk)
		exts, ok := vec(certs, &list, ca.BoundCTEntryExtensions, "Extensions Length")
		if !ok {
			return
		}
		w.extensions(certs, exts, ca.TypeCertificate)
	}
}

func certLine(parent *Node, data cursor, rpk bool) {
	switch {
	case rpk:
		parent.add(data.off, "ASN.1 SubjectPublicKeyInfo: %s", hexShort(data.b))
	default:
		if s, ok := certSubject(data.b); ok {
			parent.add(data.off, "Certificate: %s (%s)", hexShort(data.b), s)
		} else {
			parent.add(data.off, "Certificate: %s", hexShort(data.b))
		}
	}
}

func (w walker) certificate12(root *Node, c cursor) {
	if w.p.CertType == ca.CertTypeRawPublicKey {
		if spki, ok := vec(root, &c, ca.BoundCTRawPublicKey12, "ASN.1 SubjectPublicKeyInfo Length"); ok {
			certLine(root, spki, true)
		}
		return
	}
	list, ok := vec(root, &c, ca.BoundCTList12, "Certificates Length")
	if !ok || list.empty() {
		return
	}
	certs := root.add(-1, "Certificates (%d bytes)", len(list.b))
	for !list.empty() {
		data, ok := vec(certs, &list, ca.BoundCTASN1Cert, "Certificate Length")
		if !ok {
			return
		}
		certLine(certs, data, false)
	}
}

func (w walker) certificateVerify(root *Node, c cursor) {
	id := ca.BoundCVSignature10
	switch w.p.Vers() {
	case ca.VersionTLS12:
		id = ca.BoundCVSignature12
	case ca.VersionTLS13:
		id = ca.BoundCVSignature13
	}
	if w.p.Vers() >= ca.VersionTLS12 {
		off := c.off
		alg, ok := c.uint(2)
		if !ok {
			return
		}
		schemeLine(root, off, ca.SignatureScheme(alg))
	}
	if sig, ok := vec(root, &c, id, "Signature length"); ok {
		root.add(sig.off, "Signature: %s", hexShort(sig.b))
	}
}

func (w walker) clientKeyExchange(root *Node, c cursor) {
	k := w.p.KeyExchange
	params := root.add(-1, "%s", kexParams[k])
	if k == ca.KexFixedDH {
		params.add(-1, "[dh_Yc is implicit: the client's fixed_dh certificate holds it]")
		if !c.empty() {
			params.add(c.off, "Data: %s", hexShort(c.b))
		}
		return
	}
	if k.HasPSKIdentity() {
		id, ok := vec(params, &c, ca.BoundPSKIdentity, "Identity Length")
		if !ok {
			return
		}
		params.add(id.off, "Identity: %s", hexShort(id.b))
	}
	id := k.ExchangeBound()
	if id == ca.NoBound {
		return
	}
	l := exchangeLabels[id]
	if v, ok := vec(params, &c, id, l.length); ok {
		params.add(v.off, "%s: %s", l.value, hexShort(v.b))
	}
}

func (w walker) compressedCertificate(root *Node, c cursor) {
	off := c.off
	a, ok := c.uint(2)
	if !ok {
		return
	}
	root.add(off, "Algorithm: %s (%d)", CompressionName(ca.CertificateCompressionAlgorithm(a)), a)
	off = c.off
	n, ok := c.uint(3)
	if !ok {
		return
	}
	root.add(off, "Uncompressed Length: %d", n)
	if m, ok := vec(root, &c, ca.BoundCompressedCertificateMessage, "Length"); ok {
		root.add(m.off, "Compressed Certificate Message: %s", hexShort(m.b))
	}
}
