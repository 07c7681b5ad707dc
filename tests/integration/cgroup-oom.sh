#!/bin/bash
# A container over its 16 MiB limit is OOM-killed, and `events` says so.
. "$(dirname "$0")/cgroup-lib.sh"
# the inner shell keeps 64 MiB read from the pipe in a variable (not NULs:
# the shell drops those)
make_bundle '["sh","-c","sleep 1; dd if=/dev/zero bs=1M count=64 2>/dev/null | tr \"\\\\0\" a | sh -c \"x=\\$(cat); echo survived\""]' \
  '{"memory":{"limit":16777216,"swap":16777216}}'
R create --bundle "$T/bundle" "$ID"
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
R delete "$ID"
echo PASS
