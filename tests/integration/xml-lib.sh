# Sourced by tests/integration/xml-run-*.sh: converts domains with
# ctrun-xml2oci onto a busybox rootfs, runs them under ctrun with a private
# --root and a relative cgroupsPath, and cleans up on exit.
#   CTRUN=/path/to/runtime  (default $top_builddir/ctrun)
set -u
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
RT=${CTRUN:-${top_builddir:-.}/ctrun}
[ -x "$RT" ] || { echo "SKIP: runtime $RT not built (set CTRUN=...)"; exit 77; }
RT=$(readlink -f "$RT")
X2O=$(readlink -f "${top_builddir:-.}/ctrun-xml2oci")
SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CORPUS=$SRC/../shared/corpus/libvirt-lxc
T=$(mktemp -d /tmp/ctrun-xml.XXXXXX)
ROOT=$T/state
ROOTFS=$T/rootfs
CG_PREFIX=ctrun-xml-$$
CONTAINERS=""
mkdir -p "$ROOT"
sh "$SRC/tests/rootfs/make-rootfs.sh" "$ROOTFS" >/dev/null || { echo "FAIL: make-rootfs.sh"; exit 1; }

xml_cleanup() {
  local c line ctl path d
  for c in $CONTAINERS; do
    timeout 30 "$RT" --root "$ROOT" delete --force "$c" >/dev/null 2>&1
  done
  while IFS= read -r line; do
    ctl=${line#*:}; ctl=${ctl%%:*}; path=${line#*:*:}; ctl=${ctl#name=}
    for d in /sys/fs/cgroup/"$ctl"/"$path"/"$CG_PREFIX"-* /sys/fs/cgroup/unified/"$path"/"$CG_PREFIX"-*; do
      [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
  done </proc/self/cgroup
  [ -n "${XML_KEEP:-}" ] || rm -rf "$T"
}
trap xml_cleanup EXIT
trap 'exit 1' INT TERM

FAILED=0
check_fail() { echo "FAIL: $*" >&2; FAILED=1; }
pass() { echo "ok: $*"; }
finish() { [ "$FAILED" = 0 ] || exit 1; exit 0; }

# The probe replaces the domain's init: it prints what the assertions read.
PROBE='echo "host=$(hostname)"; echo "cwd=$PWD"; echo "id=$(id -u):$(id -g)";
env | sed "s/^/env:/"; grep ^Cap /proc/self/status; cat /proc/self/mounts | sed "s/^/mnt:/";
for f in /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max; do
  [ -r $f ] && echo "memlimit=$(cat $f)"; done; true'

# convert NAME DOMAIN.xml [ctrun-xml2oci options]: bundle $T/NAME with the probe as args
convert() {
  local name=$1 xml=$2; shift 2
  mkdir -p "$T/$name"
  "$X2O" --rootfs "$ROOTFS" --cgroups-path "$CG_PREFIX-$name" --bundle "$T/$name" "$@" "$xml" \
    2>"$T/$name.warn" || { check_fail "$name: ctrun-xml2oci: $(cat "$T/$name.warn")"; return 1; }
  jq --arg p "$PROBE" '.process.args = ["/bin/sh", "-c", $p] | .process.terminal = false' \
    "$T/$name/config.json" >"$T/$name/c.json" && mv "$T/$name/c.json" "$T/$name/config.json"
}

# run NAME: the probe's output in $T/NAME.out
run() {
  CONTAINERS="$CONTAINERS $1"
  timeout 60 "$RT" --root "$ROOT" run --bundle "$T/$1" "$1" >"$T/$1.out" 2>"$T/$1.err" ||
    { check_fail "$1: ctrun run: $(cat "$T/$1.err")"; return 1; }
}

# has NAME PATTERN WHAT: the output has a line matching PATTERN (grep -E)
has() { grep -Eq "$2" "$T/$1.out" && pass "$1: $3" || check_fail "$1: $3 (no line /$2/ in: $(tr '\n' ' ' <"$T/$1.out" | cut -c1-600))"; }
hasnt() { grep -Eq "$2" "$T/$1.out" && check_fail "$1: $3" || pass "$1: $3"; }

# capability mask (hex) of a set from the converted config: bit N = capability N
capmask() {
  local caps; caps=$(jq -r ".process.capabilities.$2[]" "$T/$1/config.json")
  python3 -c 'import sys
names="CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE".split()
m=0
for c in sys.stdin.read().split(): m|=1<<names.index(c[4:])
print("%016x"%m)' <<EOF2
$caps
EOF2
}
