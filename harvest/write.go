package harvest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/wire"
	"github.com/clientauth/clientauth/parser"
)

// kept are the message types the corpus holds: the client-authentication
// messages and the ones whose shape the key exchange or suite decides.
var kept = []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify,
	ca.TypeClientKeyExchange, ca.TypeServerHelloDone, ca.TypeFinished, ca.TypeCompressedCertificate}

type entryBytes struct {
	e corpus.RealEntry
	b []byte
}

type writer struct {
	cfg     Config
	stacks  map[string]string
	entries []entryBytes
	seen    map[string]int // version + bytes → index in entries
	total   int
	dups    int
	bad     []string
}

func newWriter(cfg Config, stacks map[string]string) *writer {
	return &writer{cfg: cfg, stacks: stacks, seen: map[string]int{}}
}

// addCase files the messages of one handshake.
func (w *writer) addCase(c *Case, o *outcome) error {
	hellos := serverHellos(o.msgs)
	if len(hellos) == 0 {
		return fmt.Errorf("no ServerHello")
	}
	if v := hellos[0].Version; c.Version < ca.VersionTLS13 && v != c.Version {
		return fmt.Errorf("ServerHello version %v, want %v", v, c.Version)
	} else if c.Version == ca.VersionTLS13 && v != ca.VersionTLS13 {
		return fmt.Errorf("ServerHello did not select TLS 1.3")
	}
	if o.suite == 0 {
		return fmt.Errorf("no ServerHello cipher suite")
	}
	kex := ""
	if c.Version < ca.VersionTLS13 {
		s, ok := suiteByID(o.suite)
		if !ok || s.kex == "" {
			return fmt.Errorf("negotiated suite 0x%04x is not in the suite table", o.suite)
		}
		kex = s.kex
	}
	var finished [2]bool // client, server
	for _, m := range o.msgs {
		t := ca.HandshakeType(m.b[0])
		side := 1
		stack, peer, sender := c.Server, c.Client, "server"
		if m.client {
			side, stack, peer, sender = 0, c.Client, c.Server, "client"
		}
		// TLS 1.3: what a side sends after its Finished is post-handshake.
		post := c.Version == ca.VersionTLS13 && finished[side]
		if t == ca.TypeFinished {
			finished[side] = true
		}
		if !slices.Contains(kept, t) {
			continue
		}
		var opts []string
		for _, op := range c.Options {
			switch {
			case op == OptPostHandshake && !post:
			case op == OptRawPublicKey && !m.client:
			default:
				opts = append(opts, op)
			}
		}
		e := corpus.RealEntry{
			Message: t.String(), Stack: w.stacks[stack], Peer: w.stacks[peer], Sender: sender,
			Version: c.Version.String(), Kex: kex, Suite: suiteName(o.suite), Key: c.Key,
			Options: opts, Harvest: o.how, Date: w.cfg.Date,
		}
		w.add(e, m.b, fmt.Sprintf("%s_%s", sender, c.ID))
	}
	return nil
}

// add checks one message against the parser and files it unless its bytes
// are already there.
func (w *writer) add(e corpus.RealEntry, b []byte, stem string) {
	w.total++
	key := e.Version + "\x00" + string(b)
	if i, ok := w.seen[key]; ok {
		w.dups++
		if f := &w.entries[i].e; f.Stack != e.Stack && !slices.Contains(f.Also, e.Stack) {
			f.Also = append(f.Also, e.Stack)
			sort.Strings(f.Also)
		}
		return
	}
	p, err := e.Params()
	if err != nil {
		w.bad = append(w.bad, fmt.Sprintf("%s: %v", stem, err))
		return
	}
	if t := ca.HandshakeType(b[0]); t == ca.TypeCertificateRequest && emptyCAList(b, p) {
		e.Options = append(e.Options, "empty_ca_list")
		if b, ok := emptyCAListBound(p); ok {
			e.Expect = &corpus.RealExpect{Result: "invalid", Requirement: string(b.Requirement),
				Alert:  ca.AlertDecodeError.String(),
				Reason: fmt.Sprintf("empty CA list below %s%s", b.Struct, b.Range())}
		}
	}
	if err := verify(p, b, e.Expect); err != nil {
		w.bad = append(w.bad, fmt.Sprintf("%s %s: %v", stem, e.Message, err))
		return
	}
	w.seen[key] = len(w.entries)
	sum := corpus.RealSHA256(b)
	e.SHA256 = sum
	e.Path = fmt.Sprintf("%s/%s/%s_%s.bin", e.Message, vtag(p.Version), stem, sum[:8])
	w.entries = append(w.entries, entryBytes{e, bytes.Clone(b)})
}

