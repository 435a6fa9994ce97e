package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/testutil"
)

// TestTraceDocCurrent: docs/traceability.md is what trace -format md prints
// now, and the exit status says whether a P/P+c row lacks a citation or a
// vector.
func TestTraceDocCurrent(t *testing.T) {
	r := runRaw(t, nil, "corpus", "trace", "-format", "md", "-root", "../..")
	if r.code != exitOK && r.code != exitInvalid {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want, err := os.ReadFile("../../docs/traceability.md")
	if err != nil {
		t.Fatal(err)
	}
	if r.stdout != string(want) {
		t.Errorf("docs/traceability.md is stale: run go generate ./cmd/clientauth")
	}
	missing := strings.Contains(r.stdout, "no code citation") || strings.Contains(r.stdout, "no vector")
	if missing != (r.code == exitInvalid) {
		t.Errorf("exit %d, but rows missing something: %v", r.code, missing)
	}
	if m := regexp.MustCompile(`(?m)^\| [0-9]{4}-`).FindAllString(r.stdout, -1); len(m) < 100 {
		t.Errorf("only %d rows", len(m))
	}
}

func TestTraceText(t *testing.T) {
	r := runRaw(t, nil, "corpus", "trace", "-root", "../..")
	if r.code == exitUsage {
		t.Fatal(r.stderr)
	}
	// 8446-4.3.2-f is enforced in the parser and has vectors.
	line := regexp.MustCompile(`(?m)^8446-4\.3\.2-f +P +parser/certificate_request\.go:[0-9]+.* ([0-9]+) *$`).FindStringSubmatch(r.stdout)
	if line == nil {
		t.Fatalf("no row for 8446-4.3.2-f:\n%s", r.stdout[:min(len(r.stdout), 2000)])
	}
	if n, _ := strconv.Atoi(line[1]); n == 0 {
		t.Error("8446-4.3.2-f counts no vector")
	}
	// An S-level row is never reported missing.
	if regexp.MustCompile(`(?m)^8446-4\.4\.3-i .*no `).MatchString(r.stdout) {
		t.Error("an S row is reported missing")
	}
}

func TestTraceFindsMissing(t *testing.T) {
	// A tree whose code cites nothing: every P/P+c row misses its citation.
	root := t.TempDir()
	md, err := os.ReadFile("../../spec/requirements.md")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, "spec"), 0o755)
	os.WriteFile(filepath.Join(root, "spec", "requirements.md"), md, 0o644)
	os.WriteFile(filepath.Join(root, "x.go"), []byte("package x // 8446-4.3.2-f\n"), 0o644)
	r := runRaw(t, nil, "corpus", "trace", "-root", root)
	if r.code != exitInvalid || !strings.Contains(r.stdout, "no code citation") {
		t.Fatalf("exit %d:\n%s", r.code, r.stdout)
	}
	if !regexp.MustCompile(`(?m)^8446-4\.3\.2-f +P +x\.go:1 `).MatchString(r.stdout) {
		t.Error("the one citation is not found")
	}
}

