package harvest

import (
	"os"
	"path/filepath"
	"testing"

	ca "github.com/clientauth/clientauth"
)

func TestReadMsgLog(t *testing.T) {
	log := ">>> TLS 1.2, RecordHeader [length 0005]\n    16 03 03 00 04\n" +
		"<<< TLS 1.2, Handshake [length 0004], ServerHelloDone\n    0e 00 00 00\n" +
		">>> TLS 1.2, Handshake [length 0010], Finished\n    14 00 00 0c 01 02 03 04 05 06\n    07 08 09 0a 0b 0c\n"
	path := filepath.Join(t.TempDir(), "cli.msg")
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	msgs, err := readMsgLog(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].client || !msgs[1].client || len(msgs[1].b) != 16 {
		t.Fatalf("got %+v", msgs)
	}
	// A dump shorter than its declared length is an error, not a message.
	bad := ">>> TLS 1.2, Handshake [length 0010], Finished\n    14 00 00 0c 01\n"
	os.WriteFile(path, []byte(bad), 0o600)
	if _, err := readMsgLog(path, true); err == nil {
		t.Fatal("truncated dump accepted")
	}
}

// TestEmptyCAList: the harvester's own reading of the CA list, and the rule
// the bounds table gives for an empty one (2246-7.4.4-a in TLS 1.0, none in
// TLS 1.2, 8446-4.2.4-a for the TLS 1.3 extension).
func TestEmptyCAList(t *testing.T) {
	tests := []struct {
		v     ca.Version
		msg   []byte
		empty bool
		rule  ca.Requirement
	}{
		{ca.VersionTLS10, []byte{13, 0, 0, 4, 1, 1, 0, 0}, true, "2246-7.4.4-a"},
		{ca.VersionTLS12, []byte{13, 0, 0, 8, 1, 1, 0, 2, 4, 1, 0, 0}, true, ""},
		{ca.VersionTLS12, []byte{13, 0, 0, 9, 1, 1, 0, 2, 4, 1, 0, 1, 0}, false, ""},
		{ca.VersionTLS13, []byte{13, 0, 0, 9, 0, 0, 6, 0, 47, 0, 2, 0, 0}, true, "8446-4.2.4-a"},
		{ca.VersionTLS13, []byte{13, 0, 0, 11, 0, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3}, false, "8446-4.2.4-a"},
	}
	for _, tt := range tests {
		p := ca.Params{Version: tt.v}
		if got := emptyCAList(tt.msg, p); got != tt.empty {
			t.Errorf("%v %x: empty = %v, want %v", tt.v, tt.msg, got, tt.empty)
		}
		var rule ca.Requirement
		if b, ok := emptyCAListBound(p); ok {
			rule = b.Requirement
		}
		if rule != tt.rule {
			t.Errorf("%v: rule %q, want %q", tt.v, rule, tt.rule)
		}
	}
}
