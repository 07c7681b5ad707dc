#!/bin/bash
# Concurrency: many runtimes on one id or one root at once.
#   - 50 parallel creates of one id: exactly one succeeds, the others say
#     the id is taken, and the winner's container is whole;
#   - 50 parallel kill, delete and state calls on one container: no crash,
#     every state printed is consistent, and delete --force leaves nothing;
#   - 200 containers created and deleted from 4 processes: nothing left.
. "$(dirname "$0")/rel-lib.sh"

# no_crash DIR: no runtime in DIR/*.rc died of a signal or a sanitizer
no_crash() {
  local f bad=0
  for f in "$1"/*.rc; do
    if [ "$(cat "$f")" -ge 124 ]; then
      echo "  $(basename "$f" .rc): exit $(cat "$f"): $(head -c 300 "${f%.rc}.err")"
      bad=1
    fi
  done
  if grep -lE "Sanitizer|runtime error|Segmentation|Aborted|double free" "$1"/*.err 2>/dev/null; then
    bad=1
  fi
  return $bad
}

# --- 50 creates of one id ---------------------------------------------------
config_cg "$CG_PREFIX-same" '.process.args = ["sleep", "300"]'
CONTAINERS="$CONTAINERS same"
D=$T/same
mkdir -p "$D"
for i in $(seq 50); do
  (timeout 120 "$RT" --root "$ROOT" create --bundle "$BUNDLE" same </dev/null >"$D/$i.out" 2>"$D/$i.err"
   echo $? >"$D/$i.rc") &
done
wait
won=$(grep -lx 0 "$D"/*.rc | wc -l)
taken=$(grep -l "container with id same already exists" "$D"/*.err | wc -l)
check "50 creates of one id: exactly one succeeds ($won)" test "$won" = 1
check "50 creates of one id: the 49 others say the id is taken ($taken)" test "$taken" = 49
check "50 creates of one id: no crash" no_crash "$D"
check "50 creates of one id: the container is created" test "$(status_of same)" = created
init=$(remember_pid "$(rt state same | jq -r .pid)")
check "50 creates of one id: one cgroup" test "$(cgroup_dirs "$CG_PREFIX-same" | grep -c /pids/)" -le 1
rt delete --force same
check "50 creates of one id: delete --force leaves nothing" leftovers same "$CG_PREFIX-same" "$init"

# --- 50 kill, delete and state calls on one container -----------------------
config_cg "$CG_PREFIX-busy" '.process.args = ["sleep", "300"]'
create busy || fail "create busy: $(cat "$T/busy.out")"
rt start busy || fail "start busy"
init=$(remember_pid "$(rt state busy | jq -r .pid)")
D=$T/busy
mkdir -p "$D"
for i in $(seq 50); do
  case $((i % 5)) in
  0) args="kill busy KILL" ;;
  1) args="kill busy TERM" ;;
  2) args="delete busy" ;;
  3) args="delete --force busy" ;;
  *) args="state busy" ;;
  esac
  # shellcheck disable=SC2086
  (timeout 120 "$RT" --root "$ROOT" $args </dev/null >"$D/$i.out" 2>"$D/$i.err"
   echo $? >"$D/$i.rc") &
done
wait
check "50 kill/delete/state: no crash" no_crash "$D"
# every state that was printed is whole and agrees with itself
bad_state=0
for i in $(seq 4 5 50); do
  [ "$(cat "$D/$i.rc")" = 0 ] || continue
  jq -e '.id == "busy" and
         ((.status == "running" and .pid > 0) or (.status == "stopped" and .pid == 0))' \
    "$D/$i.out" >/dev/null || { echo "  state $i: $(cat "$D/$i.out")"; bad_state=1; }
done
check "50 kill/delete/state: every state printed is consistent" test $bad_state = 0
# the failures say why, naming the container
bad_err=0
for f in "$D"/*.rc; do
  [ "$(cat "$f")" = 0 ] && continue
  grep -qE "busy" "${f%.rc}.err" || { echo "  ${f%.rc}: $(cat "${f%.rc}.err")"; bad_err=1; }
done
check "50 kill/delete/state: each failure names the container" test $bad_err = 0
deleted=$(for i in $(seq 3 5 50); do cat "$D/$i.rc"; done | grep -cx 0)
check "50 kill/delete/state: one delete --force removed it ($deleted)" test "$deleted" -ge 1
check "50 kill/delete/state: the container is gone" bash -c "! '$RT' --root '$ROOT' state busy >/dev/null 2>&1"
check "50 kill/delete/state: nothing left" leftovers busy "$CG_PREFIX-busy" "$init"

# --- 200 containers from 4 processes ----------------------------------------
config '.process.args = ["sleep", "300"]'
# each container gets its own cgroup: the worker rewrites cgroupsPath
D=$T/many
mkdir -p "$D"
worker() {
  local w=$1 i id b=$T/bundle-$1 bad=0
  mkdir -p "$b"
  ln -s "$BUNDLE/rootfs" "$b/rootfs"
  for i in $(seq 50); do
    id=m$w-$i
    jq --arg cg "$CG_PREFIX-$id" '.linux.cgroupsPath = $cg | .root.path = "'"$BUNDLE"'/rootfs"' \
      "$BUNDLE/config.json" >"$b/config.json"
    timeout 60 "$RT" --root "$ROOT" create --bundle "$b" "$id" </dev/null >>"$D/$w.err" 2>&1 ||
      { echo "create $id failed" >>"$D/$w.err"; bad=1; }
    timeout 60 "$RT" --root "$ROOT" delete --force "$id" </dev/null >>"$D/$w.err" 2>&1 ||
      { echo "delete $id failed" >>"$D/$w.err"; bad=1; }
  done
  echo $bad >"$D/$w.rc"
}
for w in 1 2 3 4; do worker $w & done
wait
for w in 1 2 3 4; do
  check "200 containers: worker $w created and deleted its 50" test "$(cat "$D/$w.rc")" = 0 ||
    head -n 5 "$D/$w.err" >&2
done
check "200 containers: list is empty" test -z "$(rt list -q)"
check "200 containers: the state root is empty" test -z "$(ls -A "$ROOT")"
check "200 containers: no cgroup left" test -z "$(cgroup_dirs "$CG_PREFIX-m*")"

finish
