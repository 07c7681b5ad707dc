#!/bin/bash
# Hooks: the order of the six phases, the state JSON on stdin, failure
# semantics (prestart tears the container down; poststart/poststop only
# warn), and the timeout.
. "$(dirname "$0")/core-lib.sh"

SH=$BUNDLE/rootfs/bin/sh
LOG=$T/hooks.log
hook() { # hook NAME [EXTRA-SHELL]: appends NAME and the status it was given
  jq -n --arg sh "$SH" --arg s "echo $1 \$(cat | tr -d '\n ' | sed 's/.*\"status\":\"\\([a-z]*\\)\".*/\\1/') >> $LOG; ${2:-}" \
    '{path: $sh, args: ["sh", "-c", $s]}'
}
hooks_json=$(jq -n \
  --argjson pre "$(hook prestart)" --argjson cr "$(hook createRuntime)" \
  --argjson cc "$(hook createContainer)" \
  --argjson sc '{"path": "/bin/sh", "args": ["sh", "-c", "echo startContainer-in-container >> /marker"]}' \
  --argjson ps "$(hook poststart)" --argjson pst "$(hook poststop)" \
  '{prestart: [$pre], createRuntime: [$cr], createContainer: [$cc], startContainer: [$sc],
    poststart: [$ps], poststop: [$pst]}')
config '.root.readonly = false | .process.args = ["sh", "-c", "echo process >> /marker"] | .hooks = '"$hooks_json"
create h1 || fail "create h1: $(cat "$T/h1.out")"
check "create runs prestart, createRuntime, createContainer in order" \
  test "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "prestart createRuntime createContainer "
check "create-time hooks get status creating on stdin" \
  test "$(cut -d' ' -f2 "$LOG" | sort -u)" = creating
rt start h1 || fail "start h1"
check "poststart has run when start returns" grep -qx "poststart running" "$LOG"
wait_status h1 stopped
check "startContainer runs in the container, before the process" \
  test "$(cat "$BUNDLE/rootfs/marker")" = "startContainer-in-container
process"
check "poststop not before delete" bash -c "! grep -q poststop '$LOG'"
rt delete h1
check "poststop runs at delete with status stopped" grep -qx "poststop stopped" "$LOG"

# a hook gets the whole state: id, pid, bundle
config '.process.args = ["true"] | .hooks.prestart = [{"path": "'"$SH"'", "args": ["sh", "-c", "cat > '"$T"'/stdin.json"]}]'
create h2 || fail "create h2"
check "prestart stdin is the state JSON" test "$(jq -r .id "$T/stdin.json")" = h2
check "prestart stdin has the init pid" test "$(jq -r .pid "$T/stdin.json")" = "$(rt state h2 | jq -r .pid)"
check "prestart stdin has the bundle" test "$(jq -r .bundle "$T/stdin.json")" = "$BUNDLE"
rt delete --force h2

# a failing prestart hook: create fails and leaves nothing
config '.process.args = ["true"] | .hooks.prestart = [{"path": "'"$BUNDLE"'/rootfs/bin/false", "args": ["false"]}]'
check "failing prestart fails create" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' h3 </dev/null 2>'$T/h3.err'"
CONTAINERS="$CONTAINERS h3"
check "the error names the hook" grep -q 'hooks.prestart\[0\]' "$T/h3.err"
check "no state is left" test ! -e "$ROOT/h3"
check "no cgroup is left" bash -c "! ls -d /sys/fs/cgroup/pids/$CG_PREFIX-* /sys/fs/cgroup/pids/*/$CG_PREFIX-* 2>/dev/null | grep -q ."

# a hook past its timeout is killed and fails create
config '.process.args = ["true"] | .hooks.createRuntime = [{"path": "'"$SH"'", "args": ["sh", "-c", "sleep 20"], "timeout": 1}]'
start=$(date +%s)
check "a hook past its timeout fails create" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' h4 </dev/null 2>'$T/h4.err'"
CONTAINERS="$CONTAINERS h4"
check "after about the timeout" test $(( $(date +%s) - start )) -lt 5
check "the error says timeout" grep -q timeout "$T/h4.err"

# failing poststart/poststop only warn and the next hooks still run
: >"$LOG"
config '.process.args = ["true"] | .hooks.poststart = [{"path": "'"$BUNDLE"'/rootfs/bin/false"}, '"$(hook poststart2)"']
  | .hooks.poststop = [{"path": "'"$BUNDLE"'/rootfs/bin/false"}, '"$(hook poststop2)"']'
create h5 || fail "create h5"
check "failing poststart: start succeeds" rt start h5
wait_status h5 stopped
check "failing poststop: delete succeeds" rt delete h5
check "the remaining hooks ran" test "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "poststart2 poststop2 "

# a hook may ask the runtime for the state while create holds the lock
config '.process.args = ["true"] | .hooks.createRuntime = [{"path": "'"$RT"'", "args": ["ctrun", "--root", "'"$ROOT"'", "state", "h6"], "timeout": 10}]'
: >"$LOG"
check "a hook running ctrun state does not deadlock create" create h6
rt delete --force h6
finish
