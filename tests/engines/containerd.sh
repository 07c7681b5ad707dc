#!/bin/bash
# containerd 1.6 (ctr, the runc v2 shim) with the runtime under test: run,
# exit codes, env and cwd, tty, create/start, ps, pause/resume, kill,
# memory and cpu limits, the shim's report of a runtime failure.
ENGINES_SANITIZER_SUBSET=yes # also under the sanitizer build (see lib.sh)
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/containerd-lib.sh"
trap containerd_stop EXIT
containerd_start
containerd_setup_image
# cgfile ID CONTROLLER FILE: a cgroup file of a task, from outside
cgfile() { cat "/sys/fs/cgroup/$2$(ctrd container info "$1" | jq -r .Spec.linux.cgroupsPath)/$3"; }
status() { ctrd task ls | awk -v id="$1" '$1 == id {print $3}'; }
v1=false
[ -d /sys/fs/cgroup/memory ] && ! [ -f /sys/fs/cgroup/cgroup.controllers ] && v1=true

check "run: output" expect_eq out hello "$(crun_ r1 --rm -- echo hello)"
crun_ r2 --rm -- sh -c 'exit 42'
check "run: exit code 42" expect_eq rc 42 $?
check "run --rm: the container is gone" expect_eq n 0 "$(ctrd container ls -q | wc -l)"
out=$(crun_ r3 --rm --env FOO=bar --cwd /tmp -- sh -c 'echo $FOO $IMGVAR; pwd')
check "run: env (--env and the image's) and cwd" expect_eq out "bar from-image
/tmp" "$out"
allcg="cut -d: -f3 /proc/self/cgroup | sort -u"
out=$(crun_ r4 --rm -- sh -c "id -u; $allcg")
check "run: root, in the cgroup /<namespace>/<id>" expect_eq out "0
/$CTRD_NS/r4" "$out"
out=$(crun_ r5 --rm --cgroup relative-cg/r5 -- sh -c "$allcg")
check "run --cgroup with a relative path: under the runtime's cgroup (the shim's)" expect_eq out /relative-cg/r5 "$out"
# (ctr does not close the task's stdin at EOF: head, not cat)
check "run: stdin" expect_eq out stdin-data "$(echo stdin-data | ctrd run --runc-binary "$T/bin/runtime" --rm "$CTRD_IMAGE" r6 head -n1)"

# --runc-systemd-cgroup: the runtime gets --systemd-cgroup and a
# "slice:prefix:name" cgroupsPath.  runc asks systemd over D-Bus (there is
# none here); ctrun maps it to the cgroupfs path <slice>/<prefix>-<name>.scope
if [ "$RTNAME" != runc ]; then
  out=$(crun_ sd1 --rm --runc-systemd-cgroup --cgroup ctrtest.slice:ctr:sd1 -- sh -c "$allcg")
  check "--runc-systemd-cgroup (--systemd-cgroup): slice:prefix:name" expect_eq out /ctrtest.slice/ctr-sd1.scope "$out"
fi

# a tty: ctr wants one on its own stdin (script gives it one); ctr writes a
# NUL to it, echoed as ^@, and may complain that a resize came after the end
out=$(timeout -k 10 60 script -qec "ctr -a $C/containerd.sock -n $CTRD_NS run --runc-binary $T/bin/runtime --rm -t $CTRD_IMAGE t1 sh -c 'tty; stty rows 20 cols 70; stty size; exit 3'" /dev/null </dev/null | tr -d '\r' | sed 's/\^@//g' | grep -v 'resize pty')
check "run -t: a terminal, window size ioctls" expect_eq out "/dev/pts/0
20 70" "$out"
timeout -k 10 60 script -qec "ctr -a $C/containerd.sock -n $CTRD_NS run --runc-binary $T/bin/runtime --rm -t $CTRD_IMAGE t2 sh -c 'exit 3'" /dev/null </dev/null >/dev/null
check "run -t: exit code" expect_eq rc 3 $?

