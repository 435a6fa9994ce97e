package der

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

// BenchmarkIsName checks a typical CA name (C, O, OU, CN): the parser runs
// IsName on every distinguished name of every CertificateRequest.
func BenchmarkIsName(b *testing.B) {
	name := pkix.Name{Country: []string{"US"}, Organization: []string{"Example Trust Services"},
		OrganizationalUnit: []string{"Issuing CAs"}, CommonName: "Example Issuing CA 42"}
	dn, err := asn1.Marshal(name.ToRDNSequence())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(dn)))
	for b.Loop() {
		if !IsName(dn) {
			b.Fatal("not a Name")
		}
	}
}
