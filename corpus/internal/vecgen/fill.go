package vecgen

import "bytes"

// Byte builders for the mutations' hand-written content.

func u16(n int) []byte           { return []byte{byte(n >> 8), byte(n)} }
func u24(n int) []byte           { return []byte{byte(n >> 16), byte(n >> 8), byte(n)} }
func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
func opaque(n int) []byte        { return bytes.Repeat([]byte{'a'}, n) }
func v8(b []byte) []byte         { return cat([]byte{byte(len(b))}, b) }
func v16(b []byte) []byte        { return cat(u16(len(b)), b) }
func v24(b []byte) []byte        { return cat(u24(len(b)), b) }
func ext(t int, body []byte) []byte {
	return cat(u16(t), v16(body))
}

func pattern(p []byte, n int) []byte {
	out := bytes.Repeat(p, n/len(p))
	return append(out, p[:n%len(p)]...)
}
