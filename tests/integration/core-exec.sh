#!/bin/bash
# ctrun exec: the process joins every namespace and the cgroup of the
# container, gets the container's seccomp profile, the flags' user, env,
# cwd and capabilities, and its exit code comes back (126/127 when it
# cannot be executed or found).
. "$(dirname "$0")/core-lib.sh"

[ -x "${BUILD}/tests/core-recvfd" ] || fail "${BUILD}/tests/core-recvfd not built"

# the container's seccomp profile: mkdir fails with EPERM (1), and so must
# an exec'd mkdir
config '.process.args = ["sleep", "1000"] | .process.env += ["FROMCFG=yes"] |
  .linux.namespaces += [{"type": "cgroup"}] |
  .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
create e1 || fail "create e1: $(cat "$T/e1.out")"

# exec [FLAGS] ID CMD...: stdout to $T/x.out, stderr to $T/x.err, rc in $rc
x() { rt exec "$@" >"$T/x.out" 2>"$T/x.err"; rc=$?; }

x e1 true
check "exec in a created container works" test $rc = 0
rt start e1 || fail "start e1"
init=$(rt state e1 | jq .pid)

x e1 sh -c 'exit 7'
check "the exit code comes back (7)" test $rc = 7
x e1 no-such-program
check "a command not found exits 127" test $rc = 127
check "and says so" grep -q 'executable file not found' "$T/x.err"
x e1 /etc/passwd
check "a file that is not executable exits 126" test $rc = 126
x e1 sh -c 'kill -TERM $$'
check "a process killed by SIGTERM exits 143" test $rc = 143

# namespaces and cgroup, seen from the host: the exec'd process reports its
# host pid through a file of the shared rootfs
x -d --pid-file "$T/x.pid" e1 sleep 100
check "exec --detach returns at once" test $rc = 0
xpid=$(cat "$T/x.pid" 2>/dev/null)
check "--pid-file holds the process's pid" test -n "$xpid" -a -d "/proc/$xpid"
same_ns=1
for ns in mnt uts ipc pid net cgroup; do
  [ "$(readlink /proc/$xpid/ns/$ns)" = "$(readlink /proc/$init/ns/$ns)" ] || {
    same_ns=0; echo "  $ns: exec'd $(readlink /proc/$xpid/ns/$ns), init $(readlink /proc/$init/ns/$ns)" >&2; }
done
check "the exec'd process is in every namespace of the init" test $same_ns = 1
check "and in the init's cgroups" diff <(cat /proc/$init/cgroup) <(cat /proc/$xpid/cgroup)
check "it is listed by ps" bash -c "timeout 30 '$RT' --root '$ROOT' ps --format json e1 | jq -e 'index($xpid)' >/dev/null"
check "it is not dumpable from the host's view of its exe (it exec'd sleep)" \
  bash -c "readlink /proc/$xpid/exe | grep -q busybox"
kill -9 "$xpid" 2>/dev/null

x e1 sh -c 'echo $$; cat /proc/self/cgroup'
check "in the container's pid namespace the process is not pid 1 but small" \
  bash -c "test \$(head -1 '$T/x.out') -gt 1 -a \$(head -1 '$T/x.out') -lt 100"
check "the cgroup namespace is the container's (cgroup /)" grep -qx '0::/' "$T/x.out"

x e1 mkdir /tmp/newdir
check "the container's seccomp profile applies (mkdir denied)" test $rc != 0
check "with the profile's errno" grep -qi 'not permitted' "$T/x.err"
x e1 grep Seccomp: /proc/self/status
check "Seccomp is in filter mode" grep -q 'Seccomp:.*2' "$T/x.out"

x --user 1000:1001 --additional-gids 5 -g 6 -e FOO=bar -e PATH=/bin:/sbin --cwd /tmp e1 \
  sh -c 'id -u; id -g; id -G; echo $FOO $FROMCFG $PATH; pwd'
check "--user, --additional-gids, --env, --cwd: $(tr '\n' ' ' <"$T/x.out")" \
  test "$(tr '\n' ' ' <"$T/x.out")" = "1000 1001 1001 5 6 bar yes /bin:/sbin /tmp "

x --cap CAP_SYS_ADMIN e1 grep -E '^Cap(Inh|Eff|Bnd)' /proc/self/status
sysadmin=0000000000200000
eff=$(awk '$1 == "CapEff:" {print $2}' "$T/x.out")
check "--cap adds to the effective set" test $((0x$eff & 0x$sysadmin)) != 0
check "--cap never adds to the inheritable set (CVE-2022-29162)" grep -q 'CapInh:.*0000000000000000' "$T/x.out"
x e1 grep CapEff /proc/self/status
eff=$(awk '{print $2}' "$T/x.out")
check "without --cap the config's set applies" test $((0x$eff & 0x$sysadmin)) = 0

x --no-new-privs e1 grep NoNewPrivs /proc/self/status
check "--no-new-privs" grep -q 'NoNewPrivs:.*1' "$T/x.out"

jq '.process | .args = ["sh", "-c", "echo from-process-file $X; id -u"] | .env = ["X=1"] |
  .user = {"uid": 2, "gid": 2}' "$BUNDLE/config.json" >"$T/proc.json"
x --process "$T/proc.json" e1
check "--process FILE" test "$(tr '\n' ' ' <"$T/x.out")" = "from-process-file 1 2 "
echo '{"args": []}' >"$T/bad.json"
x --process "$T/bad.json" e1
check "a bad --process file is refused" test $rc != 0
check "naming the field" grep -q 'process.args\|args' "$T/x.err"

