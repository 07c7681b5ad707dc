# Shared by tests/integration/fs-*.sh: a busybox rootfs, bundles, the
# driver, assertions and cleanup.  Sourced; sets -eu.
set -eu
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
DRIVER=$top_builddir/tests/integration/fs-driver
[ -x "$DRIVER" ] || { echo "SKIP: $DRIVER not built (make check builds it)"; exit 77; }
ROOTFS_CACHE=$top_builddir/tests/fs-rootfs
if [ ! -x "$ROOTFS_CACHE/bin/busybox" ]; then
  sh "$top_srcdir/tests/rootfs/make-rootfs.sh" "$ROOTFS_CACHE" >/dev/null 2>&1 ||
    { echo "SKIP: cannot build the busybox rootfs"; exit 77; }
fi
WORK=$(mktemp -d /tmp/ctrun-fs-test.XXXXXX)
HOST_MOUNTS_BEFORE=$(wc -l </proc/self/mountinfo)
cleanup() {
  # nothing of a test may stay mounted on the host
  grep -F " $WORK" /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
FAILS=0
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1"; [ $# -gt 1 ] && printf '#   %s\n' "$2"; FAILS=$((FAILS + 1)); }
check() { # check DESC COMMAND...: passes when the command succeeds
  d=$1; shift
  if "$@"; then pass "$d"; else fail "$d"; fi
}

# new_bundle NAME: a bundle dir with a private copy of the rootfs
new_bundle() {
  b=$WORK/$1
  mkdir -p "$b"
  cp -a "$ROOTFS_CACHE" "$b/rootfs"
  echo "$b"
}

DEFAULT_MOUNTS='
  {"destination": "/proc", "type": "proc", "source": "proc"},
  {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
  {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
  {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
  {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
  {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]}'

# write_config BUNDLE MOUNTS_JSON LINUX_EXTRA_JSON [ROOT_EXTRA_JSON]
write_config() {
  cat >"$1/config.json" <<JSON
{
  "ociVersion": "1.0.2",
  "process": {"args": ["/bin/sh"], "cwd": "/", "user": {"uid": 0, "gid": 0}},
  "root": {"path": "rootfs"${4:-}},
  "mounts": [$2],
  "linux": {
    "namespaces": [{"type": "mount"}, {"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "network"}]${3:+, $3}
  }
}
JSON
}

# run_in BUNDLE [driver options] -- SHELL-COMMAND: output on stdout, status kept
run_in() {
  b=$1; shift
  opts=""
  while [ "$1" != "--" ]; do opts="$opts $1"; shift; done
  shift
  # shellcheck disable=SC2086
  "$DRIVER" $opts "$b" /bin/sh -c "$1" </dev/null
}

finish() {
  after=$(wc -l </proc/self/mountinfo)
  check "the host's mount table is unchanged ($HOST_MOUNTS_BEFORE entries)" \
    test "$after" -eq "$HOST_MOUNTS_BEFORE"
  [ "$FAILS" -eq 0 ] || { echo "$FAILS failed"; exit 1; }
  exit 0
}
