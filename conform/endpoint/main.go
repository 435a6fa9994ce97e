// Command endpoint is the TLS endpoint of clientauth conform: Go's
// crypto/tls with a hook that replaces one handshake message before it
// enters the transcript. It makes one handshake, as configured by a
// proto.Config on stdin, and writes a proto.Result on stdout. The runner
// builds it with -tags clientauth_conform and the overlay that
// conform.PrepareOverlay writes; built any other way it only says so.
package main

import "os"

func main() { os.Exit(run()) }
