#!/bin/sh
# vendor.sh: refreshes cgo/vendor/ from Debian's golang-github-opencontainers-specs-dev
# (apt-get install golang-github-opencontainers-specs-dev), the package's only
# dependency outside the standard library.  Nothing is fetched from the network:
# the files are copied from /usr/share/gocode.  Run it from anywhere; commit the result.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${GOCODE:-/usr/share/gocode/src}/github.com/opencontainers/runtime-spec/specs-go
[ -f "$src/config.go" ] || {
  echo "vendor.sh: $src missing: apt-get install golang-github-opencontainers-specs-dev" >&2
  exit 1
}
dst=$here/vendor/github.com/opencontainers/runtime-spec
rm -rf "$here/vendor"
mkdir -p "$dst/specs-go"
cp "$src"/*.go "$dst/specs-go/"
cp /usr/share/doc/golang-github-opencontainers-specs-dev/copyright "$dst/LICENSE"
version=$(dpkg-query -W -f '${Version}' golang-github-opencontainers-specs-dev 2>/dev/null || echo unknown)
# go.mod requires v1.0.2: Debian's snapshot (upstream 1.0.2 plus later commits)
cat >"$here/vendor/modules.txt" <<EOT
# github.com/opencontainers/runtime-spec v1.0.2
## explicit
github.com/opencontainers/runtime-spec/specs-go
EOT
echo "vendor.sh: copied runtime-spec/specs-go from Debian package version $version"
