#!/bin/bash
# podman with the runtime under test: resources (memory and OOM, pids, cpu,
# cpuset, update, stats) and the lifecycle (ps, top, stop, kill,
# pause/unpause, restart, wait, logs, rm -f, parallel runs).
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/podman-lib.sh"
podman_setup_image
N="--network none"
# cgfile NAME CONTROLLER FILE: a cgroup file of the container, from outside
cgfile() { cat "/sys/fs/cgroup/$2$(config_of "$1" | jq -r .linux.cgroupsPath)/$3"; }
v1=false
[ -d /sys/fs/cgroup/memory ] && ! [ -f /sys/fs/cgroup/cgroup.controllers ] && v1=true

# --- resources ---------------------------------------------------------------
if $v1; then
  prun -d --name res $N -m 64m --memory-reservation 32m --pids-limit 10 --cpus 0.5 --cpu-shares 512 \
    --cpuset-cpus 0 "$IMAGE" sleep 60 >/dev/null
  check "memory limit (host side)" expect_eq v 67108864 "$(cgfile res memory memory.limit_in_bytes)"
  check "memory reservation" expect_eq v 33554432 "$(cgfile res memory memory.soft_limit_in_bytes)"
  check "pids limit" expect_eq v 10 "$(cgfile res pids pids.max)"
  check "cpu quota and period (--cpus 0.5)" expect_eq v "50000 100000" \
    "$(cgfile res cpu cpu.cfs_quota_us) $(cgfile res cpu cpu.cfs_period_us)"
  check "cpu shares" expect_eq v 512 "$(cgfile res cpu cpu.shares)"
  check "cpuset" expect_eq v 0 "$(cgfile res cpuset cpuset.cpus)"
  check "cpuset: the init's affinity" expect_eq v 0 "$(awk '/^Cpus_allowed_list/ {print $2}' /proc/"$(pid_of res)"/status)"
  out=$(nsenter -t "$(pid_of res)" -m cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max)
  check "limits seen from inside (/sys/fs/cgroup is the container's own)" expect_eq out "67108864
10" "$out"

  # stats (podman takes the limit from its own record, even after update)
  st=$(pm stats --no-stream --format json res)
  check "stats: memory limit" expect_match out '/ 67\.11MB$' "$(jq -r '.[0].mem_usage' <<<"$st")"
  check "stats: pids" expect_eq out 1 "$(jq -r '.[0].pids' <<<"$st")"
  check "stats: cpu time" expect_match out '[0-9]' "$(jq -r '.[0].cpu_time' <<<"$st")"
  # update (podman update -> runtime update --resources)
  check "update" q pm update --memory 128m --cpus 1.5 --cpu-shares 256 res
  check "update: memory" expect_eq v 134217728 "$(cgfile res memory memory.limit_in_bytes)"
  check "update: cpu quota" expect_eq v 150000 "$(cgfile res cpu cpu.cfs_quota_us)"
  check "update: cpu shares" expect_eq v 256 "$(cgfile res cpu cpu.shares)"
  check "update: the pids limit is kept" expect_eq v 10 "$(cgfile res pids pids.max)"

  pm rm -f -t 0 res >/dev/null
fi



if $v1; then
  prun -d --name upd2 $N "$IMAGE" sleep 60 >/dev/null
  check "update --cpuset-cpus of a container started without" q pm update --cpuset-cpus 0 --memory 96m upd2
  check "update: the init's affinity follows" expect_eq v 0 "$(awk '/^Cpus_allowed_list/ {print $2}' /proc/"$(pid_of upd2)"/status)"
  check "update: cpuset.cpus" expect_eq v 0 "$(cgfile upd2 cpuset cpuset.cpus)"
  check "update: memory" expect_eq v 100663296 "$(cgfile upd2 memory memory.limit_in_bytes)"
  pm rm -f -t 0 upd2 >/dev/null
fi

