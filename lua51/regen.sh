#!/usr/bin/env bash
# Regenerates lua51/testdata/*.out with the reference interpreter, or with
# --check fails when a committed expectation is not what lua5.1 prints.
#
# An expectation is the program's stdout, then, when it exits non-zero,
# "--- exit N" and (when it wrote one) "--- error: MESSAGE", the message
# being stderr up to the traceback, without lua5.1's "lua5.1: " prefix.
# Programs run from this folder, so chunk names read testdata/NAME.lua.
set -euo pipefail
cd "$(dirname "$0")"
LUA=${LUA51:-lua5.1}
check=0
[ "${1:-}" = "--check" ] && check=1
command -v "$LUA" >/dev/null || { echo "regen.sh: $LUA not found (apt-get install lua5.1)" >&2; exit 2; }
"$LUA" -v 2>&1 | grep -q '^Lua 5\.1' || { echo "regen.sh: $LUA is not Lua 5.1" >&2; exit 2; }

expect() { # prints the expectation of program $1
  local out err rc=0
  err=$(mktemp)
  out=$(timeout 60 "$LUA" "$1" 2>"$err"; echo "rc=$?") || true
  rc=${out##*rc=}
  out=${out%rc=*}
  printf '%s' "$out"
  if [ "$rc" != 0 ]; then
    echo "--- exit $rc"
    if [ -s "$err" ]; then
      msg=$(sed -n '/^stack traceback:$/q;p' "$err")
      printf -- '--- error: %s\n' "${msg#"$LUA": }"
    fi
  fi
  rm -f "$err"
}

bad=0 n=0
for f in testdata/*.lua; do
  n=$((n + 1))
  want="${f%.lua}.out"
  if [ $check = 1 ]; then
    if ! diff -u "$want" <(expect "$f") >/tmp/lua51-regen.diff 2>&1; then
      echo "stale expectation: $want (lua5.1 prints otherwise):"; head -n 20 /tmp/lua51-regen.diff
      bad=$((bad + 1))
    fi
  else
    expect "$f" >"$want"
  fi
done
if [ $check = 1 ]; then
  echo "lua51: $n expectations checked against $("$LUA" -v 2>&1), $bad stale"
  [ $bad = 0 ]
else
  echo "lua51: $n expectations written by $("$LUA" -v 2>&1)"
fi