# process.execCPUAffinity: initial while the process is outside the
# container's cgroup (the child's first step), final after the move (by the
# runtime, on the child's pid)
aff() { jq --arg i "$1" --arg f "$2" '.process | .args = ["grep", "Cpus_allowed_list", "/proc/self/status"] |
  .execCPUAffinity = ({} + (if $i != "" then {initial: $i} else {} end) + (if $f != "" then {final: $f} else {} end))' \
  "$BUNDLE/config.json" >"$T/aff.json"; }
last=$(($(nproc) - 1))
aff "" "$last"
x --process "$T/aff.json" e1
check "execCPUAffinity.final: the process runs on CPU $last" grep -q "Cpus_allowed_list:.$last\$" "$T/x.out"
aff 0 ""
if command -v strace >/dev/null; then
  strace -f -o "$T/aff.trace" -e trace=sched_setaffinity timeout 30 "$RT" --root "$ROOT" exec --process "$T/aff.json" e1 \
    </dev/null >"$T/x.out" 2>"$T/x.err"
  check "execCPUAffinity.initial: set by the child before the cgroup" grep -Eq 'sched_setaffinity\(0, [0-9]+, \[0\]\) +=  *0' "$T/aff.trace"
  # without final the runtime leaves it to the kernel after the move
  check "execCPUAffinity without final: nothing set after the move" \
    test "$(grep -c 'sched_setaffinity(' "$T/aff.trace")" = 1
fi
x --process "$T/aff.json" e1
check "execCPUAffinity.initial alone: the process runs" grep -q "Cpus_allowed_list:" "$T/x.out"
aff "" 5000
x --process "$T/aff.json" e1
check "execCPUAffinity beyond the CPUs a mask holds is refused" test $rc != 0
check "naming the field" grep -q 'process.execCPUAffinity.final' "$T/x.err"
aff "3-1" ""
x --process "$T/aff.json" e1
check "a reversed CPU range is refused" test $rc != 0
check "naming the field" grep -q 'execCPUAffinity.initial' "$T/x.err"

exec 3>"$T/fd3.out"
rt exec --preserve-fds 1 e1 sh -c 'echo via-fd3 >&3; ls /proc/self/fd; true' >"$T/x.out" 2>"$T/x.err"
exec 3>&-
check "--preserve-fds passes fd 3" grep -qx via-fd3 "$T/fd3.out"
# ls's own directory fd is the lowest free one: 4
check "and nothing else leaks" test "$(tr '\n' ' ' <"$T/x.out")" = "0 1 2 3 4 "

console_receiver "$T/console.out"
x --tty --console-socket "$T/console.sock" e1 sh -c 'tty; test -t 0 && echo stdin-is-a-tty'
console_received
check "exec --tty: the console socket got the pty master" test $? = 0
check "exec --tty: the process runs on /dev/pts/N" grep -Eq '^/dev/pts/[0-9]+' "$T/console.out"
check "exec --tty: stdin is the terminal" grep -q stdin-is-a-tty "$T/console.out"
x --tty -d e1 true
check "--tty --detach without --console-socket is refused" test $rc != 0

x --apparmor someprofile e1 true
check "--apparmor on a host without AppArmor is an error" test $rc != 0 -a -n "$(cat "$T/x.err")"

# signals reach the process while ctrun waits in the foreground
timeout 30 "$RT" --root "$ROOT" exec e1 sh -c 'trap "echo got-term; exit 3" TERM; while :; do sleep 0.1; done' \
  >"$T/sig.out" 2>&1 </dev/null &
fg=$!
sleep 1
kill -TERM $fg
wait $fg
rc=$?
check "SIGTERM to a foreground exec reaches the process (rc $rc)" test $rc = 3
check "which handled it" grep -q got-term "$T/sig.out"

rt pause e1
x e1 true
check "exec into a paused container is refused" test $rc != 0
check "pointing at --ignore-paused" grep -q ignore-paused "$T/x.err"
rt exec -d --ignore-paused --pid-file "$T/p.pid" e1 sh -c 'echo ran >/dev/shm/ignored-pause' >/dev/null 2>&1
check "with --ignore-paused it is accepted" test -s "$T/p.pid"
ppid=$(cat "$T/p.pid")
check "and the process waits, frozen with the container" \
  bash -c "sleep 0.5; test -d /proc/$ppid && grep -q '^State:.*[DS]' /proc/$ppid/status"
rt resume e1
x e1 sh -c 'for i in $(seq 50); do test -e /dev/shm/ignored-pause && break; sleep 0.1; done; cat /dev/shm/ignored-pause'
check "after resume it runs" grep -qx ran "$T/x.out"

rt kill e1 KILL
wait_status e1 stopped
x e1 true
check "exec into a stopped container is refused" test $rc != 0
check "saying it is stopped" grep -q stopped "$T/x.err"
x nosuch true
check "exec into an unknown container is refused" grep -q 'does not exist' "$T/x.err"
rt delete e1

# a container with a user namespace: the process joins it, mapped
config '.process.args = ["sleep", "1000"] | .linux.namespaces += [{"type": "user"}] |
  .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
  .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
chmod -R go+rX "$BUNDLE"
create u1 || fail "create u1: $(cat "$T/u1.out")"
rt start u1
x -d --pid-file "$T/u.pid" u1 sleep 100
upid=$(cat "$T/u.pid" 2>/dev/null)
check "user namespace: the exec'd process is host uid 100000" \
  bash -c "awk '/^Uid:/ {print \$2}' /proc/$upid/status | grep -qx 100000"
uinit=$(rt state u1 | jq .pid)
check "and in the init's user namespace" test "$(readlink /proc/$upid/ns/user)" = "$(readlink /proc/$uinit/ns/user)"
x u1 id -u
check "it is root inside" test "$(cat "$T/x.out")" = 0
rt delete --force u1
finish
