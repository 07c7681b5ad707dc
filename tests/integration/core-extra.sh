#!/bin/bash
# Runtime features without a test elsewhere: the time namespace with
# linux.timeOffsets, systemd socket activation (LISTEN_FDS/LISTEN_PID), and
# an apparmorProfile / selinuxLabel asked for on a host without that LSM.
. "$(dirname "$0")/core-lib.sh"

# --- time namespace: the offsets move boottime (seen in /proc/uptime) -------
if [ -e /proc/self/ns/time ]; then
  config '.process.args = ["sh", "-c", "echo up=$(cut -d\" \" -f1 /proc/uptime); echo ns=$(readlink /proc/self/ns/time)"]
    | .linux.namespaces += [{"type": "time"}]
    | .linux.timeOffsets = {"boottime": {"secs": 86400, "nanosecs": 0}, "monotonic": {"secs": 3600, "nanosecs": 0}}'
  host_up=$(cut -d' ' -f1 /proc/uptime)
  run_inside t1 || fail "run t1: $(cat "$T/t1.out")"
  in_up=$(sed -n 's/^up=//p' "$T/t1.out")
  in_ns=$(sed -n 's/^ns=//p' "$T/t1.out")
  check "boottime offset: uptime inside ($in_up) >= host ($host_up) + 86400 - 5" \
    awk -v i="${in_up:-0}" -v h="$host_up" 'BEGIN { exit !(i + 0 >= h + 86400 - 5) }'
  check "boottime offset: not more than a minute too far" \
    awk -v i="${in_up:-0}" -v h="$host_up" 'BEGIN { exit !(i + 0 < h + 86400 + 60) }'
  check "a new time namespace ($in_ns)" \
    bash -c "[ -n '$in_ns' ] && [ '$in_ns' != '$(readlink /proc/self/ns/time)' ]"
  rt delete t1
else
  echo "skip: no time namespaces on this kernel"
fi

# --- LISTEN_FDS ---------------------------------------------------------------
# As runc does: when LISTEN_PID is the runtime's own pid, its LISTEN_FDS fds
# (from 3 on) are passed on before the --preserve-fds ones, and the process
# sees LISTEN_FDS=n and LISTEN_PID=1. `exec` keeps the pid that $$ names.
config '.process.args = ["sh", "-c", "echo fds=$(ls /proc/self/fd | sort -n | tr \"\\n\" \" \"); env | grep ^LISTEN_ | sort"]'
# `timeout` forks, so LISTEN_PID=$$ names timeout, not ctrun: run ctrun directly
listen_run() { # listen_run ID self|other|hole CTRUN-RUN-ARGS... (hole: self, fd 5 closed)
  local id=$1 mode=$2; shift 2
  CONTAINERS="$CONTAINERS $id"
  timeout 30 bash -c 'mode=$1; shift
    if [ "$mode" = hole ]; then exec 5<&-; mode=self; fi
    if [ "$mode" = self ]; then export LISTEN_PID=$$; else export LISTEN_PID=1; fi
    export LISTEN_FDS=2; exec "$@"' _ "$mode" \
    "$RT" --root "$ROOT" run --bundle "$BUNDLE" "$@" "$id" \
    </dev/null >"$T/$id.out" 2>&1 3</etc/hostname 4</etc/hostname 5</etc/hostname
}

listen_run l1 self || fail "run l1: $(cat "$T/l1.out")"
check "LISTEN_FDS=2 inside" grep -qx 'LISTEN_FDS=2' "$T/l1.out"
check "LISTEN_PID=1 inside" grep -qx 'LISTEN_PID=1' "$T/l1.out"
check "fds 3 and 4 passed, 5 not" grep -Eq '^fds=0 1 2 3 4 [0-9]+$' "$T/l1.out"
rt delete l1 2>/dev/null

listen_run l2 self --preserve-fds 1 || fail "run l2: $(cat "$T/l2.out")"
check "with --preserve-fds 1: LISTEN_FDS=2" grep -qx 'LISTEN_FDS=2' "$T/l2.out"
check "with --preserve-fds 1: fds 3, 4 and 5 passed" grep -Eq '^fds=0 1 2 3 4 5 [0-9]+$' "$T/l2.out"
rt delete l2 2>/dev/null

listen_run l3 other --preserve-fds 2 || fail "run l3: $(cat "$T/l3.out")"
check "LISTEN_PID of another process: no LISTEN_ variables inside" bash -c "! grep -q '^LISTEN_' '$T/l3.out'"
check "LISTEN_PID of another process: only the --preserve-fds 2 fds" grep -Eq '^fds=0 1 2 3 4 [0-9]+$' "$T/l3.out"
rt delete l3 2>/dev/null

# a hole in the LISTEN_FDS range must not be filled with an fd of the runtime
# (its state root would reach the container): refused, nothing left
refused() { ! "$@"; }
check "a closed fd in the LISTEN_FDS range is refused" refused listen_run l4 hole --preserve-fds 1
check "and the error names LISTEN_FDS and fd 5 ($(head -c 200 "$T/l4.out"))" grep -q 'LISTEN_FDS=2: fd 5 ' "$T/l4.out"
check "and no state is left" test -z "$(rt list -q 2>/dev/null)"

# --- an LSM label on a host without that LSM: refused, nothing left ---------
lsm_refused() { # lsm_refused ID LSM-WORD JQ-FILTER
  local id=$1 word=$2
  config '.process.args = ["true"] | '"$3"
  CONTAINERS="$CONTAINERS $id"
  check "$id: create fails" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' $id </dev/null >'$T/$id.err' 2>&1"
  check "$id: the error mentions $word ($(head -c 200 "$T/$id.err"))" grep -qi "$word" "$T/$id.err"
  check "$id: no state left (list is empty)" test -z "$(rt list -q 2>/dev/null)"
  check "$id: no state directory left" test ! -e "$ROOT/$id"
}
if [ -r /sys/module/apparmor/parameters/enabled ] && grep -q Y /sys/module/apparmor/parameters/enabled; then
  echo "skip: AppArmor is enabled here"
else
  lsm_refused a1 apparmor '.process.apparmorProfile = "foo"'
fi
if [ -e /sys/fs/selinux/enforce ]; then
  echo "skip: SELinux is enabled here"
else
  lsm_refused s1 selinux '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
fi
finish
