#!/bin/bash
# Faults during create, injected from outside (strace, a full filesystem, a
# hook that hangs, an init that dies); after each, `delete --force` (or the
# failed create itself) must leave no process, mount, cgroup or state.
#
# The runtime is SIGKILLed at each step of create with
# `strace -e inject=SYSCALL:signal=KILL:when=N`: a first traced create
# finds, in the runtime's own syscalls, the N-th call that marks the step,
# and each injected run checks that it was killed at that very call.
. "$(dirname "$0")/rel-lib.sh"
command -v strace >/dev/null || { echo "SKIP: strace missing"; exit 77; }
# (LeakSanitizer of a sanitizer build cannot work in a traced process)
ST="env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout 60 strace -qq"

# --- calibration: the runtime's syscalls during one create ---------------
config_cg "$CG_PREFIX-cal" '.process.args = ["sleep", "300"]'
CONTAINERS="$CONTAINERS cal"
$ST -o "$T/cal.trace" "$RT" --root "$ROOT" create --bundle "$BUNDLE" cal </dev/null >"$T/cal.out" 2>&1 ||
  fail "calibration create: $(cat "$T/cal.out")"
rt delete --force cal || fail "delete the calibration container"
# one syscall per line, signals and exits left out
grep -Ev '^(---|\+\+\+)' "$T/cal.trace" | sed 's/(.*//' >"$T/cal.names"
grep -Ev '^(---|\+\+\+)' "$T/cal.trace" >"$T/cal.lines"

# point REGEX NTH OFFSET: "SYSCALL WHEN" for the syscall OFFSET lines after
# the NTH line matching REGEX (WHEN: its ordinal among calls of that name)
point() {
  local line name
  line=$(grep -nE "$1" "$T/cal.lines" | sed -n "$2p" | cut -d: -f1)
  [ -n "$line" ] || return 1
  line=$((line + $3))
  name=$(sed -n "${line}p" "$T/cal.names")
  echo "$name $(head -n "$line" "$T/cal.names" | grep -cx "$name")"
}

# kill_at STEP REGEX NTH OFFSET: create with the runtime killed at STEP,
# then delete --force; nothing may be left
n=0
kill_at() {
  local step=$1 p sc when id cg init killed
  p=$(point "$2" "$3" "$4") || { check "$step: step found in the calibration trace" false; return; }
  read -r sc when <<<"$p"
  n=$((n + 1))
  id=fault$n
  cg=$CG_PREFIX-fault$n
  config_cg "$cg" '.process.args = ["sleep", "300"]'
  CONTAINERS="$CONTAINERS $id"
  # (in a subshell: bash would report the kill on our stderr)
  ($ST -o "$T/$id.trace" -e inject="$sc":signal=KILL:when="$when" \
    "$RT" --root "$ROOT" create --bundle "$BUNDLE" "$id" </dev/null >"$T/$id.out" 2>&1; true) 2>/dev/null
  killed=$(grep -Ev '^(---|\+\+\+)' "$T/$id.trace" | tail -n 1)
  check "$step: the runtime was killed at $sc #$when" \
    bash -c "grep -q '+++ killed by SIGKILL' '$T/$id.trace' && [[ '${killed%%(*}' == '$sc' ]]"
  # the init, if clone had returned
  init=$(sed -n 's/^clone3\?(.*= \([0-9][0-9]*\)$/\1/p' "$T/$id.trace" | head -n 1)
  [ -n "$init" ] && init=$(remember_pid "$init")
  # state and list must still work on the remains
  check "$step: state answers" bash -c "'$RT' --root '$ROOT' state $id >/dev/null 2>&1 || [ ! -e '$ROOT/$id/state.json' ]"
  check "$step: list answers" bash -c "'$RT' --root '$ROOT' list -q >/dev/null"
  if [ -e "$ROOT/$id" ]; then
    check "$step: delete --force succeeds" rt delete --force "$id"
  fi
  # the init dies with the runtime (PDEATHSIG) or at delete: give it a moment
  for _ in $(seq 50); do leftovers "$id" "$cg" $init >/dev/null && break; sleep 0.1; done
  check "$step: nothing left" leftovers "$id" "$cg" $init
}

kill_at "after the state directory" '^renameat2?\(.*"config\.json"' 1 0
kill_at "after the cgroup" '^mknodat\(.*exec\.fifo' 1 0
kill_at "after clone" '^clone3?\(' 1 1
# create writes the state once, with the init in its cgroup
kill_at "before the state write" '^renameat2?\(.*"state\.json"' 1 0
kill_at "after the mounts" '^(recvfrom|recvmsg)\(' 1 1
kill_at "at exit" '^exit_group\(' 1 0

