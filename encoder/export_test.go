package encoder

import ca "github.com/clientauth/clientauth"

// Paths encodes m, a message of type t, on each path alone, each into its
// own new buffer: the fast path's bytes and whether it accepted, the detailed
// path's bytes or error.
func Paths(e *Encoder, t ca.HandshakeType, m any) (fast []byte, fastOK bool, detailed []byte, err error) {
	fast, fastOK = e.message(nil, t, m)
	detailed, err = e.detailed(nil, t, m)
	return fast, fastOK, detailed, err
}