func TestCorpusUsage(t *testing.T) {
	for _, args := range [][]string{
		{"corpus"},
		{"corpus", "nope"},
		{"corpus", "trace", "-format", "html", "-root", "../.."},
		{"corpus", "trace", "-root", t.TempDir()},
		{"corpus", "export", "-format", "raw"},
		{"corpus", "export", "-format", "tar", "-out", t.TempDir()},
		{"corpus", "export", "-format", "go", "-out", t.TempDir(), "-target", "FuzzNothing"},
	} {
		r := runRaw(t, nil, args...)
		if r.code != exitUsage || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "clientauth: ") {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// distinct returns the distinct messages of the embedded vectors, by type.
func distinct(t *testing.T) (all map[string]bool, byType map[ca.HandshakeType]map[string]bool) {
	vs := testutil.Must(t, corpus.AllVectors)
	all = map[string]bool{}
	byType = map[ca.HandshakeType]map[string]bool{}
	for _, v := range vs {
		typ, _ := ca.ParseHandshakeType(v.Group.Message)
		if byType[typ] == nil {
			byType[typ] = map[string]bool{}
		}
		all[string(v.Msg)] = true
		byType[typ][string(v.Msg)] = true
	}
	return all, byType
}

// seedsOf is what distinct returned for a target of the given types (nil:
// every message).
func seedsOf(all map[string]bool, byType map[ca.HandshakeType]map[string]bool, types []ca.HandshakeType) map[string]bool {
	if types == nil {
		return all
	}
	want := map[string]bool{}
	for _, typ := range types {
		for m := range byType[typ] {
			want[m] = true
		}
	}
	return want
}

func export(t *testing.T, format string, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	runExpect(t, exitOK, append([]string{"corpus", "export", "-format", format, "-out", dir}, extra...)...)
	return dir
}

func TestExportRaw(t *testing.T) {
	dir := export(t, "raw")
	_, byType := distinct(t)
	for typ, msgs := range byType {
		files, _ := filepath.Glob(filepath.Join(dir, typ.String(), "*"))
		got := map[string]bool{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !msgs[string(b)] {
				t.Errorf("%s is no %s vector", f, typ)
			}
			got[string(b)] = true
		}
		if len(got) != len(msgs) || len(files) != len(msgs) {
			t.Errorf("%s: %d files, %d distinct messages", typ, len(files), len(msgs))
		}
	}
}

// readGoCorpus decodes a "go test fuzz v1" file of []byte arguments.
func readGoCorpus(t *testing.T, b []byte) [][]byte {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<22)
	if !sc.Scan() || sc.Text() != "go test fuzz v1" {
		t.Fatalf("no version line: %.40q", b)
	}
	var out [][]byte
	for sc.Scan() {
		l := sc.Text()
		if !strings.HasPrefix(l, "[]byte(") || !strings.HasSuffix(l, ")") {
			t.Fatalf("line %.60q", l)
		}
		s, err := strconv.Unquote(l[len("[]byte(") : len(l)-1])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, []byte(s))
	}
	return out
}

func TestExportGo(t *testing.T) {
	dir := export(t, "go")
	all, byType := distinct(t)
	for _, ft := range fuzzTargets {
		files, _ := filepath.Glob(filepath.Join(dir, "testdata", "fuzz", ft.Name, "*"))
		want := seedsOf(all, byType, ft.Types)
		if len(files) != len(want) {
			t.Errorf("%s: %d files, want %d", ft.Name, len(files), len(want))
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			args := readGoCorpus(t, b)
			if len(args) != 1 || !want[string(args[0])] {
				t.Fatalf("%s: not one message of the target's type", f)
			}
		}
	}
}

// TestExportGoRunsNatively has the Go toolchain read an exported corpus:
// a throwaway module with a fuzz target of the same name runs every seed.
func TestExportGoRunsNatively(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	const target = "FuzzFinishedSHD"
	dir := export(t, "go", "-target", target)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module seeds\n\ngo 1.25\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "seeds_test.go"), []byte(`package seeds

import "testing"

func `+target+`(f *testing.F) {
	f.Fuzz(func(t *testing.T, msg []byte) {
		if len(msg) < 3 {
			t.Fatalf("seed of %d bytes", len(msg))
		}
	})
}
`), 0o644)
	cmd := exec.Command(goBin, "test", "-v", "-run", "^"+target+"$", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "testdata", "fuzz", target, "*"))
	if n := strings.Count(string(out), "--- PASS: "+target+"/"); n != len(files) || n == 0 {
		t.Errorf("go test ran %d seeds of %d files", n, len(files))
	}
}

var dictLine = regexp.MustCompile(`^[A-Za-z0-9_]+="(\\x[0-9a-f]{2}|[^"\\])+"$`)

