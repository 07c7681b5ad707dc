#!/bin/bash
# ctrun-nethook: command line, state and annotation errors.  Every failure
# exits non-zero with one "ctrun-nethook: <message>" line naming the field,
# and creates nothing.
. "$(dirname "$0")/net-lib.sh"

ip -n "$H" link add br0 type bridge || fail "br0"
start_container CT

# expect STATUS STATE-FILE VERB EXPECTED-STDERR-PREFIX
expect() {
  local want=$1 state=$2 verb=$3 msg=$4 rc=0
  hostns "$NETHOOK" "$verb" <"$state" 2>"$WORK/err" || rc=$?
  [ "$rc" = "$want" ] || fail "$verb $(head -c 300 "$state"): exit $rc, want $want ($(cat "$WORK/err"))"
  if [ -n "$msg" ]; then
    [ "$(wc -l <"$WORK/err")" = 1 ] || fail "stderr is not one line: $(cat "$WORK/err")"
    grep -qF -- "$msg" "$WORK/err" || fail "stderr '$(cat "$WORK/err")' lacks '$msg'"
  fi
  assert_host_links "br0 lo "
  [ "$(ct_links "$CT" | tr '\n' ' ')" = "lo " ] || fail "container has: $(ct_links "$CT")"
  pass "$verb: exit $rc ${msg:+($(cat "$WORK/err"))}"
}

write_state "$WORK/mac.json" e1 "$CT" '{"version":1,"interfaces":[{"type":"bridge","bridge":"br0"},{"type":"bridge","bridge":"br0","mac":"01:00:5e:00:00:01"}]}'
expect 1 "$WORK/mac.json" setup 'ctrun-nethook: annotation org.ctrun.network.v1: interfaces[1].mac: multicast address "01:00:5e:00:00:01" is not allowed'
expect 1 "$WORK/mac.json" teardown 'interfaces[1].mac: multicast'

write_state "$WORK/json.json" e2 "$CT" '{"interfaces":[{"type":"bridge",}]}'
expect 1 "$WORK/json.json" setup 'ctrun-nethook: annotation org.ctrun.network.v1: invalid JSON at line 1'

write_state "$WORK/type.json" e3 "$CT" '{"interfaces":[{"type":"vhostuser"}]}'
expect 1 "$WORK/type.json" setup 'interfaces[0].type: unknown type "vhostuser"'

write_state "$WORK/ip.json" e4 "$CT" '{"interfaces":[{"type":"bridge","bridge":"br0","addresses":[{"address":"169.254.1.300"}]}]}'
expect 1 "$WORK/ip.json" setup 'interfaces[0].addresses[0].address: "169.254.1.300" is not an IPv4 or IPv6 address'

write_state "$WORK/net.json" e5 "$CT" '{"interfaces":[{"type":"network","network":"default"}]}'
expect 1 "$WORK/net.json" setup 'interfaces[0].bridge: missing: network "default" was not resolved to a bridge (convert with --network default=BRIDGE)'

echo '{"id":"e6","pid":"x"}' >"$WORK/pid.json"
expect 1 "$WORK/pid.json" setup 'ctrun-nethook: state: pid: expected a non-negative integer'
echo 'not json' >"$WORK/bad.json"
expect 1 "$WORK/bad.json" setup 'ctrun-nethook: state: invalid JSON'

printf '{"id":"e7","status":"created","annotations":{"org.ctrun.network.v1":"{\\"interfaces\\":[]}"}}' >"$WORK/nopid.json"
expect 1 "$WORK/nopid.json" setup 'ctrun-nethook: state: pid: missing'

# no annotation and no bundle: nothing to do
printf '{"ociVersion":"1.0.2","id":"e8","pid":%s}' "$CT" >"$WORK/none.json"
expect 0 "$WORK/none.json" setup ''
expect 0 "$WORK/none.json" teardown ''

# the bundle's config.json is read when the state has no annotations
mkdir "$WORK/bundle"
echo '{"ociVersion":"1.0.2","annotations":{"org.ctrun.network.v1":"{\"interfaces\":[{\"type\":\"bogus\"}]}"}}' >"$WORK/bundle/config.json"
printf '{"ociVersion":"1.0.2","id":"e9","pid":%s,"bundle":"%s"}' "$CT" "$WORK/bundle" >"$WORK/bundle.json"
expect 1 "$WORK/bundle.json" setup 'interfaces[0].type: unknown type "bogus"'
printf '{"ociVersion":"1.0.2","id":"e9","pid":%s,"bundle":"%s/nowhere"}' "$CT" "$WORK" >"$WORK/nobundle.json"
expect 1 "$WORK/nobundle.json" setup "ctrun-nethook: open $WORK/nowhere/config.json: No such file or directory"

# the container is gone
write_state "$WORK/gone.json" e10 999999999 '{"interfaces":[{"type":"bridge","bridge":"br0"}]}'
expect 1 "$WORK/gone.json" setup 'ctrun-nethook: open /proc/999999999/ns/net: No such file or directory'

# command line
rc=0; "$NETHOOK" </dev/null 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "no verb: exit $rc"
rc=0; "$NETHOOK" frobnicate </dev/null 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "unknown verb: exit $rc"
"$NETHOOK" --help | grep -q "Usage: ctrun-nethook setup|teardown" || fail "--help"
pass "usage: exit 2, --help"