# a failing runtime: the shim reads its JSON log lines (--log, --log-format
# json) and ctr shows the message
out=$(crun_ f1 --rm -- /nonexistent 2>&1)
check "run of a missing command fails" expect_match out 'OCI runtime create failed' "$out"
check "the runtime's error reaches ctr through the JSON log" expect_match out '/nonexistent.*[Nn]o such file or directory' "$out"
ctrd container rm f1 >/dev/null 2>&1
check "nothing left after a failed create" expect_eq n 0 "$(ctrd container ls -q | wc -l)"

# create, then start (ctr container create + task start -d)
ctrd container create --env X=from-create "$CTRD_IMAGE" cs1 -- sh -c 'echo $X; exit 5' >/dev/null ||
  fail "container create"
out=$(ctrd task start cs1)
check "task start: output" expect_eq out from-create "$out"
check "task start: the runtime is the one under test (runc on the shim's PATH)" \
  grep -q ' create .* cs1$' "$T/argv.log"
ctrd task delete cs1 >/dev/null 2>&1; ctrd container rm cs1 >/dev/null 2>&1

# a detached task: ps, pause/resume, kill
crun_ d1 -d -- sh -c 'sleep 60 & sleep 60' >/dev/null || fail "run -d"
check "run -d: RUNNING" expect_eq status RUNNING "$(status d1)"
pid=$(ctrd task ls | awk '$1 == "d1" {print $2}')
pids=$(ctrd task ps d1 | awk 'NR > 1 {print $1}' | sort -n | tr '\n' ' ')
check "task ps: the init and its child (runtime ps --format json)" expect_eq pids \
  "$( (echo "$pid"; cat /proc/"$pid"/task/*/children 2>/dev/null | tr ' ' '\n') | grep . | sort -n | tr '\n' ' ')" "$pids"
check "task pause" ctrd task pause d1
check "pause: PAUSED" expect_eq status PAUSED "$(status d1)"
$v1 && check "pause: the freezer cgroup is FROZEN" expect_eq v FROZEN "$(cgfile d1 freezer freezer.state)"
check "task resume" ctrd task resume d1
check "resume: RUNNING" expect_eq status RUNNING "$(status d1)"
check "task kill -s SIGUSR1 (pid 1 ignores it)" ctrd task kill -s SIGUSR1 d1
sleep 0.2
check "still RUNNING" expect_eq status RUNNING "$(status d1)"
check "task kill -a -s SIGKILL (every process)" ctrd task kill -a -s SIGKILL d1
for _ in $(seq 50); do [ "$(status d1)" = STOPPED ] && break; sleep 0.1; done
check "kill: STOPPED" expect_eq status STOPPED "$(status d1)"
out=$(ctrd task delete d1 2>&1)
check "task delete: exit status 137" expect_match out 'exit code 137' "$out"
ctrd container rm d1 >/dev/null

# exec (ctr task exec -> runtime exec --process --detach [--console-socket])
crun_ x1 -d --env CENV=from-run -- sleep 300 >/dev/null || fail "run -d x1"
out=$(ctrd task exec --exec-id e1 x1 sh -c 'echo $CENV; pwd; id -u; echo $$')
check "exec: the task's env, root, its own process" expect_match out "^from-run
/
0
[0-9]+$" "$out"
# exec -d first: ctr task exec --user mounts the container's snapshot a second
# time to read /etc/passwd, and its unmount spoils the live overlay's
# workdir (later copy-ups of the container fail with ENOENT, with runc too)
check "exec -d" ctrd task exec --exec-id e9 -d x1 sh -c 'echo detached >/tmp/det; sleep 30'
for _ in $(seq 50); do ctrd task exec --exec-id "w$RANDOM" x1 test -s /tmp/det && break; sleep 0.1; done
check "exec -d: the process ran" expect_eq out detached "$(ctrd task exec --exec-id e10 x1 cat /tmp/det)"
check "task ps: the exec'd process is listed" expect_match out 'ExecID:e9' "$(ctrd task ps x1)"
ctrd task exec --exec-id e2 x1 sh -c 'exit 9'
check "exec: exit code 9" expect_eq rc 9 $?
check "exec --user 1000" expect_eq out "uid=1000(tester) gid=1000(tester) groups=1000(tester)" "$(ctrd task exec --exec-id e3 --user 1000 x1 id)"
check "exec --user tester" expect_eq out "uid=1000(tester) gid=1000(tester) groups=1000(tester)" "$(ctrd task exec --exec-id e4 --user tester x1 id)"
check "exec --cwd" expect_eq out /home "$(ctrd task exec --exec-id e5 --cwd /home x1 pwd)"
out=$(ctrd task exec --exec-id e6 x1 /nonexistent 2>&1)
check "exec of a missing command: the runtime's error through the JSON log" \
  expect_match out 'OCI runtime exec failed.*/nonexistent.*[Nn]o such file or directory' "$out"
