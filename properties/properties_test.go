package properties_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/gen"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// equate treats nil and empty alike (the parser's views hold no nil/empty
// distinction) and compares the long slices without reflection, which would
// dominate the run time on 65,535-byte fields.
var equate = cmp.Options{
	cmp.FilterValues(func(x, y any) bool {
		switch x.(type) {
		case []byte, []ca.SignatureScheme, []ca.ClientCertificateType, []ca.CertificateCompressionAlgorithm:
			return false // the comparers below
		}
		vx, vy := reflect.ValueOf(x), reflect.ValueOf(y)
		return vx.Kind() == reflect.Slice && vx.Len() == 0 && vy.Len() == 0
	}, cmp.Comparer(func(_, _ any) bool { return true })),
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
	cmp.Comparer(func(a, b []ca.SignatureScheme) bool { return slices.Equal(a, b) }),
	cmp.Comparer(func(a, b []ca.ClientCertificateType) bool { return slices.Equal(a, b) }),
	cmp.Comparer(func(a, b []ca.CertificateCompressionAlgorithm) bool { return slices.Equal(a, b) }),
}

// encode encodes a generated message; a generated value is valid by
// construction, so a refusal is a failure of the generator or the encoder.
func encode(t *rapid.T, m gen.Msg) []byte {
	out, err := encoder.New(m.Params).Encode(nil, m.Value)
	if err != nil {
		t.Fatalf("encoder refused a generated %v under %+v: %v", m.Type, m.Params, err)
	}
	return out
}

func parse(t *rapid.T, p ca.Params, msg []byte) parser.Message {
	m, err := parser.New(p).Parse(msg)
	if err != nil {
		t.Fatalf("parser rejected a generated message under %+v: %v\n%x", p, err, head(msg))
	}
	return m
}

func head(b []byte) []byte { return b[:min(len(b), 256)] }

func alertOf(err error) ca.Alert {
	var e *ca.Error
	if errors.As(err, &e) {
		return e.Alert
	}
	return 0
}

// 1. value → encode → parse → value is the identity.
func TestValueRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		got := parse(t, m.Params, encode(t, m)).Value()
		if d := cmp.Diff(m.Value, got, equate); d != "" {
			t.Fatalf("%v under %+v (-generated +parsed):\n%s", m.Type, m.Params, d)
		}
	})
}

// 2. For valid bytes, parse → encode reproduces them.
func TestBytesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		msg := encode(t, m)
		out, err := encoder.New(m.Params).Encode(nil, parse(t, m.Params, msg).Value())
		if err != nil || !bytes.Equal(out, msg) {
			t.Fatalf("%v: re-encoding differs (%v)", m.Type, err)
		}
	})
}

// 3. Every strict prefix of a valid message is rejected with decode_error.
// Long messages are cut at every length-field boundary (±1) and at a sample
// of other points, which is where a lenient parser gives way.
func TestPrefixesRejected(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		msg := encode(t, m)
		p := parser.New(m.Params)
		cuts := map[int]bool{}
		if len(msg) <= 2048 {
			for k := range len(msg) {
				cuts[k] = true
			}
		} else {
			spans, _ := mutate.Layout(parser.New(m.Params), msg)
			for _, s := range spans {
				for _, k := range []int{s.Offset, s.Offset + s.Width, s.End() - 1, s.End(), s.End() + 1} {
					cuts[k] = true
				}
			}
			for range 256 {
				cuts[rapid.IntRange(0, len(msg)-1).Draw(t, "cut")] = true
			}
		}
		for k := range cuts {
			if k < 0 || k >= len(msg) {
				continue
			}
			_, err := p.Parse(msg[:k])
			if alertOf(err) != ca.AlertDecodeError {
				t.Fatalf("%v: prefix of %d/%d bytes: want decode_error, got %v", m.Type, k, len(msg), err)
			}
		}
	})
}