func TestExportOSSFuzz(t *testing.T) {
	dir := export(t, "ossfuzz")
	all, byType := distinct(t)
	for _, ft := range fuzzTargets {
		want := seedsOf(all, byType, ft.Types)
		zr, err := zip.OpenReader(filepath.Join(dir, ft.Name+"_seed_corpus.zip"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range zr.File {
			if strings.Contains(f.Name, "/") {
				t.Errorf("%s: %s is not at the zip root", ft.Name, f.Name)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			in := b.Bytes()
			// Legacy encoding: a 4-byte big-endian length, then the message.
			if len(in) < 4 || int(binary.BigEndian.Uint32(in)) != len(in)-4 || !want[string(in[4:])] {
				t.Fatalf("%s: entry %s does not decode to a message of the target", ft.Name, f.Name)
			}
			n++
		}
		zr.Close()
		if n != len(want) {
			t.Errorf("%s: %d entries, want %d", ft.Name, n, len(want))
		}
		dict, err := os.ReadFile(filepath.Join(dir, ft.Name+".dict"))
		if err != nil {
			t.Fatal(err)
		}
		var entries int
		for _, l := range strings.Split(strings.TrimSpace(string(dict)), "\n") {
			if strings.HasPrefix(l, "#") {
				continue
			}
			if !dictLine.MatchString(l) {
				t.Fatalf("dictionary line %q", l)
			}
			entries++
		}
		for _, must := range []string{`handshake_certificate_request="\x0d"`, `extension_signature_algorithms="\x00\x0d"`, `scheme_rsa_pss_rsae_sha256="\x08\x04"`} {
			if !strings.Contains(string(dict), must+"\n") {
				t.Errorf("dictionary lacks %s", must)
			}
		}
		if entries < 60 {
			t.Errorf("only %d dictionary entries", entries)
		}
		opts, _ := os.ReadFile(filepath.Join(dir, ft.Name+".options"))
		if !regexp.MustCompile(`^\[libfuzzer\]\ndict = ` + ft.Name + `\.dict\nmax_len = [0-9]+\n$`).Match(opts) {
			t.Errorf("options file %q", opts)
		}
	}
}

// TestExportOSSFuzzDictLibFuzzer loads a dictionary into a real libFuzzer
// binary when clang is installed (CLIENTAUTH_REQUIRE_CLANG=1 makes it
// required).
func TestExportOSSFuzzDictLibFuzzer(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		if os.Getenv("CLIENTAUTH_REQUIRE_CLANG") == "1" {
			t.Fatal("clang not found and CLIENTAUTH_REQUIRE_CLANG=1")
		}
		t.Skip("clang not installed: the dictionary syntax is checked by TestExportOSSFuzz only")
	}
	dir := export(t, "ossfuzz", "-target", "FuzzFinishedSHD")
	src := filepath.Join(dir, "f.c")
	os.WriteFile(src, []byte("#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n"), 0o644)
	bin := filepath.Join(dir, "f")
	if out, err := exec.Command(clang, "-fsanitize=fuzzer", src, "-o", bin).CombinedOutput(); err != nil {
		if os.Getenv("CLIENTAUTH_REQUIRE_CLANG") == "1" {
			t.Fatalf("clang -fsanitize=fuzzer: %v\n%s", err, out)
		}
		t.Skipf("no libFuzzer runtime: %s", out)
	}
	out, err := exec.Command(bin, "-dict="+filepath.Join(dir, "FuzzFinishedSHD.dict"), "-runs=10").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Dictionary: ") {
		t.Fatalf("libFuzzer did not load the dictionary: %v\n%s", err, out)
	}
}

func TestExportJSON(t *testing.T) {
	dir := export(t, "json")
	files, err := corpus.LoadVectors(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	embedded := testutil.Must(t, corpus.Vectors)
	if len(files) != len(embedded) {
		t.Fatalf("%d files exported, %d embedded", len(files), len(embedded))
	}
	for i := range files {
		if files[i].Name != embedded[i].Name || files[i].NumberOfTests != embedded[i].NumberOfTests {
			t.Errorf("%s differs from %s", files[i].Name, embedded[i].Name)
		}
	}
	if _, err := fs.Stat(os.DirFS(dir), corpus.VectorsSchemaPath); err != nil {
		t.Errorf("schema not exported: %v", err)
	}
	if !slices.ContainsFunc(files, func(f corpus.VectorFile) bool { return f.Name == "certificate_request_tls13.json" }) {
		t.Error("no TLS 1.3 CertificateRequest vectors")
	}
}
