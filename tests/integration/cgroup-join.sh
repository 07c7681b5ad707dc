#!/bin/bash
# A container is placed in every v1 hierarchy engines read or check
# (freezer, devices, memory, pids, cpu, cpuset, blkio), whatever its
# resources, and update and delete handle them all.
. "$(dirname "$0")/cgroup-lib.sh"
make_bundle '["sleep","100"]' '{}'
R create --bundle "$T/bundle" "$ID"
pid=$(R state "$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
for c in freezer devices memory pids cpu cpuset blkio; do
  [ -d "$(cgdir $c)" ] || fail "no $c cgroup"
  grep -q ":$c[,:].*/$CGREL/c\$\|,$c:.*/$CGREL/c\$" /proc/$pid/cgroup || fail "init not in the $c cgroup: $(cat /proc/$pid/cgroup)"
done

R update --cpuset-cpus 0 --memory 64m --pids-limit 20 "$ID"
[ "$(cat "$(cgdir cpuset)/cpuset.cpus")" = 0 ] || fail "update cpuset"
[ "$(cat "$(cgdir memory)/memory.limit_in_bytes")" = 67108864 ] || fail "update memory"
[ "$(cat "$(cgdir pids)/pids.max")" = 20 ] || fail "update pids"
[ "$(cat "$(cgdir freezer)/freezer.state")" = THAWED ] || fail "left frozen"
R events --stats "$ID" | python3 -c '
import json, sys
e = json.load(sys.stdin)
assert e["data"]["pids"] == {"current": 1, "limit": 20}, e["data"]["pids"]
assert e["data"]["memory"]["usage"]["limit"] == 67108864, e["data"]["memory"]
' || fail "events --stats after update"

R delete --force "$ID"
for c in cpuset memory pids freezer devices; do
  [ ! -e "$(cgdir $c)" ] || fail "$c cgroup left after delete"
done

# with a cgroup namespace the container sees each hierarchy from its own
# cgroup there: it is in all of them
python3 - "$T/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["linux"]["namespaces"].append({"type": "cgroup"})
json.dump(c, open(sys.argv[1], "w"))
PY
R create --bundle "$T/bundle" "$ID"
for c in memory pids cpu cpuset blkio freezer devices; do
  [ -d "$(cgdir $c)" ] || fail "cgroup namespace: no $c cgroup"
done
R delete --force "$ID"
for c in memory pids freezer devices; do
  [ ! -e "$(cgdir $c)" ] || fail "$c cgroup left after delete"
done
echo PASS