// resyncable reports whether the field at span s has a length-prefixed
// sibling after it in its container. Only then can a wrong length be
// absorbed: the shifted bytes may happen to frame the next fields exactly
// (rapid found one: an oid_filters value cut by a byte, the byte becoming the
// next filter's OID length). TLS's nested vectors are not self-checking
// there; elsewhere (a container's own length, a last field) the exact
// consumption rule leaves no way out.
func resyncable(spans []parser.Span, s parser.Span, msgLen int) bool {
	end := msgLen
	for _, o := range spans {
		if o.Offset+o.Width <= s.Offset && s.End() <= o.End() && o != s {
			end = min(end, o.End())
		}
	}
	for _, o := range spans {
		if o.Offset >= s.End() && o.Offset < end && o.Width > 0 {
			return true
		}
	}
	return false
}

// 4. Any length field changed by ±1, or any of its bytes set to 0x00 or
// 0xff, is rejected, unless the field has a length-prefixed sibling after it
// that the shift can frame (resyncable); then the input must still parse as
// a different message that re-encodes to exactly the tampered bytes, so
// nothing is silently dropped or invented.
func TestLengthFieldsTampered(t *testing.T) {
	resynced := 0
	defer func() { t.Logf("%d tampered lengths re-framed into another valid message", resynced) }()
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		msg := encode(t, m)
		p := parser.New(m.Params)
		spans, err := mutate.Layout(parser.New(m.Params), msg)
		if err != nil {
			t.Fatal(err)
		}
		// The handshake header's length is a length field too.
		spans = append(spans, parser.Span{Offset: 1, Width: 3, Len: len(msg) - 4})
		for _, s := range spans {
			if s.Width == 0 {
				continue
			}
			var bad [][]byte
			for _, d := range []int{-1, 1} {
				if b, ok := mutate.SetLength(msg, s, s.Len+d); ok {
					bad = append(bad, b)
				}
			}
			for i := range s.Width {
				for _, v := range []byte{0x00, 0xff} {
					if msg[s.Offset+i] != v {
						b := bytes.Clone(msg)
						b[s.Offset+i] = v
						bad = append(bad, b)
					}
				}
			}
			for _, b := range bad {
				got, err := p.Parse(b)
				if err != nil {
					continue
				}
				if !resyncable(spans, s, len(msg)) {
					t.Fatalf("%v: length field at offset %d (len %d) tampered, still accepted:\n%x", m.Type, s.Offset, s.Len, head(b))
				}
				v := got.Value()
				out, err := encoder.New(m.Params).Encode(nil, v)
				if err != nil || !bytes.Equal(out, b) || cmp.Equal(v, m.Value, equate) {
					t.Fatalf("%v: tampered length at offset %d re-framed, but the parse is not a faithful different message (%v):\n%x", m.Type, s.Offset, err, head(b))
				}
				resynced++
			}
		}
	})
}

