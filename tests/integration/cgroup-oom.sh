#!/bin/bash
# A container over its 16 MiB limit is OOM-killed, and `events`, `state`
# ("oomKilled": true, once stopped) and foreground `run` (stderr) say so.
. "$(dirname "$0")/cgroup-lib.sh"
# the inner shell keeps 64 MiB read from the pipe in a variable (not NULs:
# the shell drops those)
make_bundle '["sh","-c","sleep 1; dd if=/dev/zero bs=1M count=64 2>/dev/null | tr \"\\\\0\" a | sh -c \"x=\\$(cat); echo survived\""]' \
  '{"memory":{"limit":16777216,"swap":16777216}}'
R create --bundle "$T/bundle" "$ID"
R state "$ID" >"$T/state.created"
if grep -q oomKilled "$T/state.created"; then fail "oomKilled before any OOM: $(cat "$T/state.created")"; fi
R events --interval 200ms "$ID" >"$T/events" 2>"$T/events.err" &
ev=$!
sleep 0.3
R start "$ID"
for _ in $(seq 100); do
  R state "$ID" | grep -q '"stopped"' && break
  sleep 0.1
done
R state "$ID" | grep -q '"stopped"' || fail "container did not stop"
for _ in $(seq 50); do kill -0 $ev 2>/dev/null || break; sleep 0.1; done
kill $ev 2>/dev/null || true
wait $ev 2>/dev/null || true
grep -q '"type":"oom"' "$T/events" || fail "no oom event: $(cat "$T/events" "$T/events.err")"
grep -q '^oom_kill [1-9]' "$(cgdir memory)/memory.oom_control" || fail "oom_kill counter"
# state says so before delete, and keeps runc's fields as they were
R state "$ID" >"$T/state.json"
python3 - "$T/state.json" "$T/state.created" "$ID" <<'PY' || fail "state after OOM: $(cat "$T/state.json")"
import json, sys
s = json.load(open(sys.argv[1]))
c = json.load(open(sys.argv[2]))
assert s.get("oomKilled") is True, s
assert s["status"] == "stopped" and s["id"] == sys.argv[3], s
for k in ("ociVersion", "id", "bundle", "rootfs", "created"):
    assert s.get(k) == c.get(k), k
assert set(s) - set(c) == {"oomKilled"}, (sorted(s), sorted(c))
PY
R delete "$ID"

# Foreground run: the init itself holds 64 MiB (a command substitution
# accumulates in the shell), the kernel kills it and run says so on stderr.
rm -f "$T/bundle/config.json"
make_bundle '["sh","-c","x=$(dd if=/dev/zero bs=1M count=64 2>/dev/null | tr \"\\\\0\" a); echo survived"]' \
  '{"memory":{"limit":16777216,"swap":16777216}}'
rc=0
R run --bundle "$T/bundle" "$ID" >"$T/run.out" 2>"$T/run.err" </dev/null || rc=$?
if grep -q survived "$T/run.out"; then fail "the init was not OOM-killed: $(cat "$T/run.out" "$T/run.err")"; fi
[ "$rc" = 137 ] || fail "run exit code $rc, expected 137: $(cat "$T/run.err")"
grep -q "ctrun: container $ID was killed by the OOM killer" "$T/run.err" ||
  fail "no OOM message from run: $(cat "$T/run.err")"
if R state "$ID" >/dev/null 2>&1; then fail "run left the container behind"; fi

# no false alarm: a container that stays under its limit
rm -f "$T/bundle/config.json"
make_bundle '["true"]' '{"memory":{"limit":16777216,"swap":16777216}}'
R run --bundle "$T/bundle" "$ID" >"$T/run.out" 2>"$T/run.err" </dev/null || fail "run true: $(cat "$T/run.err")"
if grep -q OOM "$T/run.err"; then fail "OOM message without OOM: $(cat "$T/run.err")"; fi
echo PASS
