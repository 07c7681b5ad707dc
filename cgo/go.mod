module ctrun.dev/ctrun

go 1.19

// Vendored (cgo/vendor, made by cgo/vendor.sh) from Debian's
// golang-github-opencontainers-specs-dev 1.0.2.118.g5cfc4c3: upstream
// v1.0.2 and later commits.  Builds use -mod=vendor; nothing is fetched.
require github.com/opencontainers/runtime-spec v1.0.2
