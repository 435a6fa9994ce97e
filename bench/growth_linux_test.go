package bench_test

import (
	"runtime/debug"
	"syscall"
	"testing"

	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/internal/der"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// TestParserSkipsCertificateBytes asserts the growth shape without timing:
// parse cost must grow with the number of certificates, not their bytes. The
// message is copied into memory whose pages inside each certificate (past its
// DER header) are unreadable; a parser that read certificate contents would
// fault there. It may read only the framing: length prefixes, each
// certificate's outer shape (8446-4.4.2-g: the DER headers of the
// Certificate and its tbsCertificate, signatureAlgorithm and signatureValue,
// which skip the contents) and the entry extensions. The tbsCertificate's
// contents, the bulk of a certificate, are what is protected.
func TestParserSkipsCertificateBytes(t *testing.T) {
	page := syscall.Getpagesize()
	for _, in := range testutil.Must(t, bench.Growth) {
		if in.Size < 4*page {
			continue // no whole page inside a certificate to protect
		}
		t.Run(in.Name, func(t *testing.T) {
			mem, err := syscall.Mmap(-1, 0, len(in.Msg)+page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
			if err != nil {
				t.Skip("mmap:", err)
			}
			defer syscall.Munmap(mem)
			msg := mem[:len(in.Msg)]
			copy(msg, in.Msg)

			// Where the certificates are, by the parser's own account.
			ct, err := parser.New(in.Params).Certificate(msg)
			if err != nil {
				t.Fatal(err)
			}
			protected := 0
			var firstProtected int
			for _, e := range ct.Entries.All() {
				start := e.Offset + 3 + 12 // past the uint24 length and two DER headers (≤ 6 bytes each)
				// Up to the end of the tbsCertificate: the signatureAlgorithm
				// and signatureValue headers after it are read (their
				// contents are not).
				_, body, _, _ := der.Next(e.Data)
				_, _, afterTBS, _ := der.Next(body)
				end := e.Offset + 3 + len(e.Data) - len(afterTBS)
				lo := (start + page - 1) / page * page
				hi := end / page * page
				if hi <= lo {
					continue
				}
				if err := syscall.Mprotect(mem[lo:hi], syscall.PROT_NONE); err != nil {
					t.Skip("mprotect:", err)
				}
				if protected == 0 {
					firstProtected = lo
				}
				protected += hi - lo
			}
			if protected < in.Count*page {
				t.Fatalf("only %d bytes protected", protected)
			}
			defer syscall.Mprotect(mem, syscall.PROT_READ|syscall.PROT_WRITE)

			// The protection works: reading a protected byte faults.
			if !faults(func() { sink = msg[firstProtected] }) {
				t.Fatal("reading a protected byte did not fault: the test would prove nothing")
			}
			q := parser.New(in.Params)
			if faults(func() { err = bench.Parse(q, msg) }) {
				t.Errorf("the parser read certificate contents: its cost grows with certificate bytes")
			} else if err != nil {
				t.Errorf("parse failed: %v", err)
			}
			if faults(func() { bench.Walk(in.Params, msg) }) {
				t.Errorf("the walk read certificate contents")
			}
		})
	}
}

// sink keeps the control read from being optimised away.
var sink byte

// faults reports whether f hit a memory fault.
func faults(f func()) (faulted bool) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			faulted = true
		}
	}()
	f()
	return false
}
