#!/bin/bash
# ctrun-nethook under a real runtime: ctrun (run inside the test host
# network namespace, so that the hooks run there too) starts a busybox container
# whose createRuntime/poststop hooks are ctrun-nethook; the container sees
# its interface, MAC, MTU, address and route, pings the bridge, and nothing
# is left in the host namespace after delete.
#   CTRUN=/path/to/ctrun   the runtime (default $top_builddir/ctrun)
. "$(dirname "$0")/net-lib.sh"

command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
RT=${CTRUN:-${top_builddir:-.}/ctrun}
[ -x "$RT" ] || { echo "SKIP: runtime $RT not built (set CTRUN=...)"; exit 77; }
RT=$(readlink -f "$RT")
NETHOOK=$(readlink -f "$NETHOOK")
SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}

BUNDLE=$WORK/bundle
ROOT=$WORK/state
CG=ctrun-net-$$
mkdir -p "$BUNDLE" "$ROOT"
chmod 0755 "$WORK"
sh "$SRC/tests/rootfs/make-rootfs.sh" "$BUNDLE/rootfs" >/dev/null || { echo "SKIP: no busybox rootfs"; exit 77; }

# rt ARGS...: ctrun inside the test host namespace (its hooks inherit it).
# nsenter, not `ip netns exec`, which remounts /sys and so hides the cgroup
# hierarchies under /sys/fs/cgroup.
rt() { timeout 60 nsenter --net=/run/netns/"$H" "$RT" --root "$ROOT" "$@" </dev/null; }

ct_cleanup() {
  rt delete --force net1 >/dev/null 2>&1
  local line ctl path d
  while IFS= read -r line; do # only this test's cgroups (rmdir: only empty ones)
    ctl=${line#*:}; ctl=${ctl%%:*}; path=${line#*:*:}; ctl=${ctl#name=}
    for d in /sys/fs/cgroup/"$ctl"/"$path"/"$CG" /sys/fs/cgroup/unified/"$path"/"$CG"; do
      [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
  done </proc/self/cgroup
  net_cleanup
}
trap ct_cleanup EXIT

ip -n "$H" link add br0 type bridge || fail "br0"
ip -n "$H" addr add 169.254.60.1/24 dev br0
ip -n "$H" link set br0 up

ANN='{"version":1,"interfaces":[{"type":"bridge","bridge":"br0","name":"eth0",
 "mac":"52:54:00:60:00:02","mtu":1450,
 "addresses":[{"family":"ipv4","address":"169.254.60.2","prefix":24}],
 "routes":[{"family":"ipv4","address":"0.0.0.0","prefix":0,"gateway":"169.254.60.1"}]}]}'
SCRIPT='cat /sys/class/net/eth0/address /sys/class/net/eth0/mtu /sys/class/net/eth0/operstate;
ip -o -4 addr show eth0; ip route; ip -o link show lo; ping -c1 -W2 169.254.60.1 >/dev/null && echo PING-OK'
"$RT" spec --bundle "$BUNDLE" || fail "ctrun spec"
jq --arg cg "$CG" --arg hook "$NETHOOK" --arg ann "$(printf '%s' "$ANN" | tr -d '\n')" --arg script "$SCRIPT" '
  .process.terminal = false | .linux.cgroupsPath = $cg |
  .process.args = ["sh", "-c", $script] |
  .process.capabilities |= with_entries(.value += ["CAP_NET_RAW"]) |
  .annotations["org.ctrun.network.v1"] = $ann |
  .hooks.createRuntime = [{"path": $hook, "args": ["ctrun-nethook", "setup"], "timeout": 30}] |
  .hooks.poststop = [{"path": $hook, "args": ["ctrun-nethook", "teardown"], "timeout": 30}]' \
  "$BUNDLE/config.json" >"$BUNDLE/config.json.new" || fail "jq"
mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"

rt create --bundle "$BUNDLE" net1 >"$WORK/create.out" 2>&1 || fail "create: $(cat "$WORK/create.out")"
host_end=$(derived_name net1 0)
ip -n "$H" -o link show "$host_end" | grep -q "master br0" || fail "no $host_end in br0 after create"
pass "create: the createRuntime hook made $host_end, a port of br0"

rt start net1 || fail "start"
for _ in $(seq 100); do
  [ "$(rt state net1 | jq -r .status)" = stopped ] && break
  sleep 0.1
done
out=$(cat "$WORK/create.out")
echo "$out" | sed 's/^/  | /'
[ "$(echo "$out" | sed -n 1p)" = 52:54:00:60:00:02 ] || fail "MAC inside"
[ "$(echo "$out" | sed -n 2p)" = 1450 ] || fail "MTU inside"
[ "$(echo "$out" | sed -n 3p)" = up ] || fail "eth0 not up inside"
echo "$out" | grep -q "inet 169.254.60.2/24" || fail "address inside"
echo "$out" | grep -q "default via 169.254.60.1 dev eth0" || fail "default route inside"
echo "$out" | grep -q "lo: <LOOPBACK,UP" || fail "lo not up inside"
echo "$out" | grep -qx PING-OK || fail "ping from the container to br0"
pass "inside: eth0 with MAC, MTU, address, default route, lo up; ping to br0"

rt delete net1 || fail "delete"
assert_host_links "br0 lo "
[ ! -e "$ROOT/net1" ] || fail "state left after delete"
pass "delete: nothing left in the host namespace"
