module github.com/clientauth/clientauth

go 1.25.0

require (
	github.com/AdaLogics/go-fuzz-headers v0.0.0-20240806141605-e8a1dd7889d6 // indirect
	github.com/andybalholm/brotli v1.2.8
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/google/gopacket v1.1.19 // indirect
	github.com/klauspost/compress v1.20.3
	golang.org/x/crypto v0.55.0 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
