// Package dissect renders client-authentication handshake messages for
// people and tools: a Wireshark-style tree (Tree; labels and value names as
// tshark 4.0 prints them, checked by TestTshark) with clientauth's verdict
// under the field a message fails at, and a JSON model of every field in
// wire order that converts both ways to owned clientauth values, so that
// `dissect -json | encode` reproduces a message byte for byte. It owns
// Wireshark's names (names.go); the clientauth vocabulary stays in the root
// package.
package dissect
