#!/bin/bash
# ctrun-nethook: types bridge, network and ethernet (veth pairs), in test
# namespaces only.  Checks name, MAC, MTU, addresses, routes, lo, a ping
# across the bridge, idempotent setup and teardown.
. "$(dirname "$0")/net-lib.sh"

ip -n "$H" link add br0 type bridge || fail "add br0"
ip -n "$H" addr add 169.254.10.1/24 dev br0
ip -n "$H" addr add fd00:10::1/64 dev br0 nodad
ip -n "$H" link set br0 up

start_container CT
ANN='{"version":1,"interfaces":[
 {"type":"bridge","bridge":"br0","name":"eth0","mac":"52:54:00:12:34:56","mtu":1400,
  "addresses":[{"family":"ipv4","address":"169.254.10.2","prefix":24},
               {"family":"ipv6","address":"fd00:10::2","prefix":64}],
  "routes":[{"family":"ipv4","address":"0.0.0.0","prefix":0,"gateway":"169.254.10.1"},
            {"family":"ipv6","address":"fd00:99::","prefix":48,"gateway":"fd00:10::1"}]},
 {"type":"network","network":"default","bridge":"br0","hostName":"vnet-test1",
  "addresses":[{"address":"169.254.11.2","prefix":24}]},
 {"type":"ethernet","name":"p2p0",
  "addresses":[{"address":"169.254.20.2","prefix":32,"peer":"169.254.20.1"}],
  "hostAddresses":[{"address":"169.254.20.1","prefix":32,"peer":"169.254.20.2"}]},
 {"type":"bridge","bridge":"br0","name":"idle0","linkState":"down"}]}'
write_state "$WORK/state.json" test-bridge "$CT" "$ANN"

hook setup "$WORK/state.json" || fail "setup: $(cat "$WORK/hook.err")"
pass "setup"

# --- container side
link=$(ctns "$CT" ip -o link show eth0) || fail "no eth0 in the container"
echo "$link" | grep -q "link/ether 52:54:00:12:34:56 " || fail "eth0 MAC: $link"
echo "$link" | grep -q " mtu 1400 " || fail "eth0 MTU: $link"
echo "$link" | grep -q "state UP" || fail "eth0 not up: $link"
ctns "$CT" ip -o -4 addr show eth0 | grep -q "inet 169.254.10.2/24 " || fail "eth0 IPv4"
ctns "$CT" ip -o -6 addr show eth0 | grep -q "inet6 fd00:10::2/64 " || fail "eth0 IPv6"
ctns "$CT" ip -4 route show default | grep -q "default via 169.254.10.1 dev eth0" ||
  fail "default route: $(ctns "$CT" ip -4 route)"
ctns "$CT" ip -6 route show fd00:99::/48 | grep -q "via fd00:10::1 dev eth0" ||
  fail "IPv6 route: $(ctns "$CT" ip -6 route)"
ctns "$CT" ip -o link show lo | grep -q "UP" || fail "lo not up"
pass "eth0: name, MAC, MTU, addresses, routes; lo up"

# eth1: the first unnamed interface; a random locally administered MAC
mac1=$(ctns "$CT" ip -o link show eth1 | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
[ -n "$mac1" ] || fail "no eth1 (unnamed interfaces count from eth0, skipping taken names)"
first=$((0x${mac1%%:*}))
[ $((first & 1)) = 0 ] && [ $((first & 2)) = 2 ] || fail "eth1 MAC $mac1 is not local unicast"
ctns "$CT" ip -o -4 addr show eth1 | grep -q "169.254.11.2/24" || fail "eth1 address"
pass "eth1: random MAC $mac1"

ctns "$CT" ip -o link show idle0 | grep -q "state DOWN" || fail "idle0 not down"
pass "linkState down"

# --- host side
derived0=$(host_links | grep '^ct' | sort | head -1)
[ -n "$derived0" ] || fail "no derived host-side name"
ip -n "$H" -o link show "$derived0" | grep -q "master br0" || fail "$derived0 not in br0"
ip -n "$H" -o link show "$derived0" | grep -q "link/ether fe:54:00:12:34:56 " ||
  fail "host end MAC: $(ip -n "$H" -o link show "$derived0")"
ip -n "$H" -o link show vnet-test1 | grep -q "master br0" || fail "vnet-test1 not in br0"
ip -n "$H" -o link show vnet-test1 | grep -q "state UP" || fail "vnet-test1 not up"
p2p_host=$(host_links | grep '^ct' | grep -v "^$derived0$" | sort | sed -n 1p)
ip -n "$H" -o -4 addr | grep -q "169.254.20.1 peer 169.254.20.2/32" ||
  fail "ethernet host address: $(ip -n "$H" -o -4 addr)"
ip -n "$H" -o link show "$p2p_host" | grep -q "master" && fail "ethernet end is bridged"
pass "host ends: derived names, bridge ports, host MAC, ethernet host address"

# --- traffic
ctns "$CT" busybox ping -c1 -W2 169.254.10.1 >/dev/null || fail "ping br0 across the bridge"
ctns "$CT" busybox ping -c1 -W2 169.254.20.1 >/dev/null || fail "ping the ethernet host end"
pass "ping across the bridge and the ethernet pair"

# --- idempotent setup: nothing new, nothing changed
before_host=$(host_links | sort | tr '\n' ' ')
hook setup "$WORK/state.json" || fail "second setup: $(cat "$WORK/hook.err")"
[ "$(host_links | sort | tr '\n' ' ')" = "$before_host" ] || fail "second setup changed host links"
mac1b=$(ctns "$CT" ip -o link show eth1 | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
[ "$mac1b" = "$mac1" ] || fail "second setup changed the random MAC ($mac1 -> $mac1b)"
n=$(ctns "$CT" ip -o -4 addr show eth0 | wc -l)
[ "$n" = 1 ] || fail "second setup duplicated addresses ($n)"
pass "setup is idempotent"

# --- teardown, twice
hook teardown "$WORK/state.json" || fail "teardown: $(cat "$WORK/hook.err")"
assert_host_links "br0 lo "
[ "$(ct_links "$CT" | tr '\n' ' ')" = "lo " ] || fail "container keeps: $(ct_links "$CT")"
hook teardown "$WORK/state.json" || fail "second teardown: $(cat "$WORK/hook.err")"
pass "teardown removes everything, and is idempotent"

# poststop runs with the process gone: no pid in the state
printf '{"ociVersion":"1.0.2","id":"test-bridge","status":"stopped","bundle":"%s"}\n' "$WORK" >"$WORK/stopped.json"
echo "{\"ociVersion\":\"1.0.2\",\"annotations\":{\"org.ctrun.network.v1\":$(printf '%s' "$ANN" | tr -d '\n' | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')}}" >"$WORK/config.json"
hook setup "$WORK/state.json" || fail "setup again: $(cat "$WORK/hook.err")"
hook teardown "$WORK/stopped.json" || fail "teardown from config.json: $(cat "$WORK/hook.err")"
assert_host_links "br0 lo "
pass "teardown without pid, annotation from <bundle>/config.json"