out=$(timeout -k 10 60 script -qec "ctr -a $C/containerd.sock -n $CTRD_NS task exec --exec-id e7 -t x1 sh -c 'tty; stty rows 21 cols 71; stty size'" /dev/null </dev/null | tr -d '\r' | sed 's/\^@//g' | grep -v 'resize pty')
check "exec -t: a terminal, window size ioctls" expect_eq out "/dev/pts/0
21 71" "$out"
timeout -k 10 60 script -qec "ctr -a $C/containerd.sock -n $CTRD_NS task exec --exec-id e8 -t x1 sh -c 'exit 4'" /dev/null </dev/null >/dev/null
check "exec -t: exit code" expect_eq rc 4 $?
ctrd task kill -s SIGKILL x1
for _ in $(seq 50); do [ "$(status x1)" = STOPPED ] && break; sleep 0.1; done
ctrd task delete x1 >/dev/null 2>&1; ctrd container rm x1

# kill of a running foreground run: ctr exits with 128+signal
crun_ k1 --rm -- sleep 60 &
runpid=$!
for _ in $(seq 50); do [ "$(status k1)" = RUNNING ] && break; sleep 0.1; done
ctrd task kill -s SIGKILL k1
wait "$runpid"
check "kill of a foreground run: ctr exits 137" expect_eq rc 137 $?

# memory and cpu limits
if $v1; then
  crun_ l1 -d --memory-limit 67108864 --cpu-quota 50000 --cpu-period 100000 --cpu-shares 512 -- sleep 60 >/dev/null
  check "memory limit" expect_eq v 67108864 "$(cgfile l1 memory memory.limit_in_bytes)"
  check "cpu quota and period" expect_eq v "50000 100000" "$(cgfile l1 cpu cpu.cfs_quota_us) $(cgfile l1 cpu cpu.cfs_period_us)"
  check "cpu shares" expect_eq v 512 "$(cgfile l1 cpu cpu.shares)"
  ctrd task kill -s SIGKILL l1; sleep 0.3; ctrd task delete l1 >/dev/null 2>&1; ctrd container rm l1
  crun_ l2 -d --cpus 0.25 -- sleep 60 >/dev/null
  check "--cpus 0.25" expect_eq v 25000 "$(cgfile l2 cpu cpu.cfs_quota_us)"
  ctrd task kill -s SIGKILL l2; sleep 0.3; ctrd task delete l2 >/dev/null 2>&1; ctrd container rm l2
fi
crun_ o1 --rm --memory-limit 33554432 -- sh -c 'x=a; while true; do x=$x$x; done' 2>/dev/null
check "OOM kill: exit code 137" expect_eq rc 137 $?

# metrics (the shim reads the cgroup itself)
crun_ m1 -d --memory-limit 67108864 -- sleep 60 >/dev/null
out=$(ctrd task metrics m1 2>&1)
check "task metrics" expect_match out 'memory' "$out"
ctrd task kill -s SIGKILL m1; sleep 0.3; ctrd task delete m1 >/dev/null 2>&1; ctrd container rm m1

containerd_finish
