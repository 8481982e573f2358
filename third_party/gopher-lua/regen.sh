#!/usr/bin/env bash
# zcrmrun's addition: regenerates the files upstream generates, as
# upstream's Makefile does: vm.go and state.go come from _vm.go and
# _state.go through _tools/go-inline. (parse/parser.go is no longer
# generated: patch P1 replaced upstream's goyacc grammar with a
# hand-written parser.) lua51/generated_test.go fails when a generated
# file is stale.
set -euo pipefail
cd "$(dirname "$0")"
python3 ./_tools/go-inline *.go
gofmt -w vm.go state.go
