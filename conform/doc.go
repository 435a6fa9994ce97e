// Package conform plays one side of real client-authenticated TLS
// handshakes against real TLS implementations (OpenSSL, GnuTLS, NSS,
// Botan, Go's crypto/tls, Java's SunJSSE, wolfSSL), replaces one handshake
// message with a corpus vector or a catalog mutation of the message really
// sent, and records what the peer does: `clientauth conform`.
//
// Our side is Go's crypto/tls with a hook (see PrepareOverlay): the
// replacement enters its transcript, so a peer that accepts it sees a
// correct CertificateVerify and Finished and completes the handshake.
package conform