# --- a full --root filesystem ---------------------------------------------
# A tmpfs with 0..4 pages free: create either works (then delete) or fails
# with ENOSPC, and leaves nothing either way.  Then too few inodes.  The
# tmpfs is mounted in a mount namespace of its own (other tests compare the
# host's mount table); the state root's contents are listed before it goes.
FULL=$T/full
mkdir -p "$FULL"
# full_try ID FREE-PAGES|- TMPFS-OPTIONS: exit status of create; its stderr
# in $T/ID.out, what the state root still holds in $T/ID.left
full_try() {
  unshare -m --propagation private bash -c '
    full=$1 rt=$2 bundle=$3 id=$4 free=$5 out=$6 left=$7
    mount -t tmpfs -o "$8" ctrun-rel "$full" || exit 90
    if [ "$free" = - ]; then
      mkdir "$full/state"
    else
      total=$(stat -f -c %b "$full")
      # fill to (total - free) blocks: dd stops at ENOSPC when asked for more
      dd if=/dev/zero of="$full/fill" bs=4096 count=$((total - free)) 2>/dev/null
    fi
    timeout 30 "$rt" --root "$full/state" create --bundle "$bundle" "$id" </dev/null >/dev/null 2>"$out"
    rc=$?
    [ $rc = 0 ] && timeout 30 "$rt" --root "$full/state" delete --force "$id" >/dev/null 2>&1
    ls -A "$full/state" >"$left" 2>/dev/null
    exit $rc' _ "$FULL" "$RT" "$BUNDLE" "$1" "$2" "$T/$1.out" "$T/$1.left" "$3"
}
config_cg "$CG_PREFIX-full" '.process.args = ["sleep", "300"]'
ok=0 enospc=0
for free in 0 1 2 3 4; do
  id=full$free
  if full_try "$id" "$free" size=64k,mode=0700; then
    ok=$((ok + 1))
  else
    grep -q "No space left on device" "$T/$id.out" && enospc=$((enospc + 1))
    check "full root, $free pages free: the error names the step" \
      grep -qE "ctrun: create container $id: .*(state|config|write|mkdir|create)" "$T/$id.out"
  fi
  check "full root, $free pages free: nothing left in the state root" test ! -s "$T/$id.left"
  check "full root, $free pages free: nothing left" leftovers "$id" "$CG_PREFIX-full"
done
check "a full root fails create with ENOSPC ($enospc times)" test "$enospc" -ge 1
check "with room, create works on the small root ($ok times)" test "$ok" -ge 1

full_try ino - size=1m,nr_inodes=4,mode=0700
check "no free inode: create fails" test $? != 0
check "no free inode: the error says so" grep -q "No space left on device" "$T/ino.out"
check "no free inode: nothing left in the state root" test ! -s "$T/ino.left"
check "no free inode: nothing left" leftovers ino "$CG_PREFIX-full"

# --- a hook that hangs is killed at its timeout ---------------------------
SH=$BUNDLE/rootfs/bin/sh
for phase in prestart createRuntime createContainer; do
  id=hang-$phase
  cg=$CG_PREFIX-$id
  # it ignores SIGTERM and records its pid; only SIGKILL ends it
  config_cg "$cg" '.process.args = ["sleep", "300"] | .hooks.'"$phase"' = [{"path": "'"$SH"'",
    "args": ["sh", "-c", "trap \"\" TERM; echo $$ > '"$T/$id.pid"'; exec '"$BUNDLE"'/rootfs/bin/sleep 300"], "timeout": 2}]'
  CONTAINERS="$CONTAINERS $id"
  start=$(date +%s)
  check "$phase hook that hangs: create fails" \
    bash -c "! timeout 60 '$RT' --root '$ROOT' create --bundle '$BUNDLE' $id </dev/null 2>'$T/$id.err'"
  took=$(( $(date +%s) - start ))
  check "$phase hook that hangs: create returns at the timeout (${took}s)" test "$took" -ge 2 -a "$took" -lt 20
  check "$phase hook that hangs: the error names the hook and the timeout" \
    grep -qE "hooks\.$phase\[0\].*timeout of 2s" "$T/$id.err"
  hook=$(cat "$T/$id.pid" 2>/dev/null)
  check "$phase hook that hangs: the hook is dead" bash -c "[ -n '$hook' ] && ! kill -0 '$hook' 2>/dev/null"
  check "$phase hook that hangs: nothing left" leftovers "$id" "$cg"
done

# --- the init dies during create ------------------------------------------
# killed from outside while it sets up its root (pivot_root is the init's),
# and killed by a createRuntime hook that reads its pid from the state
id=init-dies
config_cg "$CG_PREFIX-$id" '.process.args = ["sleep", "300"]'
CONTAINERS="$CONTAINERS $id"
check "init killed during its setup: create fails" \
  bash -c "! $ST -f -o /dev/null -e inject=pivot_root:signal=KILL '$RT' --root '$ROOT' create --bundle '$BUNDLE' $id </dev/null 2>'$T/$id.err'"
# (the status is not always collected yet when the init's socket closes:
# "exited early (exited)" is then all the runtime can say)
check "init killed during its setup: reported" grep -qE "the container's (init|process) exited early" "$T/$id.err"
check "init killed during its setup: nothing left" leftovers "$id" "$CG_PREFIX-$id"

id=init-killed
config_cg "$CG_PREFIX-$id" '.process.args = ["sleep", "300"] | .hooks.createRuntime = [{"path": "'"$SH"'",
  "args": ["sh", "-c", "kill -9 $(sed -n \"s/.*\\\"pid\\\": *\\([0-9]*\\).*/\\1/p\")"]}]'
CONTAINERS="$CONTAINERS $id"
check "init killed by a hook: create fails" \
  bash -c "! timeout 60 '$RT' --root '$ROOT' create --bundle '$BUNDLE' $id </dev/null 2>'$T/$id.err'"
check "init killed by a hook: reported" grep -qE "(init|process) exited early|init.*(died|killed)" "$T/$id.err"
check "init killed by a hook: nothing left" leftovers "$id" "$CG_PREFIX-$id"

finish
