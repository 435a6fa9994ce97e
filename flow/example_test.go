package flow_test

import (
	"errors"
	"fmt"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/flow"
)

// A TLS 1.3 client answers a CertificateRequest that listed
// ecdsa_secp256r1_sha256 with an rsa_pss_rsae_sha384 signature.
func ExampleValidator_Feed() {
	v := flow.New(flow.Config{Params: ca.Params{Version: ca.VersionTLS13}})
	p256 := keyNamed("p256")
	f := flight13(&p256)
	f[6] = verify(ca.VersionTLS13, false, false, 0x0805)
	for _, m := range f {
		if err := v.Feed(m.server, m.b); err != nil {
			fmt.Println(err)
			fmt.Println(errors.Is(err, ca.AlertIllegalParameter), errors.Is(err, ca.Requirement("8446-4.4.3-e")))
			return
		}
	}
	// Output:
	// message 6 (client certificate_verify): certificate_verify.algorithm at offset 4: rsa_pss_rsae_sha384 (0x0805) is not among the signature algorithms the CertificateRequest listed (illegal_parameter, 8446-4.4.3-e)
	// true true
}
