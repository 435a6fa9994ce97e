// Package fuzz holds the harness logic of the native fuzz targets in
// fuzz_test.go. It lives in a non-test file so that libFuzzer builders
// (go-118-fuzz-build), which cannot see helpers in other _test.go files,
// compile the thin FuzzX wrappers.
package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"sync"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/parser"
)

// Target is one byte-level fuzz target: the handshake messages it feeds and
// the Params it parses them under.
type Target struct {
	Name   string
	Types  []ca.HandshakeType
	Params ca.Params
}

func v(version ca.Version, f func(*ca.Params)) ca.Params {
	p := ca.Params{Version: version}
	if f != nil {
		f(&p)
	}
	return p
}

func server(p *ca.Params) { p.FromServer = true }

func kex(k ca.KeyExchange) func(*ca.Params) { return func(p *ca.Params) { p.KeyExchange = k } }

// Targets are the byte-level targets, one per message family and version
// (and key exchange for ClientKeyExchange). No name is a prefix of another:
// the OSS-Fuzz builder silently builds nothing when one is.
var Targets = []Target{
	{"FuzzCR10", []ca.HandshakeType{ca.TypeCertificateRequest}, v(ca.VersionTLS10, server)},
	{"FuzzCR11", []ca.HandshakeType{ca.TypeCertificateRequest}, v(ca.VersionTLS11, server)},
	{"FuzzCR12", []ca.HandshakeType{ca.TypeCertificateRequest}, v(ca.VersionTLS12, server)},
	{"FuzzCR13", []ca.HandshakeType{ca.TypeCertificateRequest}, v(ca.VersionTLS13, server)},
	{"FuzzCRPostHandshake", []ca.HandshakeType{ca.TypeCertificateRequest}, v(ca.VersionTLS13, func(p *ca.Params) { p.FromServer, p.PostHandshake = true, true })},
	{"FuzzCT12", []ca.HandshakeType{ca.TypeCertificate}, v(ca.VersionTLS12, nil)},
	{"FuzzCT13", []ca.HandshakeType{ca.TypeCertificate}, v(ca.VersionTLS13, nil)},
	{"FuzzRawPublicKey", []ca.HandshakeType{ca.TypeCertificate}, v(ca.VersionTLS13, func(p *ca.Params) { p.CertType = ca.CertTypeRawPublicKey })},
	{"FuzzCV10", []ca.HandshakeType{ca.TypeCertificateVerify}, v(ca.VersionTLS10, nil)},
	{"FuzzCV12", []ca.HandshakeType{ca.TypeCertificateVerify}, v(ca.VersionTLS12, nil)},
	{"FuzzCV13", []ca.HandshakeType{ca.TypeCertificateVerify}, v(ca.VersionTLS13, nil)},
	{"FuzzRSAKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexRSA))},
	{"FuzzDHEKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexDHE))},
	{"FuzzECDHEKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexECDHE))},
	{"FuzzPSKKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexPSK))},
	{"FuzzRSAPSKKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexRSAPSK))},
	{"FuzzDHEPSKKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexDHEPSK))},
	{"FuzzECDHEPSKKex", []ca.HandshakeType{ca.TypeClientKeyExchange}, v(ca.VersionTLS12, kex(ca.KexECDHEPSK))},
	{"FuzzCompressed", []ca.HandshakeType{ca.TypeCompressedCertificate}, v(ca.VersionTLS13, nil)},
	{"FuzzFinishedSHD", []ca.HandshakeType{ca.TypeFinished, ca.TypeServerHelloDone}, v(ca.VersionTLS12, nil)},
}

// Lookup returns the target named name.
func Lookup(name string) Target {
	for _, t := range Targets {
		if t.Name == name {
			return t
		}
	}
	panic("fuzz: no target " + name)
}

// Seeds are the messages of the target's families: every embedded corpus
// message and vector, each once (only embedded data: a libFuzzer binary
// runs where the source tree is not), or the sample SeedsEnv asks for.
func (t Target) Seeds() [][]byte {
	seedMu.Lock()
	defer seedMu.Unlock()
	s, ok := seedCache[t.Name]
	if !ok {
		s = t.seeds()
		seedCache[t.Name] = s
	}
	return Sample(s, seedLimit())
}

// SeedsEnv, when set to a count N, makes Seeds return at most N seeds per
// target. go test -fuzz runs every seed once (its coverage baseline, a few
// hundred a second) before it mutates anything, inside -fuzztime: with
// thousands of seeds a short run ends in the baseline. "clientauth fuzz"
// sets it for short budgets; unset, every seed is added.
const SeedsEnv = "CLIENTAUTH_FUZZ_SEEDS"

// MinSeeds is the smallest sample SeedsEnv can ask for: FuzzStream and
// FuzzFlow build their seeds from the first few of FuzzCT13's.
const MinSeeds = 16

func seedLimit() int {
	n, err := strconv.Atoi(os.Getenv(SeedsEnv))
	if err != nil || n <= 0 {
		return 0
	}
	return max(n, MinSeeds)
}

// Sample returns n of seeds spread evenly over the list, which holds the
// real corpus by message directory and then the vectors by group, so that
// each part of the corpus keeps its share. The choice is deterministic: a
// seed's index (go test's seed#N) names the same input on every run with the
// same n. n <= 0 or n >= len(seeds): all of them.
func Sample(seeds [][]byte, n int) [][]byte {
	if n <= 0 || n >= len(seeds) {
		return seeds
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = seeds[i*len(seeds)/n]
	}
	return out
}

// The libFuzzer builders call a FuzzX function once per input, so its seed
// list is built once per process, not per call.
var (
	seedMu    sync.Mutex
	seedCache = map[string][][]byte{}
)

func (t Target) seeds() [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	add := func(b []byte) {
		if len(b) > 0 && bytesOfType(b, t.Types) && !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, b)
		}
	}
	if real, err := corpus.Real(); err == nil {
		for _, m := range real {
			add(m.Bytes)
		}
	}
	if vs, err := corpus.AllVectors(); err == nil {
		for _, v := range vs {
			add(v.Msg)
		}
	}
	return out
}

func bytesOfType(b []byte, types []ca.HandshakeType) bool {
	if types == nil {
		return true
	}
	for _, t := range types {
		if ca.HandshakeType(b[0]) == t {
			return true
		}
	}
	return false
}

// calls counts harness calls, for the sampled allocation check.
var calls int

// Check is the byte-level property: parsing never panics; an accepted
// message re-encodes to exactly its input; a rejected one carries a known
// alert and a field; and, on every 256th input, parsing allocated nothing.
func Check(p ca.Params, data []byte) error {
	ps := parser.New(p)
	m, err := ps.Parse(data)
	calls++
	// Only under go test: a libFuzzer build's instrumentation allocates on
	// its own (every target "failed" this check there, on valid input).
	if calls%256 == 0 && testing.Testing() {
		if n := testing.AllocsPerRun(1, func() { ps.Parse(data) }); n != 0 {
			return fmt.Errorf("parse allocated %v times on %x", n, data)
		}
	}
	if err := sameAsDetailed(p, data, m, err); err != nil {
		return err
	}
	if err != nil {
		var e *ca.Error
		if !errors.As(err, &e) {
			return fmt.Errorf("rejection is not a *clientauth.Error: %v", err)
		}
		if e.Alert == 0 || e.Alert.String() == "" || e.Field() == "" {
			return fmt.Errorf("rejection without alert or field: %v", err)
		}
		return nil
	}
	out, err := encoder.New(p).Encode(nil, m.Value())
	if err != nil {
		return fmt.Errorf("encoder refused what the parser accepted: %v\n%x", err, data)
	}
	if !bytes.Equal(out, data) {
		return fmt.Errorf("re-encoding differs:\n in %x\nout %x", data, out)
	}
	return nil
}

// sameAsDetailed checks the parser's fast path (what Parse ran, Layout
// unset) against the detailed path, which a Layout forces: the same view, or
// the same error in every field (issue 13's reference behaviour).
func sameAsDetailed(p ca.Params, data []byte, m parser.Message, err error) error {
	var spans []parser.Span
	ref := parser.New(p)
	ref.Layout = &spans
	rm, rerr := ref.Parse(data)
	var e, re *ca.Error
	errors.As(err, &e)
	errors.As(rerr, &re)
	switch {
	case (e == nil) != (re == nil):
		return fmt.Errorf("fast path error %v, detailed path %v on %x", err, rerr, data)
	case e != nil && *e != *re:
		return fmt.Errorf("fast path error %+v, detailed path %+v on %x", *e, *re, data)
	case e == nil && !reflect.DeepEqual(m, rm):
		return fmt.Errorf("fast path view %+v, detailed path %+v on %x", m, rm, data)
	}
	return nil
}

// CheckStream splits data as a run of handshake messages and checks each
// message it yields under p: the stream reader must hand back slices of the
// input that tile it up to Rest.
func CheckStream(p ca.Params, data []byte) error {
	s := parser.NewStream(data)
	end := 0
	for {
		msg, off, ok := s.Next()
		if !ok {
			break
		}
		if off != end || !bytes.Equal(msg, data[off:off+len(msg)]) {
			return fmt.Errorf("stream returned a message at %d, want %d", off, end)
		}
		end = off + len(msg)
		if err := Check(p, msg); err != nil {
			return err
		}
	}
	if rest := s.Rest(); !bytes.Equal(rest, data[end:]) {
		return fmt.Errorf("stream rest is not the unread tail")
	}
	if (s.Err() == nil) != (end == len(data)) {
		return fmt.Errorf("stream error %v with %d of %d bytes consumed", s.Err(), end, len(data))
	}
	return nil
}
