package dissect

import (
	"testing"

	ca "github.com/clientauth/clientauth"
)

// TestWiresharkSigNames: the data file gives Wireshark's name to codes the
// vocabulary leaves unnamed, and only to those, so the two never disagree.
func TestWiresharkSigNames(t *testing.T) {
	names := wiresharkSigNames()
	if len(names) < 40 {
		t.Fatalf("%d names read from wireshark_sig_names.txt, want at least 40", len(names))
	}
	for code, name := range names {
		if n, ok := ca.SignatureScheme(code).Name(); ok {
			t.Errorf("0x%04x: the vocabulary names it %s, the Wireshark file %s", code, n, name)
		}
		if got := SignatureName(ca.SignatureScheme(code)); got != name {
			t.Errorf("SignatureName(0x%04x) = %q, want %q", code, got, name)
		}
	}
	if got := SignatureName(0xfe0b); got != "falcon512" {
		t.Errorf("SignatureName(0xfe0b) = %q, want falcon512", got)
	}
}
