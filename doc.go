// Package clientauth is the shared vocabulary of the TLS client-authentication
// parser (package parser) and encoder (package encoder): handshake types,
// versions, signature schemes, extension types, alerts, requirement IDs, and
// the one table of wire bounds (BoundOf), extension rules (Extensions) and
// semantic checks (CheckOf) that both halves, the generators and the docs
// read, with the message table (Messages) and the single-message rules
// (rules.go). The tables are read through copies: no caller can change them.
//
// Nothing here parses bytes. The owned message values (CertificateRequest,
// Certificate, ...) are the encoder's input and what a parsed view converts to;
// they hold no protocol version: the version and other context a message's
// bytes do not carry travel beside them in Params.
package clientauth
