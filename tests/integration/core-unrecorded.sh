#!/bin/bash
# create writes the state once, when the init is in its cgroup.  A create
# that dies before that leaves a state directory without state.json (and
# maybe its cgroup): delete --force removes both, and the id can be used
# again.  The crash is made by hand: the init killed, state.json removed.
. "$(dirname "$0")/core-lib.sh"

config '.process.args = ["sleep", "30"]'
cg=$(jq -r .linux.cgroupsPath "$BUNDLE/config.json")
create u1 --pid-file "$T/u1.pid" || { cat "$T/u1.out" >&2; fail "create u1"; }
pid=$(cat "$T/u1.pid")
# the container's own cgroup directories, as the init sees them
dirs=$(awk -F: -v cg="$cg" '{c=$2; sub(/^name=/, "", c); if (c == "") c = "unified";
  if ($3 ~ ("/" cg "$")) print "/sys/fs/cgroup/" c $3}' "/proc/$pid/cgroup")
[ -n "$dirs" ] || fail "no cgroup of u1 in /proc/$pid/cgroup"
kill -9 "$pid"
for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
rm "$ROOT/u1/state.json"

check "state of the unrecorded container: does not exist" \
  bash -c "! timeout 30 '$RT' --root '$ROOT' state u1 </dev/null 2>/dev/null"
check "delete without --force leaves it" \
  bash -c "! timeout 30 '$RT' --root '$ROOT' delete u1 </dev/null 2>/dev/null"
check "the directory is still there" test -d "$ROOT/u1"
check "delete --force of it succeeds" rt delete --force u1
check "its state directory is gone" test ! -e "$ROOT/u1"
for d in $dirs; do
  check "its cgroup $d is gone" test ! -e "$d"
done
check "delete --force of an id that never existed succeeds (as runc's)" rt delete --force nosuch
check "the id can be created again" create u1
finish
