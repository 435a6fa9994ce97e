// Package properties holds the project's claims as rapid properties over
// generated messages (package gen): round trips both ways, rejection of every
// prefix and every tampered length, out-of-bound values refused by the
// encoder and rejected by the parser naming the same field, the extension
// rules, zero allocations, the RFC 8446 / RFC 9846 profile differences, and
// stream splitting. Run longer with -rapid.checks=100000.
package properties
