#!/usr/bin/env bash
# zcrmrun's addition: regenerates the files upstream generates, as
# upstream's Makefiles do. vm.go and state.go come from _vm.go and
# _state.go through _tools/go-inline; parse/parser.go from parse/parser.go.y
# through goyacc, pinned to the release that reproduces upstream's output.
# lua51/generated_test.go fails when a generated file is stale.
set -euo pipefail
cd "$(dirname "$0")"
python3 ./_tools/go-inline *.go
gofmt -w vm.go state.go
(cd parse && GOFLAGS=-mod=mod go run golang.org/x/tools/cmd/goyacc@v0.45.0 -o parser.go parser.go.y && rm -f y.output)
