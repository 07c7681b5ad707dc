#!/bin/bash
# ctrun-nethook: type hostdev moves an existing interface of the test host
# namespace into the container, renames and configures it.  The device is
# one end of a veth pair (this kernel has no dummy, and ifb refuses a new
# MAC), so the container can ping the other end, left in the host.
. "$(dirname "$0")/net-lib.sh"

ip -n "$H" link add hd0 type veth peer name hd0p || fail "add hd0"
ip -n "$H" addr add 169.254.40.1/24 dev hd0p
ip -n "$H" link set hd0p up
start_container CT
ANN='{"interfaces":[{"type":"hostdev","dev":"hd0","name":"data0","mac":"52:54:00:bb:00:01","mtu":1300,
 "addresses":[{"address":"169.254.40.2","prefix":24},{"address":"fd00:40::2","prefix":64}],
 "routes":[{"address":"169.254.41.0","prefix":24,"gateway":"169.254.40.1"}]}]}'
write_state "$WORK/s.json" test-hd "$CT" "$ANN"

hook setup "$WORK/s.json" || fail "setup: $(cat "$WORK/hook.err")"
assert_host_links "hd0p lo "
d=$(ctns "$CT" ip -o link show data0) || fail "no data0 in the container"
echo "$d" | grep -q "link/ether 52:54:00:bb:00:01 " || fail "data0 MAC: $d"
echo "$d" | grep -q " mtu 1300 " || fail "data0 MTU: $d"
echo "$d" | grep -q "UP" || fail "data0 not up: $d"
ctns "$CT" ip -o -4 addr show data0 | grep -q "169.254.40.2/24" || fail "data0 IPv4"
ctns "$CT" ip -o -6 addr show data0 | grep -q "fd00:40::2/64" || fail "data0 IPv6"
ctns "$CT" ip -4 route show 169.254.41.0/24 | grep -q "via 169.254.40.1 dev data0" ||
  fail "route: $(ctns "$CT" ip -4 route)"
ctns "$CT" busybox ping -c1 -W2 169.254.40.1 >/dev/null || fail "ping through the moved device"
pass "hostdev moved, renamed, MAC, MTU, addresses, route, ping"

hook setup "$WORK/s.json" || fail "second setup: $(cat "$WORK/hook.err")"
[ "$(ct_links "$CT" | sort | tr '\n' ' ')" = "data0 lo " ] || fail "second setup: $(ct_links "$CT")"
pass "setup is idempotent"

hook teardown "$WORK/s.json" || fail "teardown: $(cat "$WORK/hook.err")"
hook teardown "$WORK/s.json" || fail "second teardown: $(cat "$WORK/hook.err")"
ctns "$CT" ip -o link show data0 >/dev/null || fail "teardown touched the moved device"
pass "teardown leaves a moved device to the kernel"

start_container CT2
write_state "$WORK/s2.json" test-hd2 "$CT2" '{"interfaces":[{"type":"hostdev","dev":"gone0"}]}'
hook setup "$WORK/s2.json" && fail "setup of a missing device succeeded"
grep -q '^ctrun-nethook: interfaces\[0\].dev: interface "gone0" not found in the host' "$WORK/hook.err" ||
  fail "error: $(cat "$WORK/hook.err")"
pass "missing device: $(cat "$WORK/hook.err")"
