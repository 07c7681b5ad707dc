#!/bin/sh
# The Go package cgo/ against the library of this build tree: gofmt -l and
# go vet are clean, cmd/ctrun-go builds, and go test passes (real
# containers: root only) with GODEBUG=cgocheck=2.  Nothing is fetched:
# -mod=vendor, GOPROXY=off.  Skips (77) without go or root.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=${top_builddir:-.}
build=$(cd "$build" && pwd)
GO=${GO:-go}
command -v "$GO" >/dev/null 2>&1 || { echo "SKIP: go not installed (apt-get install golang-go)"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: the Go tests run real containers: needs root"; exit 77; }
[ -e "$build/.libs/libctrun.so" ] || { echo "FAIL: $build/.libs/libctrun.so not built"; exit 1; }
[ -e "$build/libctrun-uninstalled.pc" ] || { echo "FAIL: $build/libctrun-uninstalled.pc not made (make)"; exit 1; }
GOFMT=$("$GO" env GOROOT)/bin/gofmt

T=$(mktemp -d /tmp/ctrun-cgo.XXXXXX)
chmod 0755 "$T"
# The tests clean up after themselves; this is for a test binary that
# crashed or timed out: its containers (state roots under $T, which is
# TMPDIR), the processes and cgroups named with CTRUN_GO_CGROUP_PREFIX.
CTRUN_GO_CGROUP_PREFIX=ctrun-go-t$$
cleanup() {
  for st in $(find "$T" -maxdepth 4 -type d -name 'state*' 2>/dev/null); do
    for c in "$st"/*/; do
      [ -d "$c" ] && timeout 30 "$build/ctrun" --root "$st" delete --force "$(basename "$c")" >/dev/null 2>&1
    done
  done
  while IFS= read -r line; do
    ctl=${line#*:}; ctl=${ctl%%:*}; ctl=${ctl#name=}; path=${line#*:*:}
    [ -n "$ctl" ] || ctl=unified
    for d in /sys/fs/cgroup/"$ctl""$path"/"$CTRUN_GO_CGROUP_PREFIX"-*; do
      [ -d "$d" ] || continue
      echo "clean-up: $d left" >&2
      for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    done
  done </proc/self/cgroup
  grep -o " $T[^ ]*" /proc/self/mounts 2>/dev/null | sort -r | while read -r m; do umount -l "$m"; done
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
PKG_CONFIG_PATH=$build
GOFLAGS=-mod=vendor GOPROXY=off GO111MODULE=on GOENV=off GOTELEMETRY=off
GOPATH=$T/gopath GOCACHE=${CTRUN_GOCACHE:-$build/cgo/go-cache} CGO_ENABLED=1
CTRUN=$build/ctrun TMPDIR=$T
export CTRUN_GO_CGROUP_PREFIX TMPDIR PKG_CONFIG_PATH GOFLAGS GOPROXY GO111MODULE GOENV GOTELEMETRY GOPATH GOCACHE CGO_ENABLED CTRUN
test_flags=""
if [ -n "${SAN_CFLAGS:-}" ]; then
  # a library built with ASan+UBSan: Go's -asan links the ASan runtime
  # first; the UBSan one comes with the same flags as the library's
  test_flags="-asan"
  CGO_LDFLAGS="${SAN_LDFLAGS:-}"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
  export CGO_LDFLAGS ASAN_OPTIONS
fi

cd "$src/cgo" || exit 1
fail=0
files=$(find . -name '*.go' ! -path './vendor/*')
bad=$("$GOFMT" -l $files)
if [ -n "$bad" ]; then echo "FAIL: not gofmt'd: $bad"; fail=1; else echo "ok: gofmt -l"; fi
if "$GO" vet ./...; then echo "ok: go vet"; else echo "FAIL: go vet"; fail=1; fi
if "$GO" build $test_flags -o "$T/ctrun-go" ./cmd/ctrun-go; then echo "ok: go build ./cmd/ctrun-go"; else echo "FAIL: go build"; fail=1; fi
GODEBUG=cgocheck=2 timeout 900 "$GO" test $test_flags -count=1 -timeout 12m -v ./... || fail=1
[ $fail = 0 ] && echo "PASS: cgo/" || echo "FAIL: cgo/"
exit $fail
