#!/bin/bash
# create / state / start / kill / delete / run / list from the outside:
# statuses, the state JSON, refusals that must change nothing, exit codes.
. "$(dirname "$0")/core-lib.sh"

config '.process.args = ["sleep", "30"] | .annotations = {"org.example.k": "v"}'
create c1 --pid-file "$T/c1.pid" || { cat "$T/c1.out" >&2; fail "create c1"; }
st=$(rt state c1) || fail "state c1"
pid=$(jq -r .pid <<<"$st")
check "state: status created" test "$(jq -r .status <<<"$st")" = created
check "state: id" test "$(jq -r .id <<<"$st")" = c1
check "state: bundle is absolute" test "$(jq -r .bundle <<<"$st")" = "$BUNDLE"
check "state: rootfs" test "$(jq -r .rootfs <<<"$st")" = "$BUNDLE/rootfs"
check "state: annotations" test "$(jq -r '.annotations["org.example.k"]' <<<"$st")" = v
check "state: runc's keys, in runc's order" \
  test "$(jq -c 'keys_unsorted' <<<"$st")" = '["ociVersion","id","pid","status","bundle","rootfs","created","owner","annotations"]'
check "pid file holds the init pid" test "$(cat "$T/c1.pid")" = "$pid"
check "init is alive on the host" test -d "/proc/$pid"
check "init is in the cgroup" grep -q "$CG_PREFIX" "/proc/$pid/cgroup"
for ns in mnt pid uts ipc net; do
  check "init has its own $ns namespace" \
    test "$(readlink "/proc/$pid/ns/$ns")" != "$(readlink "/proc/self/ns/$ns")"
done

# a duplicate create fails and changes nothing
cp "$ROOT/c1/state.json" "$T/state.before"
check "duplicate create fails" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' c1 </dev/null >'$T/dup.out' 2>&1"
check "duplicate create says the id exists" grep -q "already exists" "$T/dup.out"
check "duplicate create leaves the state as it was" cmp -s "$T/state.before" "$ROOT/c1/state.json"
check "duplicate create leaves the init running" test -d "/proc/$pid"

# delete of a created container needs --force (runtime-spec: not stopped)
check "delete of a created container is refused" bash -c "! timeout 30 '$RT' --root '$ROOT' delete c1 </dev/null 2>/dev/null"
check "refused delete changes nothing" test "$(status_of c1)" = created

check "start" rt start c1
check "status running after start" test "$(status_of c1)" = running
check "start of a running container is refused" bash -c "! timeout 30 '$RT' --root '$ROOT' start c1 </dev/null 2>/dev/null"
check "list -q shows it" test "$(rt list -q)" = c1
check "list --format json" test "$(rt list --format json | jq -r '.[0].status')" = running
check "kill KILL" rt kill c1 KILL
check "stopped after KILL" wait_status c1 stopped
check "state of a stopped container has pid 0" test "$(rt state c1 | jq .pid)" = 0
check "kill of a stopped container is refused" bash -c "! timeout 30 '$RT' --root '$ROOT' kill c1 KILL </dev/null 2>/dev/null"
check "delete of a stopped container" rt delete c1
check "state of a deleted container fails" bash -c "! timeout 30 '$RT' --root '$ROOT' state c1 </dev/null 2>/dev/null"
check "the cgroup is gone" bash -c "! grep -rqs '$CG_PREFIX' /proc/self/cgroup && ! ls -d /sys/fs/cgroup/pids/$CG_PREFIX-* /sys/fs/cgroup/pids/*/$CG_PREFIX-* 2>/dev/null | grep -q ."

# delete --force of a created container kills it and removes it
create c2 || fail "create c2"
pid2=$(rt state c2 | jq .pid)
check "delete --force of a created container" rt delete --force c2
check "its init is gone" bash -c "sleep 0.3; ! test -d /proc/$pid2 || grep -q '^State:.*Z' /proc/$pid2/status"
check "its state is gone" test ! -e "$ROOT/c2"

# a paused container reports "paused"; delete --force thaws it, kills it and
# removes it (a frozen process cannot die until thawed)
config '.process.args = ["sleep", "30"]'
create cp || fail "create cp"
rt start cp || fail "start cp"
check "pause" rt pause cp
check "state of a paused container: paused" test "$(status_of cp)" = paused
pidp=$(rt state cp | jq .pid)
check "delete without --force of a paused container fails" bash -c "! timeout 30 '$RT' --root '$ROOT' delete cp </dev/null 2>/dev/null"
check "delete --force of a paused container" rt delete --force cp
check "its init is gone" bash -c "sleep 0.3; ! test -d /proc/$pidp || grep -q '^State:.*Z' /proc/$pidp/status"
check "its state is gone" test ! -e "$ROOT/cp"

# config.json changed after create does not matter
config '.process.args = ["sh", "-c", "echo original"]'
create c3 || fail "create c3"
config '.process.args = ["sh", "-c", "echo changed"]'
rt start c3 && wait_status c3 stopped
check "the process is the one of create time" grep -qx original "$T/c3.out"
rt delete c3

# run: exit codes, deletion
config '.process.args = ["sh", "-c", "exit 3"]'
CONTAINERS="$CONTAINERS r1"
rt run --bundle "$BUNDLE" r1 >/dev/null 2>&1
check "run exits with the container's code" test $? = 3
check "run removes the container" test ! -e "$ROOT/r1"
config '.process.args = ["sleep", "30"]'
CONTAINERS="$CONTAINERS r2"
(timeout 30 "$RT" --root "$ROOT" run --bundle "$BUNDLE" r2 </dev/null >/dev/null 2>&1; echo $? >"$T/r2.rc") &
wait_status r2 running
rt kill r2 KILL
wait
check "run exits with 128+N for signal N" test "$(cat "$T/r2.rc")" = 137
check "run --detach leaves it running" rt run -d --bundle "$BUNDLE" r3
CONTAINERS="$CONTAINERS r3"
check "detached container runs" test "$(status_of r3)" = running
check "kill with a numeric signal" rt kill r3 9
wait_status r3 stopped
rt delete r3

# errors
check "an unknown command fails" bash -c "! '$RT' no-such-command 2>/dev/null"
check "an invalid id is refused" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' ../x </dev/null 2>/dev/null"
check "an error is printed once as ctrun: ..." \
  test "$(rt state nonexistent 2>&1)" = "ctrun: container nonexistent does not exist: No such file or directory"
check "--version" bash -c "'$RT' --version | head -1 | grep -q '^ctrun version '"
rt --log "$T/log.json" --log-format json state nonexistent 2>/dev/null
check "--log-format json writes runc's error line" \
  test "$(jq -r .level "$T/log.json")" = error
config '.process.args = ["no-such-program"]'
check "a missing executable fails at create" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' c4 </dev/null 2>'$T/c4.err'"
CONTAINERS="$CONTAINERS c4"
check "and says so" grep -q 'executable file not found in \$PATH' "$T/c4.err"
check "and leaves no state behind" test ! -e "$ROOT/c4"
finish
