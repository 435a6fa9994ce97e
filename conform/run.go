package conform

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/conform/internal/proto"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/corpus/live"
	"github.com/clientauth/clientauth/harvest"
	"github.com/clientauth/clientauth/internal/linelog"
	"github.com/clientauth/clientauth/parser"
)

// Peers lists every driver, in the order tables show them.
var Peers = []Peer{
	openssl{harvest.StackOpenSSL}, gnutls{harvest.StackGnuTLS}, goPeer,
	nss{"nss"}, botan{"botan"}, jsse{"java"}, wolfssl{"wolfssl"},
}

// PeerByName finds a driver.
func PeerByName(name string) (Peer, bool) {
	for _, p := range Peers {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

// DefaultJobs: cells mostly wait (for peer processes to start, for a
// peer's answer, for timeouts), so even on 2 cores four at a time halve
// the wall time; -quick took 191 s with two and 98 s with four here.
const DefaultJobs = 4

// Config says what to run.
type Config struct {
	Peers    []string     // driver names; nil = all
	Roles    []string     // the peer's roles; nil = both
	Versions []ca.Version // nil = TLS 1.0–1.3
	Quick    bool         // a sample of each mutation family
	Timeout  time.Duration
	Jobs     int // cells (peer × role × version) in parallel; 0 = DefaultJobs
	Log      io.Writer
	CacheDir string // where the endpoint is built; "" = the user cache directory
	// ControlOnly runs only the unsubstituted handshakes (Report.Controls).
	ControlOnly bool
}

// Control is one unsubstituted handshake; every case of its cell hangs on
// it completing.
type Control struct {
	Peer    string `json:"peer"`
	Role    string `json:"role"`
	Version string `json:"version"`
	Suite   string `json:"suite"`
	Kind    string `json:"kind"`
	Detail  string `json:"detail,omitempty"`
}

// Keys: the server certificate is RSA (RSA key transport encrypts to it),
// the client's ECDSA P-256.
const (
	serverKey = "srv_" + harvest.KeyRSA2048
	clientKey = "cli_" + harvest.KeyP256
)

// targets: the messages our endpoint replaces, by the peer's role.
var targets = map[string][]ca.HandshakeType{
	RoleClient: {ca.TypeCertificateRequest, ca.TypeServerHelloDone},
	RoleServer: {ca.TypeCertificate, ca.TypeCertificateVerify, ca.TypeClientKeyExchange, ca.TypeFinished},
}

// kexSuites: the TLS ≤1.2 key exchanges a ClientKeyExchange is replaced
// under; every other message goes with the peer's default (ECDHE).
var kexSuites = []struct {
	kex   ca.KeyExchange
	suite uint16
}{{ca.KexECDHE, tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA}, {ca.KexRSA, tls.TLS_RSA_WITH_AES_128_CBC_SHA}}

// peerKeyExchanges: the TLS ≤1.2 key exchanges of kexSuites a peer server
// takes; a driver whose build lacks some says so with a KeyExchanges method.
func peerKeyExchanges(p Peer) []ca.KeyExchange {
	if k, ok := p.(interface{ KeyExchanges() []ca.KeyExchange }); ok {
		return k.KeyExchanges()
	}
	var all []ca.KeyExchange
	for _, k := range kexSuites {
		all = append(all, k.kex)
	}
	return all
}

// Case is one substitution.
type Case struct {
	Peer     string `json:"peer"`
	Role     string `json:"role"` // the peer's
	Version  string `json:"version"`
	Message  string `json:"message"`
	Kex      string `json:"kex,omitempty"`
	Source   string `json:"source"` // "control", "live" or "fixed"
	Mutation string `json:"mutation,omitempty"`
	Index    int    `json:"index,omitempty"`
	Vector   string `json:"vector,omitempty"` // fixed: file#tcId
	Family   string `json:"family"`
	Expect   Expect `json:"expect"`

	typ    ca.HandshakeType
	params ca.Params // the context the message is read in
	vers   ca.Version
	suite  uint16
	kexV   ca.KeyExchange
	fixed  []byte
}

// Observed is what one run saw.
type Observed struct {
	Kind     string `json:"kind"`
	Progress string `json:"progress,omitempty"` // how far the peer got
	Alert    string `json:"alert,omitempty"`
	Level    int    `json:"alertLevel,omitempty"`
	Exit     *Exit  `json:"exit,omitempty"`
	Stderr   string `json:"stderr,omitempty"` // a crashed peer's last output
	Err      string `json:"err,omitempty"`
	Msg      string `json:"msg,omitempty"` // what went out (hex)
	alert    ca.Alert
}

// Result is one case's runs and verdict.
type Result struct {
	Case
	PeerVersion string    `json:"peerVersion"`
	Observed    Observed  `json:"observed"`
	Verdict     string    `json:"verdict"`
	Note        string    `json:"note,omitempty"`
	Rerun       *Observed `json:"rerun,omitempty"`
	Confirmed   bool      `json:"confirmed"` // a finding the re-run repeated
	// Under the RFC 9846 profile, where our parser reads the message
	// otherwise (ProfileVerdicts).
	ExpectRFC9846  *Expect `json:"expectRFC9846,omitempty"`
	VerdictRFC9846 string  `json:"verdictRFC9846,omitempty"`
}

// PeerInfo is one driver's state in this run.
type PeerInfo struct {
	Name    string   `json:"name"`
	Version string   `json:"version,omitempty"`
	Skipped string   `json:"skipped,omitempty"`
	Notes   []string `json:"notes,omitempty"` // parts of the matrix left out, with why
}

// Report is a run's outcome: the results file's content.
type Report struct {
	Schema  string  `json:"schema"`
	Tool    string  `json:"tool"`
	Go      string  `json:"go"`
	Started string  `json:"started"`
	Seconds float64 `json:"seconds"`
	// Load is /proc/loadavg's 1, 5 and 15 minute averages at the start and
	// at the end: the machine is shared, and times are read against it.
	Load      string         `json:"load,omitempty"`
	Quick     bool           `json:"quick"`
	Peers     []PeerInfo     `json:"peers"`
	Controls  []Control      `json:"controls"`
	Results   []Result       `json:"results"`
	Counts    map[string]int `json:"counts"` // verdict → cases
	Confirmed map[string]int `json:"confirmed"`
}

// cell is one peer × role × version.
type cell struct {
	peer Peer
	role string
	vers ca.Version
}

type runner struct {
	cfg    Config
	bin    string
	pki    *harvest.PKI
	ns     *harvest.Netns
	tmp    string
	log    *linelog.Log
	mu     sync.Mutex
	rep    *Report
	done   int
	total  int
	finds  int
	notes  map[string][]string
	pver   map[string]string
	logged time.Time
}

func (r *runner) note(peer, format string, a ...any) {
	r.mu.Lock()
	r.notes[peer] = append(r.notes[peer], fmt.Sprintf(format, a...))
	r.mu.Unlock()
}

// Run runs the matrix.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.Jobs <= 0 {
		cfg.Jobs = DefaultJobs
	}
	if cfg.Roles == nil {
		cfg.Roles = []string{RoleClient, RoleServer}
	}
	if cfg.Versions == nil {
		cfg.Versions = ca.Versions
	}
	start := time.Now()
	loadStart := loadAverage()
	r := &runner{cfg: cfg, log: linelog.New(cfg.Log), notes: map[string][]string{}, pver: map[string]string{},
		rep: &Report{Schema: ResultsSchemaID, Tool: "clientauth conform", Go: strings.TrimSpace(goVersion()),
			Started: start.UTC().Format(time.RFC3339), Quick: cfg.Quick, Counts: map[string]int{}, Confirmed: map[string]int{}}}
	var peers []Peer
	for _, name := range cfg.Peers {
		p, ok := PeerByName(name)
		if !ok {
			return nil, fmt.Errorf("conform: no peer %q", name)
		}
		peers = append(peers, p)
	}
	if cfg.Peers == nil {
		peers = Peers
	}
	var err error
	if r.bin, err = BuildEndpoint(cfg.CacheDir); err != nil {
		return nil, err
	}
	if r.tmp, err = os.MkdirTemp("", "clientauth-conform-"); err != nil {
		return nil, err
	}
	defer os.RemoveAll(r.tmp)
	if r.pki, err = harvest.NewPKI(r.tmp, ""); err != nil {
		return nil, err
	}
	if r.ns, err = harvest.NewNetns(); err != nil {
		r.log.Printf("no private network namespace (peers that bind the wildcard address are skipped): %v", err)
		r.ns = nil
	} else {
		defer r.ns.Close()
	}
	var cells []cell
	for _, p := range peers {
		info := PeerInfo{Name: p.Name()}
		v, err := p.Version()
		if err != nil {
			info.Skipped = err.Error()
			r.log.Printf("%s: skipped: %v", p.Name(), err)
		} else {
			info.Version = v
			r.pver[p.Name()] = v
			for _, role := range cfg.Roles {
				for _, vers := range cfg.Versions {
					if p.Supports(role, vers) {
						cells = append(cells, cell{p, role, vers})
					}
				}
			}
		}
		r.rep.Peers = append(r.rep.Peers, info)
	}
	work := make(chan cell)
	var wg sync.WaitGroup
	for range cfg.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				r.runCell(ctx, c)
			}
		}()
	}
	for _, c := range cells {
		if ctx.Err() != nil {
			break
		}
		work <- c
	}
	close(work)
	wg.Wait()
	for i := range r.rep.Peers {
		r.rep.Peers[i].Notes = r.notes[r.rep.Peers[i].Name]
	}
	slices.SortStableFunc(r.rep.Results, func(a, b Result) int { return order(a) - order(b) })
	for _, res := range r.rep.Results {
		r.rep.Counts[res.Verdict]++
		if res.Confirmed {
			r.rep.Confirmed[res.Verdict]++
		}
	}
	r.rep.ProfileVerdicts()
	r.rep.Seconds = time.Since(start).Seconds()
	if loadStart != "" {
		r.rep.Load = loadStart + " at the start, " + loadAverage() + " at the end"
	}
	return r.rep, ctx.Err()
}

