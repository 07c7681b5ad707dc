#!/bin/sh
# build-go.sh SRCDIR BUILDDIR OUT: builds tests/bench/bench-go.go against the
# cgo/ package of SRCDIR and the libctrun.so of BUILDDIR, into OUT.  The
# program goes into a copy of the cgo/ module (as cmd/ctrun-bench): that
# module's go.mod and vendor/ serve it, so nothing is fetched.  Exit 77
# when there is no cgo/ or no go.
set -eu
src=$1 build=$2 out=$3
[ -f "$src/cgo/go.mod" ] || exit 77
GO=${GO:-$(command -v go || true)}
[ -n "$GO" ] || exit 77
tmp=$(mktemp -d /tmp/ctrun-bench-go.XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cp -R "$src/cgo" "$tmp/mod"
rm -rf "$tmp/mod/go-cache"
mkdir -p "$tmp/mod/cmd/ctrun-bench"
cp "$src/tests/bench/bench-go.go" "$tmp/mod/cmd/ctrun-bench/main.go"
# the build tree's library through pkg-config (cgo/cgo.am makes this file;
# written here when that fragment is not in the build)
pc=$build/libctrun-uninstalled.pc
if [ ! -f "$pc" ]; then
  pc=$tmp/pc/libctrun-uninstalled.pc
  mkdir -p "$tmp/pc"
  printf '%s\n' "libdir=$build/.libs" "includedir=$src/include" '' 'Name: libctrun' \
    'Description: libctrun (build tree)' 'Version: 0' \
    'Libs: -L${libdir} -Wl,-rpath,${libdir} -lctrun' 'Cflags: -I${includedir}' >"$pc"
fi
mkdir -p "$build/tests/bench/go-cache"
cd "$tmp/mod"
PKG_CONFIG_PATH=$(dirname "$pc") GOCACHE=$build/tests/bench/go-cache GOFLAGS=-mod=vendor \
  GO111MODULE=on GOPROXY=off "$GO" build -o "$out" ./cmd/ctrun-bench
