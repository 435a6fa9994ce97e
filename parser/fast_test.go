package parser_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/parser"
)

// outcome is what one parse decided: the view, or the error (copied: the
// parser owns it).
type outcome struct {
	msg parser.Message
	err *ca.Error
}

func parseWith(p ca.Params, msg []byte, detailed bool) outcome {
	ps := parser.New(p)
	var spans []parser.Span
	if detailed {
		ps.Layout = &spans // forces the detailed path
	}
	m, err := ps.Parse(msg)
	if err == nil {
		return outcome{msg: m}
	}
	var e *ca.Error
	if !errors.As(err, &e) {
		panic("parser returned " + err.Error())
	}
	c := *e
	return outcome{msg: m, err: &c}
}

// sameAsDetailed fails t unless the fast path (Layout unset) decides msg as
// the detailed path does: the same view, or the same error in every field.
func sameAsDetailed(t *testing.T, name string, p ca.Params, msg []byte) (accepted bool) {
	t.Helper()
	fast, ref := parseWith(p, msg, false), parseWith(p, msg, true)
	switch {
	case (fast.err == nil) != (ref.err == nil):
		t.Errorf("%s: fast path error %v, detailed path %v\n%x", name, fast.err, ref.err, msg)
	case fast.err != nil && *fast.err != *ref.err:
		t.Errorf("%s: fast path error %+v, detailed path %+v", name, *fast.err, *ref.err)
	case !reflect.DeepEqual(fast.msg, ref.msg):
		t.Errorf("%s: fast path view %+v, detailed path %+v", name, fast.msg, ref.msg)
	}
	return ref.err == nil
}

// inputs are every real message and every vector, each under its own Params.
func inputs(t *testing.T) (names []string, params []ca.Params, msgs [][]byte) {
	real, err := corpus.Real()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range real {
		names, params, msgs = append(names, "real/"+m.Path), append(params, m.Params), append(msgs, m.Bytes)
	}
	vs, err := corpus.AllVectors()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		names, params, msgs = append(names, v.File+"#"+strconv.Itoa(v.Test.TcID)), append(params, v.Params), append(msgs, v.Msg)
	}
	return names, params, msgs
}

