#!/bin/bash
# podman with the runtime under test: exec (plain, stdin, tty, detached,
# user, env, workdir, privileged, exit codes), exec into a paused container,
# top through exec, healthchecks.
ENGINES_SANITIZER_SUBSET=yes # also under the sanitizer build (see lib.sh)
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/podman-lib.sh"
podman_setup_image
N="--network none"

prun -d --name e1 $N -e CENV=from-run -w /tmp "$IMAGE" sleep 300 >/dev/null || fail "run e1"

out=$(pm exec e1 sh -c 'echo $CENV; pwd; id -u; echo $$')
check "exec: the container's env and workdir, root" expect_match out "^from-run
/tmp
0
[0-9]+$" "$out"
check "exec: its own process, not pid 1" test "$(printf '%s\n' "$out" | tail -1)" != 1
pm exec e1 sh -c 'exit 7'
check "exec: exit code 7" expect_eq rc 7 $?
pm exec e1 /nonexistent 2>"$T/x127"
check "exec: 127 for a missing command" expect_eq rc 127 $?
check "exec: 127 names the command" grep -q /nonexistent "$T/x127"
pm exec e1 /noexec.sh 2>/dev/null
check "exec: 126 for a file that is not executable" expect_eq rc 126 $?
pm exec e1 sh -c 'kill -KILL $$'
check "exec: 137 when the process is killed" expect_eq rc 137 $?
check "exec -u tester" expect_eq out "uid=1000(tester) gid=1000(tester) groups=2000(extra)" "$(pm exec -u tester e1 id)"
check "exec -u uid:gid" expect_eq out "uid=1234 gid=5678" "$(pm exec -u 1234:5678 e1 id)"
out=$(pm exec -e FOO=bar -w /home e1 sh -c 'echo $FOO $CENV; pwd')
check "exec -e, -w" expect_eq out "bar from-run
/home" "$out"
check "exec -i: stdin" expect_eq out stdin-data "$(echo stdin-data | pm exec -i e1 cat)"
check "exec without -i: no stdin" expect_eq out "" "$(echo not-read | pm exec e1 cat)"
out=$(pm exec -t e1 sh -c 'tty; test -t 0 && test -t 1 && echo both-tty' | tr -d '\r')
check "exec -t: a terminal" expect_eq out "/dev/pts/0
both-tty" "$out"
pcmd="podman --root $P/store --runroot $P/run --storage-driver vfs --cgroup-manager cgroupfs --runtime ctrun"
out=$(printf 'echo itty-$((6*7)); stty rows 33 cols 99; stty size\nexit 5\n' |
  timeout -k 10 60 script -qec "$pcmd exec -it e1 sh" /dev/null | tr -d '\r')
check "exec -it: an interactive shell" expect_match out '^itty-42$' "$out"
check "exec -it: window size" expect_match out '^33 99$' "$out"
timeout -k 10 60 script -qec "printf 'exit 5\n' | $pcmd exec -i e1 sh" /dev/null >/dev/null
check "exec -i: exit code through script" expect_eq rc 5 $?
check "exec -d" q pm exec -d e1 sh -c 'echo detached >/tmp/d; sleep 30'
for _ in $(seq 50); do pm exec e1 test -s /tmp/d && break; sleep 0.1; done
check "exec -d: the process ran" expect_eq out detached "$(pm exec e1 cat /tmp/d)"
check "exec -d: still running" expect_match out 'sleep 30' "$(pm top e1 args)"
out=$(pm exec e1 sh -c 'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status | cut -f2 | tr "\n" " "')
check "exec: the container's capabilities and seccomp" expect_eq out "00000000800405fb 0 2 " "$out"
own_bnd=$(grep '^CapBnd:' /proc/self/status | cut -f2)
out=$(pm exec --privileged e1 sh -c 'grep ^CapEff: /proc/self/status | cut -f2')
check "exec --privileged: every capability of the bounding set" expect_eq out "$own_bnd" "$out"
pid=$(pid_of e1)
check "exec: in the container's namespaces and cgroup" expect_eq out \
  "$(for ns in mnt pid net ipc uts; do readlink /proc/"$pid"/ns/$ns; done; cat /proc/"$pid"/cgroup)" \
  "$(pm exec e1 sh -c 'for ns in mnt pid net ipc uts; do readlink /proc/self/ns/$ns; done; cat /proc/self/cgroup')"
# top with ps(1) descriptors podman cannot compute itself: it runs ps in
# the container through exec
check "top with ps options (through exec)" expect_match out 'sleep 300' "$(pm top e1 -o pid,args 2>&1)"
# exec into a paused container is refused, and works again after unpause
pm pause e1 >/dev/null
check "exec into a paused container fails" bash -c "! timeout -k 5 30 $pcmd exec e1 true 2>/dev/null"
pm unpause e1 >/dev/null
check "exec after unpause" expect_eq out ok "$(pm exec e1 echo ok)"
# an exec session does not outlive the container (4711: a number no other
# test sleeps, as the check looks at every process of the host)
pm exec -d e1 sleep 4711 >/dev/null
pm stop -t 0 e1 >/dev/null 2>&1
check "stop: the exec'd processes die with the container" expect_eq n 0 \
  "$(grep -l 'sleep' /proc/[0-9]*/cmdline 2>/dev/null | xargs -r grep -l '^sleep.4711' 2>/dev/null | wc -l)"
pm rm -f -t 0 e1 >/dev/null

# exec with a user namespace and read-only rootfs
prun -d --name e2 $N --uidmap 0:100000:65536 --gidmap 0:100000:65536 --read-only "$IMAGE" sleep 300 >/dev/null
out=$(pm exec e2 sh -c 'cat /proc/self/uid_map; touch /x 2>/dev/null || echo ro')
check "exec in a user-namespaced, read-only container" expect_eq out "         0     100000      65536
ro" "$out"
pm rm -f -t 0 e2 >/dev/null

# healthchecks (run by hand: without systemd podman has no timers)
prun -d --name h1 $N --health-cmd 'test -e /tmp/ok' --health-retries 1 "$IMAGE" sleep 300 >/dev/null 2>&1
pm healthcheck run h1 >/dev/null 2>&1
check "healthcheck: failing command -> unhealthy" expect_eq rc 1 $?
check "healthcheck: state unhealthy" expect_eq state unhealthy "$(pm inspect -f '{{.State.Health.Status}}' h1)"
pm exec h1 touch /tmp/ok
pm healthcheck run h1 >/dev/null 2>&1
check "healthcheck: passing command" expect_eq rc 0 $?
check "healthcheck: state healthy" expect_eq state healthy "$(pm inspect -f '{{.State.Health.Status}}' h1)"
pm rm -f -t 0 h1 >/dev/null 2>&1 # (podman complains that there is no systemd for its timer)

podman_finish
