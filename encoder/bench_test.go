package encoder_test

import (
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// BenchmarkEncode encodes each sample's owned value into a buffer with room,
// through the typed methods: go test ./encoder -bench Encode -benchmem.
func BenchmarkEncode(b *testing.B) {
	all, err := samples.All()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range all {
		m, err := parser.New(s.Params).Parse(s.Msg)
		if err != nil {
			b.Fatal(err)
		}
		v := m.Value()
		b.Run(m.Type.String()+"/"+strings.ReplaceAll(s.Name, "/", "_"), func(b *testing.B) {
			e := encoder.New(s.Params)
			buf := make([]byte, 0, len(s.Msg))
			b.ReportAllocs()
			b.SetBytes(int64(len(s.Msg)))
			for b.Loop() {
				var err error
				switch v := v.(type) {
				case *ca.CertificateRequest:
					_, err = e.CertificateRequest(buf, v)
				case *ca.Certificate:
					_, err = e.Certificate(buf, v)
				case *ca.CertificateVerify:
					_, err = e.CertificateVerify(buf, v)
				case *ca.ClientKeyExchange:
					_, err = e.ClientKeyExchange(buf, v)
				case *ca.ServerHelloDone:
					_, err = e.ServerHelloDone(buf)
				case *ca.Finished:
					_, err = e.Finished(buf, v)
				case *ca.CompressedCertificate:
					_, err = e.CompressedCertificate(buf, v)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