out=$(prun --rm $N --pids-limit 5 "$IMAGE" sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 5 & done 2>&1 | grep -c "can.t fork"; kill $(jobs -p) 2>/dev/null; true')
check "pids limit enforced" expect_match out '^[1-9]' "$out"

# OOM: the init killed -> 137; a child killed -> the init lives on, and the
# kernel counted the kill in the container's memory cgroup
prun --name oom1 $N -m 32m --memory-swap 32m "$IMAGE" sh -c 'x=a; while true; do x=$x$x; done'
check "OOM kill of the init: exit code 137" expect_eq rc 137 $?
pm rm oom1 >/dev/null
if $v1; then
  prun -d --name oom2 $N -m 32m --memory-swap 32m "$IMAGE" sh -c 'tail /dev/zero; echo child-killed; sleep 60' >/dev/null
  for _ in $(seq 50); do pm logs oom2 2>/dev/null | grep -q child-killed && break; sleep 0.2; done
  check "OOM kill of a child: the init survives" expect_eq state running "$(pm inspect -f '{{.State.Status}}' oom2)"
  check "OOM kill of a child: counted in the container's memory cgroup" expect_match v 'oom_kill [1-9]' \
    "$(cgfile oom2 memory memory.oom_control)"
  pm rm -f -t 0 oom2 >/dev/null
fi

# --- lifecycle ---------------------------------------------------------------
prun -d --name life $N "$IMAGE" sh -c 'trap "echo got-usr1" USR1; trap "echo got-term; exit 3" TERM; echo started; while true; do sleep 0.1; done' >/dev/null
check "ps: running" expect_match out '^Up ' "$(pm ps --filter name=life --format '{{.Status}}')"
check "top: the container's processes" expect_match out 'sh' "$(pm top life pid comm | sed -n 2p)"
pm kill -s USR1 life >/dev/null
sleep 0.5
check "kill -s USR1: the trap ran" expect_match out 'got-usr1' "$(pm logs life)"
pm pause life >/dev/null
check "pause: state paused" expect_eq state paused "$(pm inspect -f '{{.State.Status}}' life)"
$v1 && check "pause: the freezer cgroup is FROZEN" expect_eq v FROZEN "$(cgfile life freezer freezer.state)"
pid=$(pid_of life)
check "pause: the init is stopped in the freezer" expect_match v 'D|S' "$(awk '{print $3}' /proc/"$pid"/stat)"
pm unpause life >/dev/null
check "unpause: state running" expect_eq state running "$(pm inspect -f '{{.State.Status}}' life)"
$v1 && check "unpause: THAWED" expect_eq v THAWED "$(cgfile life freezer freezer.state)"
start=$(date +%s%N)
pm stop -t 10 life >/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "stop: SIGTERM handled, exit code 3" expect_eq rc 3 "$(pm inspect -f '{{.State.ExitCode}}' life)"
check "stop: without waiting for the timeout (${ms} ms)" test "$ms" -lt 5000
check "logs: stdout in order" expect_eq out "started
got-usr1
got-term" "$(pm logs life)"
check "ps -a: exited" expect_match out '^Exited \(3\)' "$(pm ps -a --filter name=life --format '{{.Status}}')"
check "start an exited container again" q pm start life
check "restarted: running" expect_eq state running "$(pm inspect -f '{{.State.Status}}' life)"
pm rm -f -t 0 life >/dev/null

# stop: SIGTERM ignored (sleep as pid 1) -> SIGKILL after the timeout
prun -d --name stubborn $N "$IMAGE" sleep 60 >/dev/null
start=$(date +%s%N)
pm stop -t 2 stubborn >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "stop -t 2 of a process ignoring SIGTERM: SIGKILL after 2 s (${ms} ms)" test "$ms" -ge 1900 -a "$ms" -lt 8000
check "stop -t 2: exit code 137" expect_eq rc 137 "$(pm inspect -f '{{.State.ExitCode}}' stubborn)"
pm rm stubborn >/dev/null
prun -d --name stopsig $N --stop-signal USR1 "$IMAGE" sh -c 'trap "exit 10" USR1; while true; do sleep 0.1; done' >/dev/null
sleep 0.3
pm stop stopsig >/dev/null
check "--stop-signal USR1" expect_eq rc 10 "$(pm inspect -f '{{.State.ExitCode}}' stopsig)"
pm rm stopsig >/dev/null

# kill (KILL by default), restart, wait, rm -f
prun -d --name k $N "$IMAGE" sleep 60 >/dev/null
pm kill k >/dev/null
check "kill: SIGKILL by default, exit code 137" expect_eq rc 137 "$(pm wait k)"
pm rm k >/dev/null
prun -d --name rs $N "$IMAGE" sleep 60 >/dev/null
pid1=$(pid_of rs)
check "restart" q pm restart -t 0 rs
pid2=$(pid_of rs)
check "restart: a new init" test "$pid1" != "$pid2" -a -n "$pid2" -a "$pid2" != 0
check "restart: running" expect_eq state running "$(pm inspect -f '{{.State.Status}}' rs)"
pid=$(pid_of rs)
check "rm -f of a running container" q pm rm -f -t 0 rs
check "rm -f: the process is gone" test ! -d "/proc/$pid"
check "rm -f: the container is gone" expect_eq n 0 "$(pm ps -a -q --filter name=rs | wc -l)"
prun -d --name w $N "$IMAGE" sh -c 'sleep 1; exit 7' >/dev/null
check "wait: the exit code" expect_eq rc 7 "$(pm wait w)"
pm rm w >/dev/null
prun -d --name rp --restart on-failure:2 $N "$IMAGE" sh -c 'echo run; exit 1' >/dev/null
for _ in $(seq 50); do [ "$(pm inspect -f '{{.RestartCount}} {{.State.Status}}' rp)" = "2 exited" ] && break; sleep 0.2; done
check "--restart on-failure:2: two restarts" expect_eq out "2 exited" "$(pm inspect -f '{{.RestartCount}} {{.State.Status}}' rp)"
check "--restart on-failure:2: three runs logged" expect_eq n 3 "$(pm logs rp | grep -c run)"
pm rm rp >/dev/null

# logs: stdout and stderr, --tail, -f until the container ends
prun -d --name lg $N "$IMAGE" sh -c 'echo out1; echo err1 >&2; sleep 1; echo out2' >/dev/null
check "logs -f: follows until the end" expect_eq out "out1
err1
out2" "$(timeout -k 10 30 podman --root "$P/store" --runroot "$P/run" --storage-driver vfs --cgroup-manager cgroupfs --runtime ctrun logs -f lg 2>&1)"
check "logs --tail 1" expect_eq out out2 "$(pm logs --tail 1 lg)"
check "logs: stderr apart" expect_eq out err1 "$(pm logs lg 2>&1 >/dev/null)"
pm rm lg >/dev/null

# parallel runs
for i in 1 2 3 4 5 6; do
  prun --rm $N "$IMAGE" sh -c "echo par-$i" >"$T/par.$i" 2>&1 &
done
wait
out=$(cat "$T"/par.* | sort | tr '\n' ' ')
check "6 parallel runs" expect_eq out "par-1 par-2 par-3 par-4 par-5 par-6 " "$out"
check "nothing left running" expect_eq n 0 "$(pm ps -q | wc -l)"

podman_finish