// verify: a valid message parses and re-encodes byte for byte; one a stack
// sent against the RFC is refused for the expected rule.
func verify(p ca.Params, b []byte, want *corpus.RealExpect) error {
	m, err := parser.New(p).Parse(b)
	if want != nil {
		if err == nil || !errors.Is(err, ca.Requirement(want.Requirement)) {
			return fmt.Errorf("want rejection under %s, got %v", want.Requirement, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("parser rejects it: %v", err)
	}
	out, err := encoder.New(p).Encode(nil, m.Value())
	if err != nil {
		return fmt.Errorf("encoder refuses it: %v", err)
	}
	if !bytes.Equal(out, b) {
		return fmt.Errorf("re-encoding differs")
	}
	return nil
}

// emptyCAList reads a CertificateRequest's CA list without the parser: a
// TLS ≤1.2 certificate_authorities of length 0, or a TLS 1.3
// certificate_authorities extension holding an empty list.
func emptyCAList(b []byte, p ca.Params) bool {
	c := wire.At(b[4:], 4)
	if p.Vers() < ca.VersionTLS13 {
		if _, ok := c.Row(ca.BoundCRCertificateTypes); !ok {
			return false
		}
		if p.Vers() == ca.VersionTLS12 {
			if _, ok := c.Row(ca.BoundCRSignatureAlgorithms12); !ok {
				return false
			}
		}
		cas, ok := c.Row(p.Row(ca.BoundCRAuthorities10, ca.BoundCRAuthorities))
		return ok && cas.Empty() && c.Empty()
	}
	if _, ok := c.Row(ca.BoundCRContext); !ok {
		return false
	}
	exts, ok := c.Row(p.Row(ca.BoundCRExtensions, ca.BoundCRExtensions9846))
	for ok && !exts.Empty() {
		var typ ca.ExtensionType
		var body wire.Cursor
		if typ, body, ok = exts.Extension(); ok && typ == ca.ExtCertificateAuthorities {
			if list, ok := body.Row(ca.BoundAuthorities); ok && list.Empty() {
				return true
			}
		}
	}
	return false
}

// emptyCAListBound is the CA-list row of the bounds table in force for p
// whose floor is above zero, if any: whether an empty list is legal is the
// table's call, not the harvester's.
func emptyCAListBound(p ca.Params) (ca.Bound, bool) {
	for _, b := range ca.AllBounds() {
		isList := b.Struct == "CertificateRequest.certificate_authorities" ||
			b.Struct == "CertificateAuthoritiesExtension.authorities"
		if isList && b.Applies(p.Vers(), p.Profile) && b.Min > 0 {
			return b, true
		}
	}
	return ca.Bound{}, false
}

// addImports adds the messages no stack here makes: the RFC 8448 traces and
// the seed capture's TLS 1.2 CertificateRequest.
func (w *writer) addImports() error {
	for _, s := range samples.RFC8448() {
		sender := "client"
		if s.Params.FromServer {
			sender = "server"
		}
		key := KeyNone
		if strings.HasPrefix(s.Name, "rfc8448/s6_") {
			key = KeyRSA2048 // §6's client certificate
		}
		w.add(corpus.RealEntry{Message: ca.HandshakeType(s.Msg[0]).String(), Stack: "RFC 8448", Sender: sender,
			Version: "1.3", Suite: "TLS_AES_128_GCM_SHA256", Key: key,
			Harvest: "RFC 8448 example trace text (testdata/rfc8448)", Date: w.cfg.Date},
			s.Msg, "rfc8448_"+strings.TrimPrefix(s.Name, "rfc8448/"))
	}
	s := samples.SeedCaptureCR()
	w.add(corpus.RealEntry{Message: "certificate_request", Stack: "seed capture", Sender: "server",
		Version: "1.2", Key: "unknown",
		Harvest: "seed capture dissection (shared/seed-capture.md)", Date: w.cfg.Date},
		s.Msg, "seed-capture_tls12")
	return nil
}

// write replaces the generated part of cfg.Out: the per-message directories
// and manifest.json.
func (w *writer) write(sum *Summary) error {
	if err := os.MkdirAll(w.cfg.Out, 0o755); err != nil {
		return err
	}
	for _, t := range kept {
		if err := os.RemoveAll(filepath.Join(w.cfg.Out, t.String())); err != nil {
			return err
		}
	}
	sort.Slice(w.entries, func(i, j int) bool { return w.entries[i].e.Path < w.entries[j].e.Path })
	m := corpus.RealManifest{Format: corpus.RealFormat, Command: "clientauth harvest -out corpus/real"}
	for _, eb := range w.entries {
		path := filepath.Join(w.cfg.Out, filepath.FromSlash(eb.e.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, eb.b, 0o644); err != nil {
			return err
		}
		m.Messages = append(m.Messages, eb.e)
		sum.Counts[eb.e.Stack+"/"+eb.e.Message+"/"+eb.e.Version]++
		if eb.e.Expect != nil {
			sum.Expected++
		}
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	sum.Seen, sum.Written, sum.Dups = w.total, len(w.entries), w.dups
	sum.Failed = append(sum.Failed, w.bad...)
	return os.WriteFile(filepath.Join(w.cfg.Out, corpus.RealManifestName), append(js, '\n'), 0o644)
}
