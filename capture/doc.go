// Package capture pulls TLS handshake messages out of captured traffic: the
// two byte streams of one TCP connection (FromStreams), or a whole pcap or
// pcapng file (Read), so that the client-authentication messages in it can be
// handed to package parser with the Params the connection settled.
//
// TLS ≤1.2 handshakes are read in clear up to each side's ChangeCipherSpec
// (the encrypted Finished and anything later are not decrypted). TLS 1.3
// records are decrypted with an NSS key log (Options.KeyLog): the handshake
// traffic secrets up to each side's Finished, then the first application
// traffic secrets, following KeyUpdate, so that post-handshake
// CertificateRequest, Certificate, CertificateVerify and Finished come out
// too. Without a key log a TLS 1.3 connection yields its hellos only.
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
// tags), raw IPv4/IPv6, Linux cooked v1, BSD loopback; TLS ≤1.2 records after ChangeCipherSpec are not
// decrypted; a stream that ends inside a record or message just ends (a
// capture often stops mid-connection), while a stream that does not frame as
// TLS records is an error naming the connection, direction and record.
package capture
