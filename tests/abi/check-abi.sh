#!/bin/sh
# abidiff between the committed baseline (tests/abi/libctrun.abi, made by
# `make abi-baseline` with abidw) and the library just built.  Fails on an
# incompatible change (a removed or changed function or type); an addition
# is printed and passes.  Only the types of the public headers count: the
# opaque structs' insides are private (--drop-private-types).
# Skips (77) without abidiff or without debug info to compare.
set -u
src=${top_srcdir:?}
lib=${top_builddir:?}/.libs/libctrun.so
baseline=$src/tests/abi/libctrun.abi
ABIDIFF=${ABIDIFF:-abidiff}
command -v "$ABIDIFF" >/dev/null 2>&1 || { echo "SKIP: abidiff not found (apt-get install abigail-tools)"; exit 77; }
[ -e "$lib" ] || { echo "FAIL: $lib not built"; exit 1; }
readelf -S "$lib" | grep -q '\.debug_info' || { echo "SKIP: $lib has no debug info (build with -g)"; exit 77; }
out=$("$ABIDIFF" --headers-dir2 "$src/include/ctrun" --drop-private-types "$baseline" "$lib")
rc=$?
printf '%s\n' "$out"
# abidiff's status is a bit mask: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible ABI change.
if [ $((rc & 3)) -ne 0 ]; then
  echo "FAIL: abidiff could not compare (status $rc)"; exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
  echo "FAIL: incompatible ABI change against tests/abi/libctrun.abi."
  echo "      A released CTRUN_1.0 never changes: add new functions in a new node."
  exit 1
fi
# 4 alone: a changed type is as bad as a removed function; only additions pass
if [ $((rc & 4)) -ne 0 ] &&
  printf '%s\n' "$out" | grep -E 'changes summary:' | grep -Eq '(^|[^0-9])[1-9][0-9]* (Removed|Changed)'; then
  echo "FAIL: a public function or type changed against tests/abi/libctrun.abi."
  echo "      A released CTRUN_1.0 never changes: add new functions in a new node."
  exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
  echo "PASS: compatible additions only (refresh the baseline with make abi-baseline)"
else
  echo "PASS: ABI identical to the baseline"
fi
exit 0
