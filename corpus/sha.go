package corpus

import (
	"crypto/sha256"
	"encoding/hex"
)

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// RealSHA256 is the digest the manifest records for a message's bytes.
func RealSHA256(b []byte) string { return sha256Hex(b) }
