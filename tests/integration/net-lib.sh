# Sourced by tests/integration/net-*.sh.
#
# Safety: everything happens in network namespaces created here: a "host"
# namespace (ctrun-test-host-PID) that stands in for the machine, and
# "container" namespaces of sleep processes started inside it.  The hook
# always runs inside the test host namespace; only 169.254.0.0/16 and fd00::/8
# addresses are used.  The EXIT trap removes all of it, even on failure.

set -u
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in ip unshare nsenter busybox; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done

NETHOOK=${NETHOOK:-${top_builddir:-.}/hooks/ctrun-nethook}
[ -x "$NETHOOK" ] || { echo "FAIL: $NETHOOK not built"; exit 1; }

H=ctrun-test-host-$$
WORK=$(mktemp -d /tmp/ctrun-net-test.XXXXXX)
NET_PIDS=""

net_cleanup() {
  for p in $NET_PIDS; do kill "$p" 2>/dev/null; done
  for p in $NET_PIDS; do wait "$p" 2>/dev/null; done
  ip netns del "$H" 2>/dev/null
  rm -rf "$WORK"
}
trap net_cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

ip netns add "$H" || fail "ip netns add $H"
ip -n "$H" link set lo up

# hostns: run a command in the test host namespace
hostns() { ip netns exec "$H" "$@"; }

# start_container VAR: a sleep in its own netns (a child of the test host
# namespace); its pid goes into VAR.  Not used as $(...): the pid must be
# recorded in this shell, for the EXIT trap to kill it.
start_container() {
  ip netns exec "$H" unshare -n sleep 300 >/dev/null 2>&1 &
  local pid=$!
  NET_PIDS="$NET_PIDS $pid"
  local hostino
  hostino=$(stat -L -c %i "/run/netns/$H")
  for _ in $(seq 100); do
    if [ "$(cat /proc/$pid/comm 2>/dev/null)" = sleep ] &&
       [ "$(stat -L -c %i /proc/$pid/ns/net 2>/dev/null)" != "$hostino" ]; then
      printf -v "$1" '%s' "$pid"
      return 0
    fi
    sleep 0.05
  done
  fail "container process did not start"
}

# ctns PID CMD...: run a command in the container's namespace
ctns() { local pid=$1; shift; nsenter --net=/proc/"$pid"/ns/net "$@"; }

# write_state FILE ID PID ANNOTATION-JSON: an OCI state carrying the
# annotation (the JSON is embedded as a string)
write_state() {
  local file=$1 id=$2 pid=$3 ann=$4
  local esc
  esc=$(printf '%s' "$ann" | tr -d '\n' | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '{"ociVersion":"1.0.2","id":"%s","status":"created","pid":%s,"bundle":"%s","annotations":{"org.ctrun.network.v1":"%s"}}\n' \
    "$id" "$pid" "$WORK" "$esc" >"$file"
}

# hook setup|teardown STATE: the hook inside the test host namespace;
# stderr goes to $WORK/hook.err
hook() { hostns "$NETHOOK" "$1" <"$2" 2>"$WORK/hook.err"; }

# link_field NSCMD IFNAME FIELD: one field of `ip -d -o link show`
host_links() { ip -n "$H" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//'; }
ct_links() { ctns "$1" ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//'; }

# The host namespace must hold nothing but what the test itself put there.
assert_host_links() {
  local want=$1 got
  got=$(host_links | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "host links: got '$got', want '$want'"
}

# derived_name ID INDEX: the host-side name ctrun-nethook derives when an
# interface has no hostName: "ct" + FNV-1a(id) in 8 hex digits + index.
derived_name() {
  local id=$1 h=2166136261 i c
  for ((i = 0; i < ${#id}; i++)); do
    printf -v c '%d' "'${id:i:1}"
    h=$(( ((h ^ c) * 16777619) & 0xffffffff ))
  done
  printf 'ct%08x%s\n' "$h" "$2"
}

# add_dummy NAME: a stand-alone Ethernet-like device in the test host
# namespace (dummy when the kernel has it, else ifb)
add_dummy() {
  ip -n "$H" link add "$1" type dummy 2>/dev/null ||
    ip -n "$H" link add "$1" type ifb || fail "cannot create $1 (no dummy or ifb)"
}
