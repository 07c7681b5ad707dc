#!/bin/sh
# quickstart.sh [run|test|deps|test-deps|build]
#   run  (default): install the Debian packages, build and install ctrun, then
#        convert examples/domain.xml into an OCI bundle and run it, showing its output.
#   test: the same setup plus the container engines the tests drive ctrun
#        under (test-deps), then every test (`make check`).
# Needs root on Debian 12: containers really run.
set -eu
cd "$(dirname "$0")"
top=$(pwd)
what=${1:-run}
build=${CTRUN_BUILD_DIR:-$top/build}

PKGS="build-essential autoconf automake libtool pkg-config clang \
  libjansson-dev libseccomp-dev libmount-dev libnl-3-dev libnl-route-3-dev libxml2-dev \
  libcriterion-dev busybox-static iproute2 jq time strace scdoc abigail-tools \
  golang-go golang-github-opencontainers-specs-dev"

# tests/engines/ runs ctrun under these engines (each test skips when its
# engine is missing); never started as services here, the tests run their own
ENGINE_PKGS="podman containerd buildah conmon slirp4netns containernetworking-plugins \
  netavark aardvark-dns uidmap catatonit iptables"

deps() {
  install_missing $PKGS
}

test_deps() {
  install_missing $ENGINE_PKGS
}

install_missing() {
  missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "quickstart: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
}

build() {
  [ -x configure ] || ./autogen.sh
  mkdir -p "$build"
  cd "$build"
  [ -f Makefile ] || "$top/configure" ${CTRUN_CONFIGURE_FLAGS:-}
  make -j"$(nproc)"
  cd "$top"
}

example() {
  make -C "$build" install >/dev/null
  ldconfig
  work=$(mktemp -d /tmp/ctrun-example.XXXXXX)
  trap 'ctrun delete --force ctrun-example >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  tests/rootfs/make-rootfs.sh "$work/rootfs"
  echo "quickstart: ctrun-xml2oci examples/domain.xml -> $work/config.json"
  ctrun-xml2oci --rootfs "$work/rootfs" --bundle "$work" examples/domain.xml
  echo "quickstart: ctrun run (output of the container follows)"
  ctrun run --bundle "$work" ctrun-example
}

case $what in
  deps) deps ;;
  build) deps; build ;;
  run) deps; build; ctrun_version=$("$build/ctrun" --version | head -1); echo "quickstart: $ctrun_version"; example ;;
  test-deps) test_deps ;;
  test) deps; test_deps; build; make -C "$build" -j"$(nproc)" check ;;
  *) echo "usage: $0 [run|test|deps|test-deps|build]" >&2; exit 2 ;;
esac
