#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script (also run by scripts/libfuzzer-smoke).
# Builds every byte-level target of ./fuzz with compile_native_go_fuzzer and
# ships each target's seed corpus, dictionary and options from the corpus
# exporter. Run from the repository root ($SRC/clientauth in the builder).
#
# The builder deletes a target's source file when a build fails, so run this
# only in a throwaway copy of the tree (the builders do; so does the smoke).

# go-118-fuzz-build's testing shim; `go mod tidy` would drop it, so it is added
# here, in the copy being built, and never committed.
go get github.com/AdamKorcz/go-118-fuzz-build/testing@v0.0.0-20250520111509-a70c2aa677fa

# Outside the OSS-Fuzz images (scripts/libfuzzer-smoke) the builder's helper
# is missing: do what it does for a native Go target.
if ! command -v compile_native_go_fuzzer >/dev/null 2>&1; then
  compile_native_go_fuzzer() { # <package> <function> <binary>
    go-118-fuzz-build -o "$WORK/$3.a" -func "$2" "$1"
    clang -fsanitize=fuzzer "$WORK/$3.a" -o "$OUT/$3"
  }
fi

# The differential targets (FuzzDiff*) need go test -overlay to reach
# crypto/tls's internals, which the libFuzzer builders cannot pass: they run
# natively only (clientauth fuzz -diff).
targets=$(go test ./fuzz -list '^Fuzz' | grep '^Fuzz' | grep -v '^FuzzDiff')
go run ./cmd/clientauth corpus export -format ossfuzz -out "$WORK/seeds"

for t in $targets; do
  compile_native_go_fuzzer github.com/clientauth/clientauth/fuzz "$t" "$t"
  for ext in _seed_corpus.zip .dict .options; do
    if [ -f "$WORK/seeds/$t$ext" ]; then
      cp "$WORK/seeds/$t$ext" "$OUT/$t$ext"
    fi
  done
done
