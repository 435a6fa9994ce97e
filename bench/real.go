package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"unicode"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/parser"
)

// RealTypes are the message types of the real-message set: the three the
// issue's goals are stated on.
var RealTypes = []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify}

// RealSet is the real-message benchmark set and what was left out of it.
type RealSet struct {
	Inputs []Input
	// Skipped says, per corpus file of a RealTypes type, why it is not an
	// input: an expected rejection, a byte-identical duplicate, or refused
	// by our parser or the walk.
	Skipped []string
}

var realOnce = sync.OnceValues(buildReal)

// Real returns every CertificateRequest, Certificate and CertificateVerify
// of corpus/real (TLS 1.0–1.3) that our parser and the walk accept, once per
// distinct bytes, in manifest order (shared; do not modify). Each is named
// <family>/<stack>_<sha>: the family as FamilyName spells it, the sending
// stack's first word, and the first 8 hex digits of the bytes' SHA-256, which
// stays the same however the manifest is reordered. The benchmarks drop the
// ones crypto/tls refuses when the shim is built in.
func Real() ([]Input, error) {
	s, err := realOnce()
	return s.Inputs, err
}

// RealSkipped is what Real left out, and why.
func RealSkipped() ([]string, error) {
	s, err := realOnce()
	return s.Skipped, err
}

func buildReal() (RealSet, error) {
	msgs, err := corpus.Real()
	if err != nil {
		return RealSet{}, err
	}
	var set RealSet
	seen := map[string]string{}
	for _, m := range msgs {
		if !isRealType(m.Type) {
			continue
		}
		skip := func(why string) { set.Skipped = append(set.Skipped, m.Path+": "+why) }
		if m.Expect != nil {
			skip("an expected rejection (" + m.Expect.Requirement + ")")
			continue
		}
		if first, dup := seen[string(m.Bytes)]; dup {
			skip("the same bytes as " + first)
			continue
		}
		seen[string(m.Bytes)] = m.Path
		p := parser.New(m.Params)
		if err := Parse(p, m.Bytes); err != nil {
			skip("our parser refuses it: " + err.Error())
			continue
		}
		if !Walk(m.Params, m.Bytes) {
			skip("the walk refuses it")
			continue
		}
		v, err := p.Parse(m.Bytes)
		if err != nil {
			return RealSet{}, fmt.Errorf("bench: %s: the typed method accepts what Parse refuses: %v", m.Path, err)
		}
		sum := sha256.Sum256(m.Bytes)
		name := FamilyName(m.Type, m.Version) + "/" + stackWord(m.Stack) + "_" + hex.EncodeToString(sum[:4])
		set.Inputs = append(set.Inputs, Input{Name: name, Params: m.Params, Msg: m.Bytes, Value: v.Value(), Source: "corpus/real/" + m.Path})
	}
	if len(set.Inputs) == 0 {
		return RealSet{}, fmt.Errorf("bench: corpus/real holds no message of %v that both our parser and the walk accept", RealTypes)
	}
	return set, nil
}

func isRealType(t ca.HandshakeType) bool {
	for _, r := range RealTypes {
		if r == t {
			return true
		}
	}
	return false
}

// stackWord is a manifest stack ("OpenSSL 3.0.19", "Go 1.26.8 crypto/tls",
// "RFC 8448") as one lower-case word of a benchmark name ("openssl", "go",
// "rfc8448"): the first word, joined to a second that is a bare number.
func stackWord(stack string) string {
	words := strings.Fields(stack)
	if len(words) == 0 {
		return "unknown"
	}
	w := words[0]
	if len(words) > 1 && strings.IndexFunc(words[1], func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		w += words[1]
	}
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToLower(r)
		}
		return -1
	}, w)
}