// 5. An out-of-bound value is refused by the encoder, and the same value
// forced onto the wire is rejected by the parser naming the same field and
// row.
func TestOutOfBound(t *testing.T) {
	forced := 0
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		msg := encode(t, m)
		spans, err := mutate.Layout(parser.New(m.Params), msg)
		if err != nil {
			t.Fatal(err)
		}
		i := rapid.IntRange(0, max(len(spans)-1, 0)).Draw(t, "span")
		if len(spans) == 0 {
			t.Skip("no length fields")
		}
		s := spans[i]
		b := ca.BoundOf(s.Bound)
		elem := max(b.Elem, 1)
		n := b.Min - elem
		if rapid.Bool().Draw(t, "above") {
			n = b.Max + elem
		}
		if n < 0 {
			t.Skip("the row's minimum is zero")
		}
		v := parse(t, m.Params, msg).Value()
		if !gen.SetLen(v, s, n) {
			t.Skip("a container row: its length follows from its items")
		}
		_, encErr := encoder.New(m.Params).Encode(nil, v)
		var ee *ca.Error
		if !errors.As(encErr, &ee) || ee.Bound != s.Bound || ee.Field() != s.Field() {
			t.Fatalf("encoder: %s set to %d bytes: want refusal by %s, got %v", s.Field(), n, b.Struct, encErr)
		}
		if n > b.PrefixMax() {
			return // the prefix cannot even say n: the encoder's refusal is the whole story
		}
		bad, ok := mutate.Resize(msg, spans, i, gen.Content(s, n))
		if !ok {
			return // an enclosing prefix cannot say its new length: likewise
		}
		// The parser reads lengths outside in: when the change pushes an
		// enclosing list out of its own bounds too (a 0-byte name making a
		// TLS 1.0 CA list 2 bytes long), that list is what it names.
		want := s
		for _, o := range spans {
			if o.Offset+o.Width <= s.Offset && s.End() <= o.End() && o != s && !ca.BoundOf(o.Bound).Allows(o.Len+n-s.Len) {
				want = o
				break
			}
		}
		_, perr := parser.New(m.Params).Parse(bad)
		var pe *ca.Error
		if !errors.As(perr, &pe) || pe.Bound != want.Bound || pe.Field() != want.Field() {
			t.Fatalf("parser: %s forced to %d bytes: want rejection by %s naming %s, got %v", s.Field(), n, ca.BoundOf(want.Bound).Struct, want.Field(), perr)
		}
		forced++
	})
	t.Logf("%d out-of-bound values forced onto the wire", forced)
}

