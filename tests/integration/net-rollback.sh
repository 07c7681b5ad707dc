#!/bin/bash
# ctrun-nethook: a setup that fails part-way leaves nothing behind: veths
# deleted, macvlans deleted, a moved host device handed back as it was.
. "$(dirname "$0")/net-lib.sh"

ip -n "$H" link add br0 type bridge && ip -n "$H" link set br0 up || fail "br0"
add_dummy par0
ip -n "$H" link set par0 up
ip -n "$H" link add hd0 type veth peer name hd0p || fail "add hd0"
ip -n "$H" link set hd0 mtu 1450
hd_mac=$(ip -n "$H" -o link show hd0 | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')

# 1. the last interface's name is taken inside the container
start_container CT
ctns "$CT" ip link add taken0 type veth peer name taken0p || fail "prepare taken0"
ANN='{"interfaces":[
 {"type":"bridge","bridge":"br0","addresses":[{"address":"169.254.50.2","prefix":24}]},
 {"type":"direct","dev":"par0","mode":"bridge"},
 {"type":"hostdev","dev":"hd0","name":"moved0","mac":"52:54:00:cc:00:01","mtu":1280},
 {"type":"ethernet","name":"taken0"}]}'
write_state "$WORK/s.json" test-rb "$CT" "$ANN"
hook setup "$WORK/s.json" && fail "setup succeeded"
grep -q '^ctrun-nethook: interfaces\[3\].name: interface "taken0" already exists in the container' "$WORK/hook.err" ||
  fail "error: $(cat "$WORK/hook.err")"
assert_host_links "br0 hd0 hd0p lo par0 "
[ "$(ct_links "$CT" | sort | tr '\n' ' ')" = "lo taken0 taken0p " ] || fail "container keeps: $(ct_links "$CT")"
d=$(ip -n "$H" -o link show hd0)
echo "$d" | grep -q "link/ether $hd_mac " || fail "hd0 MAC not restored: $d"
echo "$d" | grep -q " mtu 1450 " || fail "hd0 MTU not restored: $d"
pass "name clash: rolled back ($(cat "$WORK/hook.err"))"

# 2. the kernel refuses a route after the interfaces exist
ANN='{"interfaces":[
 {"type":"bridge","bridge":"br0","hostName":"rb-host0","addresses":[{"address":"169.254.51.2","prefix":24}]},
 {"type":"hostdev","dev":"hd0","name":"moved0"},
 {"type":"bridge","bridge":"br0","addresses":[{"address":"169.254.52.2","prefix":24}],
  "routes":[{"address":"0.0.0.0","gateway":"169.254.99.1"}]}]}'
write_state "$WORK/s2.json" test-rb2 "$CT" "$ANN"
hook setup "$WORK/s2.json" && fail "setup with an unreachable gateway succeeded"
grep -q '^ctrun-nethook: interfaces\[2\].routes\[0\]: add route 0.0.0.0/0 via 169.254.99.1' "$WORK/hook.err" ||
  fail "error: $(cat "$WORK/hook.err")"
assert_host_links "br0 hd0 hd0p lo par0 "
[ "$(ct_links "$CT" | sort | tr '\n' ' ')" = "lo taken0 taken0p " ] || fail "container keeps: $(ct_links "$CT")"
pass "kernel error: rolled back ($(cat "$WORK/hook.err"))"

# 3. a host-side name that exists already is not taken over nor deleted
ip -n "$H" link add busy0 type veth peer name busy0p
write_state "$WORK/s3.json" test-rb3 "$CT" '{"interfaces":[{"type":"bridge","bridge":"br0"},{"type":"bridge","bridge":"br0","hostName":"busy0"}]}'
hook setup "$WORK/s3.json" && fail "setup over busy0 succeeded"
grep -q 'interfaces\[1\].hostName: interface "busy0" already exists in the host' "$WORK/hook.err" ||
  fail "error: $(cat "$WORK/hook.err")"
assert_host_links "br0 busy0 busy0p hd0 hd0p lo par0 "
hook teardown "$WORK/s3.json" && fail "teardown of a foreign veth succeeded"
grep -q 'interfaces\[1\].hostName: "busy0" is a veth whose peer is in the host namespace' "$WORK/hook.err" ||
  fail "error: $(cat "$WORK/hook.err")"
assert_host_links "br0 busy0 busy0p hd0 hd0p lo par0 "
pass "existing host interface left alone"

# 4. the bridge is not a bridge
write_state "$WORK/s4.json" test-rb4 "$CT" '{"interfaces":[{"type":"bridge","bridge":"par0"}]}'
hook setup "$WORK/s4.json" && fail "setup on a non-bridge succeeded"
grep -q 'interfaces\[0\].bridge: "par0" is not a bridge' "$WORK/hook.err" || fail "error: $(cat "$WORK/hook.err")"
write_state "$WORK/s5.json" test-rb5 "$CT" '{"interfaces":[{"type":"bridge","bridge":"nobr0"}]}'
hook setup "$WORK/s5.json" && fail "setup on a missing bridge succeeded"
grep -q 'interfaces\[0\].bridge: interface "nobr0" not found' "$WORK/hook.err" || fail "error: $(cat "$WORK/hook.err")"
assert_host_links "br0 busy0 busy0p hd0 hd0p lo par0 "
pass "bridge checks"
