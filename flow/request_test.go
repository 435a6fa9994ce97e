package flow

import (
	"testing"

	ca "github.com/clientauth/clientauth"
)

// TestRequestSizedByBounds: the arrays a request is copied into hold the
// longest context and compression list the bounds table lets the parser
// accept, and the contexts store's one length byte can say every length.
func TestRequestSizedByBounds(t *testing.T) {
	var r request
	for _, id := range []ca.BoundID{ca.BoundCRContext, ca.BoundCTContext} {
		if b := ca.BoundOf(id); b.Max != len(r.context) {
			t.Errorf("%s: bound %d, request holds %d", b.Struct, b.Max, len(r.context))
		}
	}
	if len(r.context) > 255 {
		t.Errorf("contexts of %d bytes do not fit contextStore's length byte", len(r.context))
	}
	b := ca.BoundOf(ca.BoundCompressionAlgorithms)
	if b.Max/b.Elem != len(r.compression) {
		t.Errorf("%s: bound %d bytes of %d-byte algorithms, request holds %d", b.Struct, b.Max, b.Elem, len(r.compression))
	}
}
