package parser_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

func u16(n int) []byte { return []byte{byte(n >> 8), byte(n)} }
func u24(n int) []byte { return []byte{byte(n >> 16), byte(n >> 8), byte(n)} }

func opaque(n int) []byte { return bytes.Repeat([]byte{'a'}, n) }

func pattern(p []byte, n int) []byte {
	out := bytes.Repeat(p, n/len(p))
	return append(out, p[:n%len(p)]...)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// filler makes n bytes of content for a row; valid says whether that content
// is well-formed inside (so that an in-bound n must be accepted).
type filler func(n int) (content []byte, valid bool)

func opaqueFill(n int) ([]byte, bool) { return opaque(n), true }

// shaped is make(n) when a value of that shape has n bytes, else n opaque
// bytes marked not well-formed.
func shaped(make func(int) []byte, n int) (b []byte, ok bool) {
	defer func() {
		if recover() != nil {
			b, ok = opaque(n), false
		}
	}()
	return make(n), true
}

// certFill: an X.509 Certificate's outer shape (8446-4.4.2-g).
func certFill(n int) ([]byte, bool) { return shaped(samples.Cert, n) }

// nameFill: a DER X.501 Name (8446-4.2.4-a, 5246-7.4.4-h); a 1-byte DN is
// in its bound but no Name.
func nameFill(n int) ([]byte, bool) { return shaped(samples.Name, n) }

func spkiFill(n int) ([]byte, bool) {
	if n < 6 {
		return opaque(n), false
	}
	return samples.SPKI(n), true
}

func schemeFill(n int) ([]byte, bool) { return pattern([]byte{0x04, 0x03}, n), n%2 == 0 }
func compFill(n int) ([]byte, bool)   { return pattern([]byte{0x00, 0x01}, n), n%2 == 0 }

// itemFill: one item with a prefix of width w, or nothing.
func itemFill(w int, item filler) filler {
	return func(n int) ([]byte, bool) {
		if n == 0 {
			return nil, true
		}
		if n < w+1 {
			return opaque(n), false
		}
		c, ok := item(n - w)
		if w == 2 {
			return cat(u16(n-w), c), ok
		}
		return cat(u24(n-w), c), ok
	}
}

func certList13Fill(n int) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	c, ok := certFill(n - 5)
	if n < 5 {
		return opaque(n), false
	}
	return cat(u24(n-5), c, u16(0)), ok
}

func entryExtsFill(n int) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	if n < 9 {
		return opaque(n), false
	}
	return cat(u16(5), u16(n-4), []byte{1}, u24(n-8), opaque(n-8)), true
}

func oidFiltersFill(n int) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	if n < 4 {
		return opaque(n), false
	}
	return cat([]byte{1, 0x2a}, u16(n-4), opaque(n-4)), true
}

func crExtsFill(n int) ([]byte, bool) {
	sigAlgs := cat(u16(13), u16(4), u16(2), []byte{0x08, 0x04})
	switch {
	case n == 0:
		return nil, true // empty: missing_extension when the bound allows it
	case n == 8:
		return sigAlgs, true
	case n < 12:
		return opaque(n), false
	}
	return cat(sigAlgs, u16(0xff02), u16(n-12), opaque(n-12)), true
}

// fillers is the content of every row the edge test exercises.
var fillers = map[ca.BoundID]filler{
	ca.BoundCRCertificateTypes:           func(n int) ([]byte, bool) { return pattern([]byte{1}, n), true },
	ca.BoundCRSignatureAlgorithms12:      schemeFill,
	ca.BoundCRAuthorities10:              itemFill(2, nameFill),
	ca.BoundCRAuthorities:                itemFill(2, nameFill),
	ca.BoundDistinguishedName12:          nameFill,
	ca.BoundCRContext:                    opaqueFill,
	ca.BoundCRExtensions:                 crExtsFill,
	ca.BoundCRExtensions9846:             crExtsFill,
	ca.BoundExtensionData:                opaqueFill, // the first extension of the seed is GREASE
	ca.BoundSignatureSchemeList:          schemeFill,
	ca.BoundAuthorities:                  itemFill(2, nameFill),
	ca.BoundDistinguishedName:            nameFill,
	ca.BoundOIDFilters:                   oidFiltersFill,
	ca.BoundOIDFilterOID:                 opaqueFill,
	ca.BoundOIDFilterValues:              opaqueFill,
	ca.BoundCompressionAlgorithms:        compFill,
	ca.BoundCRStatusRequest:              opaqueFill,
	ca.BoundCRSignedCertificateTimestamp: opaqueFill,
	ca.BoundCTContext:                    opaqueFill,
	ca.BoundCTList13:                     certList13Fill,
	ca.BoundCTList12:                     itemFill(3, certFill),
	ca.BoundCTCertData:                   certFill,
	ca.BoundCTASN1Cert:                   certFill,
	ca.BoundCTRawPublicKey13:             spkiFill,
	ca.BoundCTRawPublicKey12:             spkiFill,
	ca.BoundCTEntryExtensions:            entryExtsFill,
	ca.BoundOCSPResponse:                 opaqueFill,
	ca.BoundSCTList:                      itemFill(2, opaqueFill),
	ca.BoundSerializedSCT:                opaqueFill,
	ca.BoundCVSignature13:                opaqueFill,
	ca.BoundCVSignature12:                opaqueFill,
	ca.BoundCVSignature10:                opaqueFill,
	ca.BoundEncryptedPreMasterSecret:     opaqueFill,
	ca.BoundDHYc:                         opaqueFill,
	ca.BoundECPoint:                      opaqueFill,
	ca.BoundPSKIdentity:                  opaqueFill,
	ca.BoundFixedDHBody:                  opaqueFill,
	ca.BoundCompressedCertificateMessage: opaqueFill,
	ca.BoundServerHelloDoneBody:          opaqueFill,
}

