package fuzz

// Thin wrappers, one per target. libFuzzer builders compile a FuzzX with no
// helpers from other _test.go files, so the two the wrappers share
// (fuzzTarget, fuzzDiff) live in this file. The logic is Check, CheckStream,
// CheckStructured, CheckFlow and CheckDiff.

import (
	"testing"

	ca "github.com/clientauth/clientauth"
)

func FuzzCR10(f *testing.F)            { fuzzTarget(f, "FuzzCR10") }
func FuzzCR11(f *testing.F)            { fuzzTarget(f, "FuzzCR11") }
func FuzzCR12(f *testing.F)            { fuzzTarget(f, "FuzzCR12") }
func FuzzCR13(f *testing.F)            { fuzzTarget(f, "FuzzCR13") }
func FuzzCRPostHandshake(f *testing.F) { fuzzTarget(f, "FuzzCRPostHandshake") }
func FuzzCT12(f *testing.F)            { fuzzTarget(f, "FuzzCT12") }
func FuzzCT13(f *testing.F)            { fuzzTarget(f, "FuzzCT13") }
func FuzzRawPublicKey(f *testing.F)    { fuzzTarget(f, "FuzzRawPublicKey") }
func FuzzCV10(f *testing.F)            { fuzzTarget(f, "FuzzCV10") }
func FuzzCV12(f *testing.F)            { fuzzTarget(f, "FuzzCV12") }
func FuzzCV13(f *testing.F)            { fuzzTarget(f, "FuzzCV13") }
func FuzzRSAKex(f *testing.F)          { fuzzTarget(f, "FuzzRSAKex") }
func FuzzDHEKex(f *testing.F)          { fuzzTarget(f, "FuzzDHEKex") }
func FuzzECDHEKex(f *testing.F)        { fuzzTarget(f, "FuzzECDHEKex") }
func FuzzPSKKex(f *testing.F)          { fuzzTarget(f, "FuzzPSKKex") }
func FuzzRSAPSKKex(f *testing.F)       { fuzzTarget(f, "FuzzRSAPSKKex") }
func FuzzDHEPSKKex(f *testing.F)       { fuzzTarget(f, "FuzzDHEPSKKex") }
func FuzzECDHEPSKKex(f *testing.F)     { fuzzTarget(f, "FuzzECDHEPSKKex") }
func FuzzCompressed(f *testing.F)      { fuzzTarget(f, "FuzzCompressed") }
func FuzzFinishedSHD(f *testing.F)     { fuzzTarget(f, "FuzzFinishedSHD") }
func FuzzDiffCR(f *testing.F)          { fuzzDiff(f, "FuzzDiffCR") }
func FuzzDiffCT(f *testing.F)          { fuzzDiff(f, "FuzzDiffCT") }
func FuzzDiffCV(f *testing.F)          { fuzzDiff(f, "FuzzDiffCV") }
func FuzzDiffKex(f *testing.F)         { fuzzDiff(f, "FuzzDiffKex") }
func FuzzDiffFinishedSHD(f *testing.F) { fuzzDiff(f, "FuzzDiffFinishedSHD") }

func FuzzStream(f *testing.F) {
	p := ca.Params{Version: ca.VersionTLS13}
	var flight []byte
	for _, s := range Lookup("FuzzCT13").Seeds()[:4] {
		flight = append(flight, s...)
		f.Add(flight)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckStream(p, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzStructured(f *testing.F) {
	for i := range 64 {
		f.Add([]byte{byte(i % 3), byte(i), byte(i * 7), 1, 0, 2, 3, 0x40, 0, 1, 0, 5, 8, 4, 0, 0, 2})
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckStructured(data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzFlow(f *testing.F) {
	// A conforming-looking TLS 1.3 client flight from the shared samples,
	// each message marked as sent by the client.
	var seed []byte
	seed = append(seed, 0x03)
	for _, s := range Lookup("FuzzCT13").Seeds()[:2] {
		seed = append(append(seed, 0), s...)
	}
	f.Add(seed)
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckFlow(data); err != nil {
			tt.Fatal(err)
		}
	})
}

// fuzzTarget runs the byte-level target name (Targets) on its seeds.
func fuzzTarget(f *testing.F, name string) {
	t := Lookup(name)
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

// fuzzDiff runs the differential target name (DiffTargets), skipping it
// where crypto/tls's parsers are out of reach (and failing instead where
// they are required).
func fuzzDiff(f *testing.F, name string) {
	t := LookupDiff(name)
	if err, fatal := t.Unready(); fatal {
		f.Fatal(err)
	} else if err != nil {
		f.Skip(err)
	}
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckDiff(t, data); err != nil {
			tt.Fatal(err)
		}
	})
}
