# Shared by the cgroup integration tests: a bundle with a busybox rootfs, a
# state root, and a cleanup trap.  Every cgroupsPath is relative, so it
# nests under the test's own cgroup.
set -eu
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -d /sys/fs/cgroup/memory ] || { echo "SKIP: needs cgroup v1 controllers"; exit 77; }
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
CTRUN=$top_builddir/ctrun
[ -x "$CTRUN" ] || { echo "SKIP: no ctrun binary"; exit 77; }
ROOTFS=$top_builddir/tests/rootfs-busybox
if [ ! -x "$ROOTFS/bin/busybox" ]; then
  # built aside and renamed: tests run in parallel and share it
  sh "$top_srcdir/tests/rootfs/make-rootfs.sh" "$ROOTFS.tmp.$$" >/dev/null
  mv -T "$ROOTFS.tmp.$$" "$ROOTFS" 2>/dev/null || rm -rf "$ROOTFS.tmp.$$"
fi
T=$(mktemp -d /tmp/ctrun-cgtest.XXXXXX)
STATE=$T/state
ID=cgtest-$$
CGREL=ctrun-cgtest-$$
R() { "$CTRUN" --root "$STATE" "$@"; }

# the host directory of the container's cgroup for a v1 controller
cgdir() { # controller
  own=$(awk -F: -v c="$1" '{n=split($2,a,","); for(i=1;i<=n;i++) if(a[i]==c) print $3}' /proc/self/cgroup)
  [ "$own" = / ] && own=
  echo "/sys/fs/cgroup/$1$own/$CGREL/c"
}

cleanup() {
  R delete --force "$ID" >/dev/null 2>&1 || true
  for h in /sys/fs/cgroup/*/; do
    find "$h" -maxdepth 4 -type d -name "$CGREL" 2>/dev/null | while read -r d; do
      find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
  done
  rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; exit 1; }

# make_bundle ARGS-JSON RESOURCES-JSON
make_bundle() {
  mkdir -p "$T/bundle"
  ln -sfn "$ROOTFS" "$T/bundle/rootfs"
  (cd "$T/bundle" && "$CTRUN" spec)
  python3 - "$T/bundle/config.json" "$1" "$2" "$CGREL/c" <<'PY'
import json, sys
p, args, res, cg = sys.argv[1:]
c = json.load(open(p))
c["process"]["args"] = json.loads(args)
c["process"]["terminal"] = False
c["root"]["path"] = "rootfs"
c["linux"]["cgroupsPath"] = cg
c["linux"]["resources"] = json.loads(res)
c["linux"].pop("seccomp", None)
json.dump(c, open(p, "w"))
PY
}