// cr13 draws a TLS 1.3 CertificateRequest and its encoding and layout.
func cr13(t *rapid.T) (ca.Params, []byte, []parser.Span, parser.Span) {
	p := gen.Params(ca.TypeCertificateRequest).Filter(func(p ca.Params) bool { return p.Version == ca.VersionTLS13 }).Draw(t, "params")
	v := gen.Value(p, ca.TypeCertificateRequest).Draw(t, "cr")
	msg := encode(t, gen.Msg{Params: p, Type: ca.TypeCertificateRequest, Value: v})
	spans, err := mutate.Layout(parser.New(p), msg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range spans {
		if s.Bound == ca.BoundCRExtensions || s.Bound == ca.BoundCRExtensions9846 {
			return p, msg, spans, s
		}
	}
	t.Fatal("no extensions block in the layout")
	return p, nil, nil, parser.Span{}
}

// extensionBounds returns the [start, end) of each extension in a block.
func extensionBounds(msg []byte, spans []parser.Span, block parser.Span) [][2]int {
	var out [][2]int
	for _, s := range spans {
		if s.Bound == ca.BoundExtensionData && s.Offset > block.Offset && s.End() <= block.End() && s.Index[0] == int32(len(out)) && s.Index[1] == 0 {
			out = append(out, [2]int{s.Offset - 2, s.End()})
		}
	}
	return out
}

// splice returns msg with the extensions block's content replaced.
func splice(t *rapid.T, msg []byte, spans []parser.Span, block parser.Span, content []byte) []byte {
	for i, s := range spans {
		if s == block {
			out, ok := mutate.Resize(msg, spans, i, content)
			if !ok {
				t.Skip("the block cannot grow past its prefix")
			}
			return out
		}
	}
	t.Fatal("block not in layout")
	return nil
}

// 6. Extension rules in a TLS 1.3 CertificateRequest.
func TestExtensionRules(t *testing.T) {
	t.Run("duplicate", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			p, msg, spans, block := cr13(t)
			exts := extensionBounds(msg, spans, block)
			i := rapid.IntRange(0, len(exts)-1).Draw(t, "dup")
			at := rapid.IntRange(0, len(exts)).Draw(t, "at")
			content := msg[block.Offset+block.Width : block.End()]
			base := block.Offset + block.Width
			insertAt := len(content)
			if at < len(exts) {
				insertAt = exts[at][0] - base
			}
			dup := msg[exts[i][0]:exts[i][1]]
			bad := splice(t, msg, spans, block, append(append(bytes.Clone(content[:insertAt]), dup...), content[insertAt:]...))
			_, err := parser.New(p).Parse(bad)
			var e *ca.Error
			if !errors.As(err, &e) || e.Alert != ca.AlertIllegalParameter || e.Requirement != "8446-4.2-c" {
				t.Fatalf("duplicate extension: want illegal_parameter (8446-4.2-c), got %v", err)
			}
		})
	})
	t.Run("forbidden", func(t *testing.T) {
		var forbidden []ca.ExtensionType
		rapid.Check(t, func(t *rapid.T) {
			p, msg, spans, block := cr13(t)
			forbidden = forbidden[:0]
			for _, info := range ca.Extensions() {
				if !info.InCR.Has(p.Profile) {
					forbidden = append(forbidden, info.Type)
				}
			}
			typ := rapid.SampledFrom(forbidden).Draw(t, "type")
			body := rapid.SliceOfN(rapid.Byte(), 0, 8).Draw(t, "body")
			ext := append([]byte{byte(typ >> 8), byte(typ), 0, byte(len(body))}, body...)
			exts := extensionBounds(msg, spans, block)
			base := block.Offset + block.Width
			content := msg[base:block.End()]
			at := len(content)
			if k := rapid.IntRange(0, len(exts)).Draw(t, "at"); k < len(exts) {
				at = exts[k][0] - base
			}
			bad := splice(t, msg, spans, block, append(append(bytes.Clone(content[:at]), ext...), content[at:]...))
			_, err := parser.New(p).Parse(bad)
			var e *ca.Error
			if !errors.As(err, &e) || e.Alert != ca.AlertIllegalParameter || e.Requirement != "8446-4.2-b" {
				t.Fatalf("%v in a CertificateRequest: want illegal_parameter (8446-4.2-b), got %v", typ, err)
			}
		})
	})
	t.Run("missing signature_algorithms", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			p, msg, spans, block := cr13(t)
			base := block.Offset + block.Width
			var content []byte
			for _, x := range extensionBounds(msg, spans, block) {
				if typ := ca.ExtensionType(msg[x[0]])<<8 | ca.ExtensionType(msg[x[0]+1]); typ != 13 {
					content = append(content, msg[x[0]:x[1]]...)
				}
			}
			_ = base
			bad := splice(t, msg, spans, block, content)
			_, err := parser.New(p).Parse(bad)
			want := ca.AlertMissingExtension
			if len(content) == 0 && p.Profile == ca.RFC8446 {
				want = ca.AlertDecodeError // extensions<2..2^16-1>: an empty block is malformed first
			}
			if alertOf(err) != want {
				t.Fatalf("without signature_algorithms (%d bytes left, %v): want %v, got %v", len(content), p.Profile, want, err)
			}
		})
	})
	t.Run("unknown kept", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			p, msg, spans, block := cr13(t)
			parsed := parse(t, p, msg).Value().(*ca.CertificateRequest)
			var typ ca.ExtensionType
			for {
				typ = ca.ExtensionType(rapid.Uint16().Draw(t, "type"))
				if rapid.Bool().Draw(t, "grease") {
					typ = 0x0a0a + 0x1010*ca.ExtensionType(rapid.IntRange(0, 15).Draw(t, "g"))
				}
				_, known := ca.LookupExtension(typ)
				dup := false
				for _, e := range parsed.Extensions {
					dup = dup || e.Type == typ
				}
				if !known && !dup {
					break
				}
			}
			body := rapid.SliceOfN(rapid.Byte(), 0, 16).Draw(t, "body")
			ext := append([]byte{byte(typ >> 8), byte(typ), 0, byte(len(body))}, body...)
			exts := extensionBounds(msg, spans, block)
			base := block.Offset + block.Width
			content := msg[base:block.End()]
			k := rapid.IntRange(0, len(exts)).Draw(t, "at")
			at := len(content)
			if k < len(exts) {
				at = exts[k][0] - base
			}
			good := splice(t, msg, spans, block, append(append(bytes.Clone(content[:at]), ext...), content[at:]...))
			v := parse(t, p, good).Value().(*ca.CertificateRequest)
			if v.Extensions[k].Type != typ || !bytes.Equal(v.Extensions[k].Data, body) {
				t.Fatalf("unknown extension %v not kept at %d: %+v", typ, k, v.Extensions[k])
			}
			out, err := encoder.New(p).Encode(nil, v)
			if err != nil || !bytes.Equal(out, good) {
				t.Fatalf("re-encoding with unknown %v differs: %v", typ, err)
			}
		})
	})
}

