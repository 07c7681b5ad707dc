# Sourced by tests/integration/core-*.sh: a busybox bundle in a temp dir, a
# private --root, a relative cgroupsPath, and an EXIT trap that deletes
# every container, cgroup and file the test made, also on failure.
#
#   CTRUN=/path/to/runtime   the runtime under test (default $top_builddir/ctrun)

set -u
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in jq timeout; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done

RT=${CTRUN:-${top_builddir:-.}/ctrun}
[ -x "$RT" ] || { echo "FAIL: runtime $RT not built (set CTRUN=...)" >&2; exit 1; }
RT=$(readlink -f "$RT")
SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${top_builddir:-.}

T=$(mktemp -d /tmp/ctrun-core.XXXXXX)
ROOT=$T/state
BUNDLE=$T/bundle
CG_PREFIX=ctrun-core-$$
CONTAINERS=""
mkdir -p "$ROOT" "$BUNDLE"
chmod 0755 "$T" # a user namespace root must reach the rootfs
sh "$SRC/tests/rootfs/make-rootfs.sh" "$BUNDLE/rootfs" >/dev/null || { echo "SKIP: no busybox rootfs"; exit 77; }

core_cleanup() {
  local c
  for c in $CONTAINERS; do
    timeout 30 "$RT" --root "$ROOT" delete --force "$c" >/dev/null 2>&1
  done
  # only cgroups named after this test (rmdir removes only empty ones)
  local line ctl path d
  while IFS= read -r line; do
    ctl=${line#*:}; ctl=${ctl%%:*}; path=${line#*:*:}
    ctl=${ctl#name=}
    for d in /sys/fs/cgroup/"$ctl"/"$path"/"$CG_PREFIX"-* /sys/fs/cgroup/unified/"$path"/"$CG_PREFIX"-*; do
      [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
  done </proc/self/cgroup
  grep -o " $T[^ ]*" /proc/self/mounts 2>/dev/null | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null
  done
  rm -rf "$T"
}
trap core_cleanup EXIT
trap 'exit 1' INT TERM

FAILED=0
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { # check DESCRIPTION COMMAND...: records a failure and goes on
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what" >&2; FAILED=1; fi
}
finish() { exit "$FAILED"; }

# rt ARGS...: the runtime with the private root; stdin from /dev/null so that
# a container never holds the test's stdin
rt() { timeout 30 "$RT" --root "$ROOT" "$@" </dev/null; }

# config [JQ-FILTER]: writes $BUNDLE/config.json from `ctrun spec`, without a
# terminal, with a relative cgroupsPath, then applies the filter
config() {
  local filter=${1:-.}
  rm -f "$BUNDLE/config.json"
  "$RT" spec --bundle "$BUNDLE" || fail "ctrun spec"
  jq --arg cg "$CG_PREFIX-$RANDOM" \
    '.process.terminal = false | .linux.cgroupsPath = $cg | '"$filter" \
    "$BUNDLE/config.json" >"$BUNDLE/config.json.new" || fail "jq $filter"
  mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
}

# create ID [FLAGS...]: the container's stdout/stderr go to $T/ID.out
create() {
  local id=$1; shift
  CONTAINERS="$CONTAINERS $id"
  timeout 30 "$RT" --root "$ROOT" create --bundle "$BUNDLE" "$@" "$id" </dev/null >"$T/$id.out" 2>&1
}

status_of() { rt state "$1" 2>/dev/null | jq -r .status; }

# console_receiver OUT: a --console-socket at $T/console.sock (the pty
# master it gets is read into OUT); console_received: waits for it to end
# and returns its status
console_receiver() {
  rm -f "$T/console.sock"
  "${BUILD}/tests/core-recvfd" "$T/console.sock" "$1" &
  RECV_PID=$!
  local i
  for i in $(seq 50); do [ -S "$T/console.sock" ] && break; sleep 0.1; done
}
console_received() {
  local i
  for i in $(seq 50); do kill -0 "$RECV_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$RECV_PID" 2>/dev/null
  wait "$RECV_PID"
}

# wait_status ID STATUS: up to 10 s
wait_status() {
  local i
  for i in $(seq 100); do
    [ "$(status_of "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# run_inside ID: create, start, wait until stopped; output in $T/ID.out
run_inside() {
  create "$1" || { cat "$T/$1.out" >&2; return 1; }
  rt start "$1" || return 1
  wait_status "$1" stopped
}
