package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/harvest"
	"github.com/clientauth/clientauth/internal/testutil"
)

// TestHarvestQuick runs `clientauth harvest -quick` for each stack found on
// this machine and checks what it wrote: a corpus/real directory that
// corpus.LoadReal accepts, with messages from the stack. A missing stack
// skips, or fails when CLIENTAUTH_REQUIRE_STACKS=1.
func TestHarvestQuick(t *testing.T) {
	testutil.SkipShort(t, "runs real TLS stacks")
	family := map[string]string{harvest.StackGo: "Go ", harvest.StackOpenSSL: "OpenSSL ", harvest.StackGnuTLS: "GnuTLS "}
	for _, stack := range harvest.Stacks {
		t.Run(stack, func(t *testing.T) {
			if _, err := harvest.StackVersion(stack); err != nil {
				testutil.Require(t, "CLIENTAUTH_REQUIRE_STACKS", "%s unavailable: %v", stack, err)
			}
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			if code := run([]string{"harvest", "-out", dir, "-stacks", stack, "-quick", "-imports=false"}, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
			}
			msgs, err := corpus.LoadReal(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range msgs {
				if strings.HasPrefix(m.Stack, family[stack]) {
					n++
				}
			}
			if n == 0 {
				t.Fatalf("no message from %s among %d\n%s", stack, len(msgs), stdout.String())
			}
			t.Logf("%d messages, %d sent by %s", len(msgs), n, stack)
		})
	}
}

func TestHarvestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"harvest"},
		{"harvest", "-out", t.TempDir(), "-stacks", "nonesuch"},
		{"harvest", "-out", t.TempDir(), "extra"},
		{"harvest", "-nope"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		if stderr.Len() == 0 {
			t.Errorf("%q: no message on stderr", args)
		}
	}
}