// 7. Parse and encode allocate nothing on generated inputs, valid or not.
func TestNoAllocations(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		msg := encode(t, m)
		p := parser.New(m.Params)
		if n := testing.AllocsPerRun(5, func() { p.Parse(msg) }); n != 0 {
			t.Fatalf("%v: parse allocates %v times", m.Type, n)
		}
		e := encoder.New(m.Params)
		buf := make([]byte, 0, len(msg))
		if n := testing.AllocsPerRun(5, func() { samples.EncodeTyped(e, buf, m.Value) }); n != 0 {
			t.Fatalf("%v: encode allocates %v times", m.Type, n)
		}
		bad := msg[:rapid.IntRange(0, len(msg)-1).Draw(t, "cut")]
		if n := testing.AllocsPerRun(5, func() { p.Parse(bad) }); n != 0 {
			t.Fatalf("%v: rejecting a prefix allocates %v times", m.Type, n)
		}
		spans, _ := mutate.Layout(parser.New(m.Params), msg)
		if len(spans) > 0 {
			s := spans[rapid.IntRange(0, len(spans)-1).Draw(t, "span")]
			if b, ok := mutate.SetLength(msg, s, s.Len+1); ok {
				if n := testing.AllocsPerRun(5, func() { p.Parse(b) }); n != 0 {
					t.Fatalf("%v: rejecting a bad length allocates %v times", m.Type, n)
				}
			}
		}
	})
}

// profileRows are the places the table lets RFC 8446 and RFC 9846 differ; a
// disagreement between the profiles must be one of them.
func profileDifference(err error) bool {
	var e *ca.Error
	if !errors.As(err, &e) {
		return false
	}
	if e.Bound != ca.NoBound && ca.BoundOf(e.Bound).Profiles != ca.AllProfiles {
		return true // e.g. CertificateRequest.extensions<2..> (8446) vs <0..> (9846)
	}
	switch e.Check {
	case ca.CheckCVPKCS1, ca.CheckMissingSignatureAlgorithms:
		return true
	case ca.CheckForbiddenExtension:
		info, ok := ca.LookupExtension(ca.ExtensionType(e.Value))
		return ok && (info.InCR != ca.AllProfiles && info.InCR != 0 || info.InCT != ca.AllProfiles && info.InCT != 0)
	}
	return false
}

// 8. RFC 8446 and RFC 9846 agree on every generated input except where the
// table says they differ, and there they differ as it says.
func TestProfiles(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := gen.Any().Draw(t, "msg")
		msg := encode(t, m)
		// Sometimes an invalid input: a prefix or a tampered length.
		if rapid.Bool().Draw(t, "tamper") {
			spans, _ := mutate.Layout(parser.New(m.Params), msg)
			if len(spans) > 0 {
				s := spans[rapid.IntRange(0, len(spans)-1).Draw(t, "span")]
				if b, ok := mutate.SetLength(msg, s, s.Len+rapid.SampledFrom([]int{-1, 1}).Draw(t, "d")); ok {
					msg = b
				}
			}
		}
		p8, p9 := m.Params, m.Params
		p8.Profile, p9.Profile = ca.RFC8446, ca.RFC9846
		_, err8 := parser.New(p8).Parse(msg)
		_, err9 := parser.New(p9).Parse(msg)
		switch {
		case err8 == nil && err9 == nil:
		case err8 != nil && err9 != nil:
			if err8.Error() != err9.Error() && !profileDifference(err8) && !profileDifference(err9) {
				t.Fatalf("profiles reject differently:\n8446: %v\n9846: %v", err8, err9)
			}
		case err8 != nil && !profileDifference(err8), err9 != nil && !profileDifference(err9):
			t.Fatalf("only one profile rejects, for a reason the table does not tie to a profile:\n8446: %v\n9846: %v", err8, err9)
		}
	})
}