// Rows whose length is not a field on the wire: the whole message, and the
// Finished length that Params fixes (tested in TestFinishedLength).
var notFields = map[ca.BoundID]bool{ca.BoundHandshakeLength: true, ca.BoundFinishedVerifyData: true}

// seeds pins the sample for rows whose non-empty values are valid only in
// some contexts (a context belongs to post-handshake authentication).
var seeds = map[ca.BoundID]string{
	ca.BoundCRContext: "synthetic/cr13_post_handshake",
	ca.BoundCTContext: "synthetic/ct13_post_handshake",
}

// seedFor finds the first sample whose layout holds a span of row id.
func seedFor(t *testing.T, id ca.BoundID) (samples.Sample, []parser.Span, int) {
	for _, s := range append(samples.Synthetic(), samples.RFC8448()...) {
		if want, ok := seeds[id]; ok && s.Name != want {
			continue
		}
		spans, err := mutate.Layout(parser.New(s.Params), s.Msg)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		for i, sp := range spans {
			if sp.Bound == id {
				return s, spans, i
			}
		}
	}
	t.Fatalf("no sample exercises row %d (%s)", id, ca.Bounds[id].Struct)
	return samples.Sample{}, nil, 0
}

// TestBoundEdges puts every field of the bounds table at min-1, min, max,
// max+1 and (for element lists) a length that is not a whole number of
// elements, and checks the parser's verdict and the encoder's re-encoding.
func TestBoundEdges(t *testing.T) {
	var tried, unreachable int
	for id := ca.BoundID(1); int(id) < len(ca.Bounds); id++ {
		if notFields[id] {
			continue
		}
		b := &ca.Bounds[id]
		fill, ok := fillers[id]
		if !ok {
			t.Errorf("row %s has no filler: the edge test does not cover it", b.Struct)
			continue
		}
		seed, spans, i := seedFor(t, id)
		sizes := []int{b.Min - 1, b.Min, b.Max, b.Max + 1}
		if b.Elem > 1 {
			sizes = append(sizes, b.Min+1)
		}
		for _, n := range sizes {
			if n < 0 || (b.Width > 0 && n > b.PrefixMax()) {
				continue // no wire form: the prefix cannot carry it
			}
			name := fmt.Sprintf("%s/%s/len=%d", b.Struct, seed.Name, n)
			content, valid := fill(n)
			msg, ok := mutate.Resize(seed.Msg, spans, i, content)
			if !ok {
				unreachable++ // an enclosing length cannot hold it
				t.Logf("%s: unreachable inside its container", name)
				continue
			}
			tried++
			p := parser.New(seed.Params)
			m, err := p.Parse(msg)
			var e *ca.Error
			switch {
			case !b.Allows(n):
				if !errors.As(err, &e) || e.Bound != id || e.Offset != spans[i].Offset || e.Alert != ca.AlertDecodeError {
					t.Errorf("%s: want rejection by this bound at offset %d, got %v", name, spans[i].Offset, err)
				} else if e.Field() != spans[i].Field() {
					t.Errorf("%s: error names %s, layout names %s", name, e.Field(), spans[i].Field())
				}
			case errors.As(err, &e) && e.Bound == id:
				t.Errorf("%s: in-bound length rejected by its own bound: %v", name, err)
			case valid && n > 0 && err != nil && !isSemantic(e):
				t.Errorf("%s: well-formed in-bound content rejected: %v", name, err)
			case err == nil:
				out, err := encoder.New(seed.Params).Encode(nil, m.Value())
				if err != nil || !bytes.Equal(out, msg) {
					t.Errorf("%s: re-encoding differs (err %v)", name, err)
				}
			}
		}
	}
	t.Logf("%d edge messages checked, %d sizes unreachable inside their containers", tried, unreachable)
	if tried < 80 {
		t.Errorf("only %d edge messages checked", tried)
	}
}

// isSemantic: rejections that an empty block earns legitimately (a CR with no
// signature_algorithms under RFC 9846's zero floor).
func isSemantic(e *ca.Error) bool { return e != nil && e.Check == ca.CheckMissingSignatureAlgorithms }
