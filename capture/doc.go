// Package capture pulls TLS handshake messages out of captured traffic: the
// two byte streams of one TCP connection (FromStreams), or a whole pcap or
// pcapng file (Read), so that the client-authentication messages in it can be
// handed to package parser with the Params the connection settled.
//
// Records are decrypted with an NSS key log (Options.KeyLog). TLS 1.0–1.2:
// the CLIENT_RANDOM line's master secret and the TLS 1.0/1.1 or 1.2 PRF
// give each side's keys after its ChangeCipherSpec (extended master secret
// needs nothing more: the line carries the master secret itself); AES-CBC
// and 3DES-CBC with HMAC-SHA1/256/384 (TLS 1.0's chained IV, TLS 1.1+'s
// explicit IV, encrypt_then_mac when the ServerHello echoes it), AES-GCM,
// AES-CCM, AES-CCM_8 and ChaCha20-Poly1305 suites; a renegotiation (a
// second handshake inside the encrypted connection, with its own keys
// after its own ChangeCipherSpec) is followed, so that a client
// certificate requested there comes out. TLS 1.3: the handshake traffic
// secrets up to each side's Finished, then the first application traffic
// secrets, following KeyUpdate, so that post-handshake
// CertificateRequest, Certificate, CertificateVerify and Finished come out
// too; all five RFC 8446 suites. Without a key log a TLS 1.3 connection
// yields its hellos only, a TLS ≤1.2 one its messages up to each
// ChangeCipherSpec; ReadAll says how many records were left unread and why.
//
// Every handshake message is returned, not only the client-authentication
// ones: ClientHello and ServerHello carry the context, and Index counts all.
// IsClientAuth tells which ones package parser parses.
//
// Limits, chosen so that a hostile file costs memory in proportion to its
// size and never a panic: the whole input is read (up to Options.MaxBytes);
// a TCP stream is cut at its first gap (the bytes after a missing segment
// cannot be framed into records reliably); where retransmitted segments
// disagree the first copy seen wins; IP fragments, SSLv2-format hellos,
// STARTTLS (a stream that does not start with a TLS record is skipped), QUIC,
// DTLS and Linux "cooked" v2 captures (gopacket v1.1.19 keeps link types in
// 8 bits) are not read; link types read: Ethernet (with 802.1Q/802.1ad
// tags), raw IPv4/IPv6, Linux cooked v1, BSD loopback; SSL 3.0 and the
// Camellia, ARIA, SEED, RC4 and NULL suites are not decrypted; a stream
// that ends inside a record or message just ends (a capture often stops
// mid-connection), while a stream that does not frame as TLS records is an
// error naming the connection, direction and record. A file that ends
// inside a packet (a capture cut short) gives the messages of every whole
// packet before the cut, and the truncation (ErrTruncated,
// Result.Truncated).
package capture
