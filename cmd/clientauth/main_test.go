package main

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelp: every command and corpus subcommand answers -h with its usage
// on stdout and exit 0, as "clientauth help" does.
func TestHelp(t *testing.T) {
	cases := [][]string{{"help"}, {"-h"}, {"corpus", "check", "-h"}, {"corpus", "trace", "-h"}, {"corpus", "export", "-h"}}
	for _, c := range commands {
		cases = append(cases, []string{c.name, "-h"}, []string{c.name, "-help"})
	}
	for _, args := range cases {
		var out, errb bytes.Buffer
		code := run(args, nil, &out, &errb)
		want := "usage: clientauth"
		if code != exitOK || !strings.HasPrefix(out.String(), want) || errb.Len() != 0 {
			t.Errorf("%v: exit %d, stdout %.60q, stderr %q; want 0 and %q on stdout", args, code, out.String(), errb.String(), want)
		}
	}
}

func TestVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	wantAll(t, out.String(), "clientauth github.com/clientauth/clientauth", "go "+runtime.Version())
	if code := run([]string{"version", "extra"}, nil, &out, &errb); code != exitUsage {
		t.Errorf("version extra: exit %d, want %d", code, exitUsage)
	}
}

func TestWriteVersion(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/clientauth/clientauth", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "47f8cde0"}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	var out bytes.Buffer
	writeVersion(&out, bi)
	want := "clientauth github.com/clientauth/clientauth v0.3.0\ngit 47f8cde0 2026-11-30T10:00:00Z (modified)\ngo go1.26.8\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	bi.Settings = nil
	out.Reset()
	writeVersion(&out, bi)
	if !strings.Contains(out.String(), "vcs: not stamped") {
		t.Errorf("unstamped build:\n%s", out.String())
	}
}
