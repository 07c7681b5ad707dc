#!/bin/bash
# tests/valgrind.sh PROGRAM...: runs each test program under valgrind
# (memcheck, leaks included) and fails when one fails or valgrind reports
# anything.  Criterion runs every test in a child process and ignores its
# exit code, so the verdict comes from valgrind's own logs, one per process.
# `make check-valgrind` runs the criterion unit tests and the ABI tests.
set -u
command -v valgrind >/dev/null || { echo "SKIP: valgrind missing"; exit 77; }
logs=$(mktemp -d /tmp/ctrun-valgrind.XXXXXX)
trap 'rm -rf "$logs"' EXIT
failed=0
# memcheck's own findings; its notes on syscalls and ioctls it does not
# model (pidfd ioctls, say) are not findings
findings='(definitely|indirectly) lost|Invalid (read|write|free)|uninitialised|Conditional jump|Syscall param|Mismatched free|overlap|Jump to the invalid'
for prog in "$@"; do
  name=$(basename "$prog")
  # valgrind 3.19 does not implement seccomp(2): these tests cannot load a
  # filter under it (the sanitizer build runs them with LeakSanitizer)
  case $name in test-seccomp-filter | test-seccomp-notify)
    echo "SKIP: $name (valgrind has no seccomp(2))"; continue ;;
  esac
  mkdir -p "$logs/$name"
  start=$(date +%s)
  # libtool wrappers: run the real binary (valgrind would check the shell)
  real=$prog
  [ -x "$(dirname "$prog")/.libs/$name" ] && real=$(dirname "$prog")/.libs/$name
  # criterion's workers are children; a container's processes are not ours
  case $name in test-*) children=yes ;; *) children=no ;; esac
  LD_LIBRARY_PATH=${top_builddir:-.}/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
    timeout 900 valgrind -q --vgdb=no --trace-children=$children --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --track-fds=no --error-exitcode=99 --log-file="$logs/$name/%p.log" \
    "$real" >"$logs/$name/output" 2>&1
  rc=$?
  reports=$(grep -lE "$findings" "$logs/$name"/*.log 2>/dev/null | wc -l)
  took=$(($(date +%s) - start))
  if [ $rc = 77 ]; then
    echo "SKIP: $name (${took}s)"
  elif [ $rc != 0 ] || [ "$reports" != 0 ]; then
    echo "FAIL: $name: exit $rc, $reports processes with valgrind reports (${took}s)"
    tail -n 5 "$logs/$name/output"
    grep -lE "$findings" "$logs/$name"/*.log 2>/dev/null | head -n 3 | xargs -r head -n 40
    failed=1
  else
    echo "PASS: $name (${took}s)"
  fi
done
exit $failed
