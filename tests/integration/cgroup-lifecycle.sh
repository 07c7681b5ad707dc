#!/bin/bash
# create/update/pause/resume/ps/events/delete against the real v1 cgroups.
. "$(dirname "$0")/cgroup-lib.sh"
make_bundle '["sleep","100"]' '{"memory":{"limit":50593792,"swap":50593792},"pids":{"limit":100},"cpu":{"shares":2048,"cpus":"0"}}'
R create --bundle "$T/bundle" "$ID"
pid=$(R state "$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
grep -q ":memory:.*/$CGREL/c\$" /proc/$pid/cgroup || fail "not in the memory cgroup: $(cat /proc/$pid/cgroup)"
grep -q "^0::.*/$CGREL/c\$" /proc/$pid/cgroup || fail "not placed in cgroup2 (hybrid)"
[ "$(cat "$(cgdir memory)/memory.limit_in_bytes")" = 50593792 ] || fail "memory limit"
[ "$(cat "$(cgdir pids)/pids.max")" = 100 ] || fail "pids.max"
[ "$(cat "$(cgdir cpu)/cpu.shares")" = 2048 ] || fail "cpu.shares"

R update --memory 64m --memory-swap 128m --pids-limit 7 --cpu-quota 30000 --cpu-period 100000 "$ID"
[ "$(cat "$(cgdir memory)/memory.limit_in_bytes")" = 67108864 ] || fail "update memory"
[ "$(cat "$(cgdir memory)/memory.memsw.limit_in_bytes")" = 134217728 ] || fail "update swap"
[ "$(cat "$(cgdir pids)/pids.max")" = 7 ] || fail "update pids"
[ "$(cat "$(cgdir cpu)/cpu.cfs_quota_us")" = 30000 ] || fail "update quota"
echo '{"pids":{"limit":9}}' | R update --resources - "$ID"
[ "$(cat "$(cgdir pids)/pids.max")" = 9 ] || fail "update --resources"
R update --memory nonsense "$ID" 2>/dev/null && fail "bad --memory accepted"

R pause "$ID"
[ "$(cat "$(cgdir freezer)/freezer.state")" = FROZEN ] || fail "pause"
R pause "$ID" 2>/dev/null && fail "pausing a paused container"
R resume "$ID"
[ "$(cat "$(cgdir freezer)/freezer.state")" = THAWED ] || fail "resume"

[ "$(R ps --format json "$ID")" = "[$pid]" ] || fail "ps json: $(R ps --format json "$ID")"
R ps "$ID" | awk 'NR>1{print $2}' | grep -qx "$pid" || fail "ps table"
R events --stats "$ID" | python3 -c '
import json, sys
e = json.load(sys.stdin)
assert e["type"] == "stats" and e["id"] == sys.argv[1], e
assert e["data"]["pids"] == {"current": 1, "limit": 9}, e["data"]["pids"]
assert e["data"]["memory"]["usage"]["limit"] == 67108864, e["data"]["memory"]
assert e["data"]["cpu"]["usage"]["total"] > 0
' "$ID" || fail "events --stats"

R delete --force "$ID"
for c in memory pids cpu freezer devices; do
  [ ! -e "$(cgdir $c)" ] || fail "$c cgroup left after delete"
  [ ! -e "$(dirname "$(cgdir $c)")" ] || fail "$c parent left after delete"
done
echo PASS
