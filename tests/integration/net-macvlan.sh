#!/bin/bash
# ctrun-nethook: type direct (macvlan) on dummy parents inside the test host
# namespace; two containers in bridge mode reach each other.
. "$(dirname "$0")/net-lib.sh"

add_dummy dum0
ip -n "$H" link set dum0 up
add_dummy dum1
ip -n "$H" link set dum1 up

start_container CT1
start_container CT2
ann() { # $1 address, $2 mac
  printf '{"version":1,"interfaces":[{"type":"direct","dev":"dum0","mode":"bridge","name":"mv0","mac":"%s","mtu":1280,"addresses":[{"address":"%s","prefix":24},{"address":"fd00:30::%s","prefix":64}]}' "$2" "$1" "${1##*.}"
}
write_state "$WORK/s1.json" test-mv1 "$CT1" "$(ann 169.254.30.1 52:54:00:aa:00:01)"',{"type":"direct","dev":"dum1","mode":"passthrough","name":"pt0"}]}'
write_state "$WORK/s2.json" test-mv2 "$CT2" "$(ann 169.254.30.2 52:54:00:aa:00:02)]}"

hook setup "$WORK/s1.json" || fail "setup 1: $(cat "$WORK/hook.err")"
hook setup "$WORK/s2.json" || fail "setup 2: $(cat "$WORK/hook.err")"
pass "setup of two containers"

d=$(ctns "$CT1" ip -d -o link show mv0) || fail "no mv0 in container 1"
echo "$d" | grep -q "macvlan mode bridge" || fail "mv0 is not a bridge-mode macvlan: $d"
echo "$d" | grep -q "link/ether 52:54:00:aa:00:01 " || fail "mv0 MAC: $d"
echo "$d" | grep -q " mtu 1280 " || fail "mv0 MTU: $d"
ctns "$CT1" ip -o -4 addr show mv0 | grep -q "169.254.30.1/24" || fail "mv0 address"
ctns "$CT1" ip -d -o link show pt0 | grep -q "macvlan mode passthru" ||
  fail "pt0: $(ctns "$CT1" ip -d -o link show pt0)"
assert_host_links "dum0 dum1 lo "
pass "macvlans moved in: mode, MAC, MTU, address; nothing left in the host"

ctns "$CT1" busybox ping -c1 -W2 169.254.30.2 >/dev/null || fail "ping between macvlans"
pass "bridge-mode macvlans reach each other"

hook setup "$WORK/s1.json" || fail "second setup: $(cat "$WORK/hook.err")"
[ "$(ct_links "$CT1" | sort | tr '\n' ' ')" = "lo mv0 pt0 " ] || fail "second setup: $(ct_links "$CT1")"
assert_host_links "dum0 dum1 lo "
pass "setup is idempotent"

# a macvlan left under the derived name by an interrupted setup is replaced
kill "$CT2"; wait "$CT2" 2>/dev/null
start_container CT3
write_state "$WORK/s3.json" test-mv3 "$CT3" "$(ann 169.254.30.3 52:54:00:aa:00:03)]}"
stale=$(derived_name test-mv3 0)
ip -n "$H" link add "$stale" link dum0 type macvlan mode bridge || fail "add $stale"
hook setup "$WORK/s3.json" || fail "setup over a stale macvlan: $(cat "$WORK/hook.err")"
assert_host_links "dum0 dum1 lo "
ctns "$CT3" ip -d -o link show mv0 | grep -q macvlan || fail "no mv0 in container 3"
pass "stale macvlan under the derived name $stale replaced"

hook teardown "$WORK/s1.json" || fail "teardown: $(cat "$WORK/hook.err")"
hook teardown "$WORK/s1.json" || fail "second teardown: $(cat "$WORK/hook.err")"
assert_host_links "dum0 dum1 lo "
pass "teardown"

bad='{"interfaces":[{"type":"direct","dev":"nosuch0"}]}'
start_container CT4
write_state "$WORK/s4.json" test-mv4 "$CT4" "$bad"
hook setup "$WORK/s4.json" && fail "setup on a missing parent succeeded"
grep -q '^ctrun-nethook: interfaces\[0\].dev: interface "nosuch0" not found' "$WORK/hook.err" ||
  fail "error: $(cat "$WORK/hook.err")"
pass "missing parent: $(cat "$WORK/hook.err")"