func order(r Result) int {
	i := slices.IndexFunc(Peers, func(p Peer) bool { return p.Name() == r.Peer })
	j := 0
	if r.Role == RoleServer {
		j = 1
	}
	v, _ := ca.ParseVersion(r.Version)
	return i*1000 + j*100 + int(v&0xf)*10
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func goVersion() string {
	out, _ := exec.Command("go", "env", "GOVERSION").Output()
	return string(out)
}

// peerConnectAllowance: how long a peer client may take to start and
// connect before the handshake's own timeout runs.
const peerConnectAllowance = 30 * time.Second

// server is a peer server serving a cell, restarted when it exits.
type server struct {
	h    Handle
	opts Opts
}

func (r *runner) opts(c cell, suite uint16) Opts {
	o := Opts{Role: c.role, Version: c.vers, CAFile: r.pki.CAFile(), RequireClientAuth: true, Suite: suite, NS: r.ns}
	if c.role == RoleServer {
		o.CertFile, o.KeyFile = r.pki.CertFile(serverKey), r.pki.KeyFile(serverKey)
	} else {
		o.CertFile, o.KeyFile = r.pki.CertFile(clientKey), r.pki.KeyFile(clientKey)
	}
	o.Dir = r.tmp
	return o
}

func (r *runner) runCell(ctx context.Context, c cell) {
	name := fmt.Sprintf("%s %s TLS %s", c.peer.Name(), c.role, c.vers)
	var srv *server
	if c.role == RoleServer {
		o := r.opts(c, 0)
		h, err := c.peer.Start(ctx, o)
		if err != nil {
			r.note(c.peer.Name(), "%s: %v", name, err)
			r.log.Printf("%s: %v", name, err)
			return
		}
		srv = &server{h: h, opts: o}
		defer func() { srv.h.Stop() }()
	}
	cases := r.cases(ctx, c, srv, name)
	r.mu.Lock()
	r.total += len(cases)
	r.mu.Unlock()
	for _, k := range cases {
		if ctx.Err() != nil {
			return
		}
		res := Result{Case: k, PeerVersion: r.pver[c.peer.Name()]}
		res.Observed = r.once(ctx, c, srv, k)
		res.Verdict, res.Note = judge(k, res.Observed)
		if finding(res.Verdict) {
			again := r.once(ctx, c, srv, k)
			v, _ := judge(k, again)
			res.Rerun = &again
			res.Confirmed = v == res.Verdict
		}
		r.mu.Lock()
		r.rep.Results = append(r.rep.Results, res)
		r.done++
		if res.Confirmed {
			r.finds++
		}
		if r.cfg.Log != nil && time.Since(r.logged) > 2*time.Second {
			r.logged = time.Now()
			r.log.Printf("%-28s %d/%d done, %d findings", name, r.done, r.total, r.finds)
		}
		r.mu.Unlock()
	}
}

// cases makes the cell's cases from control runs: one per key exchange
// (TLS ≤1.2 as client), each of which must complete.
func (r *runner) cases(ctx context.Context, c cell, srv *server, name string) (cases []Case) {
	type ctl struct {
		kex   ca.KeyExchange
		suite uint16
	}
	ctls := []ctl{{}}
	if c.role == RoleServer && c.vers < ca.VersionTLS13 {
		ctls = nil
		for _, k := range kexSuites {
			if !slices.Contains(peerKeyExchanges(c.peer), k.kex) {
				r.note(c.peer.Name(), "%s: no ClientKeyExchange under %s: the peer has no %s suite", name, k.kex, suiteName(k.suite))
				continue
			}
			ctls = append(ctls, ctl{k.kex, k.suite})
		}
	}
	defer func() {
		if r.cfg.ControlOnly {
			cases = nil
		}
	}()
	for i, cl := range ctls {
		k := Case{Peer: c.peer.Name(), Role: c.role, Version: c.vers.String(), Source: "control", vers: c.vers, suite: cl.suite, kexV: cl.kex}
		res, obs := r.run(ctx, c, srv, k)
		r.mu.Lock()
		r.rep.Controls = append(r.rep.Controls, Control{Peer: k.Peer, Role: k.Role, Version: k.Version, Suite: suiteName(cl.suite),
			Kind: obs.Kind, Detail: strings.TrimSpace(obs.Alert + " " + obs.Err)})
		r.mu.Unlock()
		if obs.Kind != OutCompleted {
			r.note(c.peer.Name(), "%s: control handshake (suite %s) did not complete: %s %s %s", name, suiteName(cl.suite), obs.Kind, obs.Alert, obs.Err)
			r.log.Printf("%s: control handshake (suite %s) did not complete: %s %s %s", name, suiteName(cl.suite), obs.Kind, obs.Alert, obs.Err)
			continue
		}
		if c.role == RoleServer && c.vers == ca.VersionTLS13 {
			r.note(c.peer.Name(), "%s: %s", name, compressionOffer(res))
		}
		for _, t := range targets[c.role] {
			if t == ca.TypeServerHelloDone && c.vers == ca.VersionTLS13 || t == ca.TypeClientKeyExchange && c.vers == ca.VersionTLS13 {
				continue
			}
			// Under the second key exchange only the ClientKeyExchange differs.
			if i > 0 && t != ca.TypeClientKeyExchange {
				continue
			}
			base := sentMsg(res, t)
			if base == nil {
				r.note(c.peer.Name(), "%s: our endpoint sent no %s", name, t)
				continue
			}
			p := ca.Params{Version: c.vers, KeyExchange: cl.kex, FromServer: c.role == RoleClient, CertType: ca.CertTypeX509}
			if t == ca.TypeFinished {
				p.FinishedLen = len(base) - 4
			}
			tk := k
			tk.Message, tk.typ = t.String(), t
			if t == ca.TypeClientKeyExchange {
				tk.Kex = cl.kex.String()
			}
			cases = append(cases, sample(r.cfg.Quick, liveCases(tk, p, base))...)
			if t == ca.TypeCertificateRequest || t == ca.TypeServerHelloDone {
				cases = append(cases, sample(r.cfg.Quick, fixedCases(tk, p))...)
			}
		}
	}
	return cases
}

func suiteName(id uint16) string {
	if id == 0 {
		return "default"
	}
	return tls.CipherSuiteName(id)
}

func sentMsg(r proto.Result, t ca.HandshakeType) []byte {
	for _, h := range r.SentMsgs {
		b, err := hex.DecodeString(h)
		if err == nil && len(b) >= 4 && ca.HandshakeType(b[0]) == t {
			return b
		}
	}
	return nil
}

func family(mutation string) string {
	parts := strings.SplitN(mutation, "/", 3)
	if len(parts) >= 2 && parts[0] == "bound" {
		return "bound"
	}
	return parts[0]
}

func liveCases(k Case, p ca.Params, base []byte) []Case {
	var out []Case
	for _, m := range live.Mutations(p, base) {
		c := k
		c.Source, c.Mutation, c.Index, c.Family = "live", m.Mutation, m.Index, family(m.Mutation)
		c.params = p
		c.Expect = Expect{Result: m.Result, Comment: m.Comment, Alerts: []string{}, Requirements: []string{}}
		for _, a := range m.Alerts {
			c.Expect.Alerts = append(c.Expect.Alerts, a.String())
		}
		for _, q := range m.Reqs {
			c.Expect.Requirements = append(c.Expect.Requirements, string(q))
		}
		out = append(out, c)
	}
	return out
}

// fixedCases: the corpus vectors of the message under this context.
func fixedCases(k Case, p ca.Params) []Case {
	f, ok := vectorFile(k.typ, p.Vers())
	if !ok {
		return nil
	}
	var out []Case
	seen := map[string]bool{}
	for _, g := range f.TestGroups {
		gp := g.Params
		if gp.Profile != ca.RFC8446 || gp.PostHandshake || gp.CertType != ca.CertTypeX509 || !gp.FromServer {
			continue
		}
		for _, t := range g.Tests {
			if seen[t.Msg] {
				continue
			}
			seen[t.Msg] = true
			b, err := hex.DecodeString(t.Msg)
			if err != nil {
				continue
			}
			c := k
			c.Source, c.fixed, c.Vector = "fixed", b, fmt.Sprintf("%s#%d", f.Name, t.TcID)
			c.params = p
			c.Mutation, c.Family = t.Mutation, "fixed/"+family(t.Mutation)
			if t.Mutation == "" {
				c.Family = "fixed/unchanged"
			}
			c.Expect = Expect{Result: t.Result, Alerts: t.Alerts, Requirements: t.Requirements, Comment: t.Comment}
			out = append(out, c)
		}
	}
	return out
}

// quickPerFamily: -quick keeps this many cases of each mutation family
// (per message, key exchange and source).
const quickPerFamily = 2

func sample(quick bool, cs []Case) []Case {
	if !quick {
		return cs
	}
	var out []Case
	n := map[string]int{}
	for _, c := range cs {
		if n[c.Family]++; n[c.Family] <= quickPerFamily {
			out = append(out, c)
		}
	}
	return out
}

// judge is Judge, except that a message shorter than its header says,
// sent last in its flight, leaves a peer nothing to do but wait for the
// rest: that wait is no hang.
func judge(k Case, o Observed) (string, string) {
	if o.Kind == OutHang && incomplete(o.Msg) {
		return Conforms, "waited for the bytes the header announces"
	}
	return Judge(k.typ, k.Expect, o.Kind, o.alert)
}

func incomplete(h string) bool {
	b, err := hex.DecodeString(h)
	return err == nil && (len(b) < 4 || 4+(int(b[1])<<16|int(b[2])<<8|int(b[3])) > len(b))
}

// once runs one case and observes it.
func (r *runner) once(ctx context.Context, c cell, srv *server, k Case) Observed {
	_, obs := r.run(ctx, c, srv, k)
	return obs
}

// run makes one handshake of case k (a control run when k.Source is
// "control") and turns what both sides showed into an Observed.
func (r *runner) run(ctx context.Context, c cell, srv *server, k Case) (proto.Result, Observed) {
	cfg := proto.Config{Version: uint16(k.vers), CAFile: r.pki.CAFile(), TimeoutMS: int(r.cfg.Timeout / time.Millisecond),
		Suite: k.suite, Kex: uint8(k.kexV), Record: k.Source == "control"}
	if k.Source != "control" {
		cfg.Target = uint8(k.typ)
		cfg.Mutation, cfg.Index = k.Mutation, k.Index
		if k.fixed != nil {
			cfg.Fixed, cfg.Mutation = hex.EncodeToString(k.fixed), ""
		}
	}
	var res proto.Result
	var err error
	var peerExit *Exit
	var stderr string
	if c.role == RoleServer {
		// The peer serves; a server that died since the last case is
		// restarted (its death was reported with that case).
		if ex, _ := srv.h.Exit(); ex {
			srv.h.Stop()
			h, err := c.peer.Start(ctx, srv.opts)
			if err != nil {
				return res, Observed{Kind: OutError, Err: "restarting the peer: " + err.Error()}
			}
			srv.h = h
		}
		cfg.Role, cfg.Addr = RoleClient, srv.h.Addr()
		cfg.CertFile, cfg.KeyFile = r.pki.CertFile(clientKey), r.pki.KeyFile(clientKey)
		var ns *harvest.Netns
		if srv.h.InNS() {
			ns = r.ns
		}
		var e *endpointRun
		if e, err = startEndpoint(ctx, r.bin, ns, cfg); err == nil {
			res, err = e.result()
		}
		// A server that crashes on the message dies at once or soon after.
		harvest.WaitFor(ctx, 50*time.Millisecond, func() bool { ex, _ := srv.h.Exit(); return ex })
		if ex, how := srv.h.Exit(); ex {
			peerExit, stderr = &how, srv.h.Stderr()
		}
	} else {
		cfg.Role, cfg.Addr, cfg.ClientAuth = RoleServer, "127.0.0.1:0", true
		cfg.ConnectMS = int(peerConnectAllowance / time.Millisecond)
		if nc, ok := c.peer.(interface{ SendsNoCertificate() bool }); ok && nc.SendsNoCertificate() {
			cfg.RequestOnly = true
		}
		cfg.CertFile, cfg.KeyFile = r.pki.CertFile(serverKey), r.pki.KeyFile(serverKey)
		var e *endpointRun
		if e, err = startEndpoint(ctx, r.bin, nil, cfg); err == nil {
			var addr string
			if addr, err = e.listening(ctx); err == nil {
				o := r.opts(c, 0)
				o.Addr = addr
				var h Handle
				if h, err = c.peer.Start(ctx, o); err == nil {
					res, err = e.result()
					harvest.WaitFor(ctx, time.Second, func() bool { ex, _ := h.Exit(); return ex })
					if ex, how := h.Exit(); ex {
						peerExit, stderr = &how, h.Stderr()
					}
					h.Stop()
				} else {
					e.p.Finish(0)
				}
			}
		}
	}
	if err != nil {
		return res, Observed{Kind: OutError, Err: err.Error()}
	}
	return res, observe(c.role, k, res, peerExit, stderr)
}

// observe classifies one run.
func observe(role string, k Case, res proto.Result, exit *Exit, stderr string) Observed {
	o := Observed{Msg: res.Replaced, Err: res.Err}
	if k.Source != "control" && !res.Applied {
		o.Kind, o.Err = OutError, "not substituted: "+res.NotApplied
		return o
	}
	if k.Source == "live" && res.Label != nil && res.Label.Result != k.Expect.Result {
		// The live message's structure differed from the control run's.
		o.Kind, o.Err = OutError, fmt.Sprintf("label changed from %s to %s", k.Expect.Result, res.Label.Result)
		return o
	}
	o.Progress = progress(role, res)
	for _, a := range res.Alerts {
		if a.Level == 2 || o.Alert == "" {
			o.alert, o.Alert, o.Level = ca.Alert(a.Desc), ca.Alert(a.Desc).String(), int(a.Level)
		}
	}
	switch {
	case exit != nil && exit.Crashed():
		o.Kind, o.Exit, o.Stderr = OutCrash, exit, lastLines(stderr, 8)
	case role == RoleServer && res.AppData, role == RoleClient && res.Handshake:
		o.Kind = OutCompleted
	case o.Alert != "" && o.Level == 2:
		o.Kind = OutAlert
	case role == RoleClient && k.Source != "control" && continued(k.typ, res):
		o.Kind = OutContinued
	case res.Timeout:
		o.Kind = OutHang
	case o.Alert != "":
		o.Kind = OutAlert
	case res.EOF || strings.Contains(res.Err, "connection reset") || strings.Contains(res.Err, "broken pipe"):
		o.Kind = OutClosed
	default:
		o.Kind = OutError
	}
	if exit != nil && o.Kind != OutCrash {
		o.Exit = exit
	}
	return o
}

// continued: the peer client answered the replaced message with its next
// one.
func continued(t ca.HandshakeType, res proto.Result) bool {
	next := ca.TypeCertificate
	if t == ca.TypeServerHelloDone {
		next = ca.TypeClientKeyExchange
	}
	return slices.Contains(res.Received, int(next))
}

func progress(role string, res proto.Result) string {
	switch {
	case role == RoleServer && res.AppData:
		return "completed the handshake and answered application data"
	case role == RoleServer:
		return ""
	case res.Handshake:
		return "completed the handshake"
	case slices.Contains(res.Received, int(ca.TypeCertificate)) && role == RoleClient:
		return "sent its Certificate"
	case slices.Contains(res.Received, int(ca.TypeFinished)):
		return "sent its Finished"
	}
	return ""
}

var (
	vectorsOnce sync.Once
	vectorFiles []corpus.VectorFile
)

func vectorFile(t ca.HandshakeType, v ca.Version) (corpus.VectorFile, bool) {
	vectorsOnce.Do(func() { vectorFiles, _ = corpus.Vectors() })
	for _, f := range vectorFiles {
		if f.Name == corpus.VectorFileName(t, v) {
			return f, true
		}
	}
	return corpus.VectorFile{}, false
}

// compressionOffer says whether the peer server's TLS 1.3 CertificateRequest
// (as received in the control run) offers RFC 8879 certificate compression,
// the condition for substituting a CompressedCertificate for our
// Certificate.
func compressionOffer(res proto.Result) string {
	for _, h := range res.RecvMsgs {
		b, err := hex.DecodeString(h)
		if err != nil || len(b) < 4 || ca.HandshakeType(b[0]) != ca.TypeCertificateRequest {
			continue
		}
		m, err := parser.New(ca.Params{Version: ca.VersionTLS13, FromServer: true}).Parse(b)
		if err != nil {
			return "CompressedCertificate not substituted: its CertificateRequest did not parse: " + err.Error()
		}
		cr, _ := m.Value().(*ca.CertificateRequest)
		for _, e := range cr.Extensions {
			if e.Type == ca.ExtCompressCertificate {
				return "CompressedCertificate not substituted: its CertificateRequest offers compress_certificate (RFC 8879), but the endpoint does not answer it yet"
			}
		}
		return "CompressedCertificate not substituted: its CertificateRequest offers no compress_certificate (RFC 8879)"
	}
	return "CompressedCertificate not substituted: no CertificateRequest received"
}