// TestFastMatchesDetailed: over the whole corpus, every vector, and mutants
// of each (every truncation of short messages, byte changes), the fast path
// gives exactly the detailed path's view or error. The fuzz targets check the
// same on every seed and every input they make (fuzz.Check).
func TestFastMatchesDetailed(t *testing.T) {
	names, params, msgs := inputs(t)
	rng := rand.New(rand.NewPCG(13, 13))
	n := 0
	for i, msg := range msgs {
		sameAsDetailed(t, names[i], params[i], msg)
		n++
		if len(msg) <= 512 {
			for k := range msg {
				sameAsDetailed(t, names[i]+" cut", params[i], fixHeader(msg[:k]))
				n++
			}
		}
		for range 16 {
			b := append([]byte(nil), msg...)
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			sameAsDetailed(t, names[i]+" mutant", params[i], b)
			n++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("%d inputs, %d parses compared", len(msgs), n)
}

// fixHeader sets a cut message's length field to its body, so the cut lands
// inside the body rather than failing the header check.
func fixHeader(b []byte) []byte {
	b = append([]byte(nil), b...)
	if len(b) >= parser.HeaderLen {
		n := len(b) - parser.HeaderLen
		b[1], b[2], b[3] = byte(n>>16), byte(n>>8), byte(n)
	}
	return b
}

// TestFastAcceptsValid: the fast path accepts every valid message of the
// corpus and vectors itself, except the shapes it leaves to the detailed
// path on purpose (TLS ≤1.2 raw public keys and OpenPGP certificates), so a
// valid message never pays for two walks.
func TestFastAcceptsValid(t *testing.T) {
	names, params, msgs := inputs(t)
	fallbacks := 0
	parser.OnFallback(func() { fallbacks++ })
	defer parser.OnFallback(nil)
	valid := 0
	for i, msg := range msgs {
		before := fallbacks
		if _, err := parser.New(params[i]).Parse(msg); err != nil {
			continue
		}
		valid++
		left := params[i].Vers() != ca.VersionTLS13 && params[i].CertType != ca.CertTypeX509 && msg[0] == byte(ca.TypeCertificate)
		if fallbacks != before && !left {
			t.Errorf("%s: valid, but the fast path refused it", names[i])
		}
	}
	if valid == 0 {
		t.Fatal("no valid input")
	}
	t.Logf("%d valid inputs", valid)
}

// TestParseIntoReuse: one Message reused across every input, of every type,
// valid or not, always equals what Parse returns for that input alone, and
// filling it allocates nothing.
func TestParseIntoReuse(t *testing.T) {
	names, params, msgs := inputs(t)
	var m parser.Message
	for i, msg := range msgs {
		p := parser.New(params[i])
		want, wantErr := p.Parse(msg)
		var we ca.Error
		if wantErr != nil {
			we = *wantErr.(*ca.Error)
		}
		err := p.ParseInto(msg, &m)
		if (err == nil) != (wantErr == nil) || err != nil && *err.(*ca.Error) != we {
			t.Fatalf("%s: ParseInto %v, Parse %v", names[i], err, wantErr)
		}
		if !reflect.DeepEqual(m, want) {
			t.Fatalf("%s: reused Message %+v, Parse %+v", names[i], m, want)
		}
		if i%64 == 0 {
			if n := testing.AllocsPerRun(5, func() { p.ParseInto(msg, &m) }); n != 0 {
				t.Fatalf("%s: ParseInto allocates %v times", names[i], n)
			}
		}
	}
}

// TestAtContract: every list view's At returns what All yields at that
// position and panics the same way outside 0..Len()-1.
func TestAtContract(t *testing.T) {
	m, err := parser.New(ca.Params{}).Parse(sampleMsg(t, "rfc8448/s6_server_certificate_request"))
	if err != nil {
		t.Fatal(err)
	}
	cr := m.CertificateRequest
	ct, err := parser.New(ca.Params{}).Certificate(sampleMsg(t, "rfc8448/s6_client_certificate_rsa"))
	if err != nil {
		t.Fatal(err)
	}
	type list struct {
		name string
		n    int
		at   func(int) any
		all  func(func(int, any))
	}
	lists := []list{
		{"SignatureSchemes", cr.SignatureAlgorithms.Len(), func(i int) any { return cr.SignatureAlgorithms.At(i) },
			func(f func(int, any)) {
				for i, v := range cr.SignatureAlgorithms.All() {
					f(i, v)
				}
			}},
		{"Extensions", cr.Extensions.Len(), func(i int) any { return cr.Extensions.At(i) },
			func(f func(int, any)) {
				for i, v := range cr.Extensions.All() {
					f(i, v)
				}
			}},
		{"CertificateEntries", ct.Entries.Len(), func(i int) any { return ct.Entries.At(i) },
			func(f func(int, any)) {
				for i, v := range ct.Entries.All() {
					f(i, v)
				}
			}},
	}
	for _, l := range lists {
		if l.n == 0 {
			t.Fatalf("%s: empty sample list", l.name)
		}
		l.all(func(i int, v any) {
			if !reflect.DeepEqual(l.at(i), v) {
				t.Errorf("%s.At(%d) differs from All", l.name, i)
			}
		})
		if n := testing.AllocsPerRun(10, func() { _ = l.at(l.n - 1) }); n > 1 { // 1: the any the test boxes the item in
			t.Errorf("%s.At allocates %v times", l.name, n)
		}
		for _, i := range []int{-1, l.n} {
			func() {
				defer func() {
					if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "index out of range") {
						t.Errorf("%s.At(%d): recovered %v, want an index-out-of-range panic", l.name, i, r)
					}
				}()
				l.at(i)
			}()
		}
	}
}

func sampleMsg(t *testing.T, name string) []byte { return sample(t, name).Msg }