// TestProfileDifferences: the inputs where the profiles differ, differ as
// the table says.
func TestProfileDifferences(t *testing.T) {
	p8 := ca.Params{Version: ca.VersionTLS13, FromServer: true}
	p9 := p8
	p9.Profile = ca.RFC9846
	cases := []struct {
		name       string
		msg        []byte
		p8, p9     ca.Params
		want8      string // requirement, "" = valid
		want9      string
		wantAlert9 ca.Alert
	}{
		{"empty CR extensions", []byte{13, 0, 0, 3, 0, 0, 0}, p8, p9, "8446-4.3.2-b", "8446-4.3.2-f", ca.AlertMissingExtension},
		{"server_name in a CR", []byte{13, 0, 0, 17, 0, 0, 14, 0, 0, 0, 2, 0, 0, 0, 13, 0, 4, 0, 2, 8, 4}, p8, p9, "8446-4.2-b", "", 0},
		{"RSA PKCS#1 in a TLS 1.3 CertificateVerify", []byte{15, 0, 0, 6, 4, 1, 0, 2, 1, 2}, p8, p9, "8446-4.4.3-g", "", 0},
		// 9846-4.2-e: leftover bytes in a processed body are decode_error
		// under both (RFC 8446 implied it).
		{"trailing byte in signature_algorithms", []byte{13, 0, 0, 12, 0, 0, 9, 0, 13, 0, 5, 0, 2, 8, 4, 0}, p8, p9, "9846-4.2-e", "9846-4.2-e", ca.AlertDecodeError},
	}
	for _, c := range cases {
		_, err8 := parser.New(c.p8).Parse(c.msg)
		_, err9 := parser.New(c.p9).Parse(c.msg)
		check := func(profile string, err error, want string) {
			if want == "" {
				if err != nil {
					t.Errorf("%s under %s: %v", c.name, profile, err)
				}
				return
			}
			if !errors.Is(err, ca.Requirement(want)) {
				t.Errorf("%s under %s: want %s, got %v", c.name, profile, want, err)
			}
		}
		check("RFC 8446", err8, c.want8)
		check("RFC 9846", err9, c.want9)
		if c.wantAlert9 != 0 && alertOf(err9) != c.wantAlert9 {
			t.Errorf("%s under RFC 9846: want %v, got %v", c.name, c.wantAlert9, err9)
		}
	}
	// Every parser-checkable 9846-* row of the requirements is one of the
	// cases above, so a new row cannot slip past this test.
	f, err := os.Open(filepath.Join(samples.Root(), "spec", "requirements.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile(`^\| (9846-[^ |]+) \|.*\| (P|P\+c) \|\s*$`)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.want8], covered[c.want9] = true, true
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := row.FindStringSubmatch(sc.Text()); m != nil && !covered[m[1]] {
			t.Errorf("%s is a parser-checkable RFC 9846 row with no case here", m[1])
		}
	}
}

// 9. Concatenated messages, as one TLS record carries them, split back into
// the same messages.
func TestStreamSplits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		msgs := rapid.SliceOfN(gen.Any(), 1, 5).Draw(t, "msgs")
		var flight []byte
		var want [][]byte
		for _, m := range msgs {
			b := encode(t, m)
			flight = append(flight, b...)
			want = append(want, b)
		}
		s := parser.NewStream(flight)
		var got [][]byte
		for {
			m, _, ok := s.Next()
			if !ok {
				break
			}
			got = append(got, m)
		}
		if s.Err() != nil || !slices.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("split %d messages into %d (err %v)", len(want), len(got), s.Err())
		}
	})
}
