#!/bin/bash
# podman with the runtime under test: running containers (run, create,
# start, attach, --rm), exit codes, stdin and terminals, process settings.
ENGINES_SANITIZER_SUBSET=yes # also under the sanitizer build (see lib.sh)
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/podman-lib.sh"
podman_setup_image
N="--network none"

# --- running containers -------------------------------------------------------
check "run: output" expect_eq out hello "$(prun --rm $N "$IMAGE" echo hello)"
check "run: the image's CMD" expect_eq out /bin/sh "$(echo 'echo $0' | prun --rm -i $N "$IMAGE")"

prun -d --name cg1 $N "$IMAGE" sleep 60 >/dev/null
check "cgroups: podman's default parent" expect_match path '^/libpod_parent/libpod-[0-9a-f]{64}$' \
  "$(config_of cg1 | jq -r .linux.cgroupsPath)"
check "cgroups: the init is in the cgroup the config names, in every hierarchy" cg_placed cg1
# a relative parent: the runtime joins it to its own cgroup, which is
# conmon's: the test's (the namespace root), or <parent>/conmon once podman
# has moved conmon there (podman races with conmon's `create`)
prun -d --name cg2 --cgroup-parent relparent $N "$IMAGE" sleep 60 >/dev/null
id=$(pm inspect -f '{{.Id}}' cg2)
check "cgroups: a relative --cgroup-parent" expect_eq path "relparent/libpod-$id" \
  "$(config_of cg2 | jq -r .linux.cgroupsPath)"
# (hierarchy by hierarchy: podman moves conmon in the ones it manages)
bad=$(cut -d: -f3 /proc/"$(pid_of cg2)"/cgroup | grep -Evx "(/relparent/conmon)?/relparent/libpod-$id")
check "cgroups: a relative cgroupsPath nests under the runtime's own cgroup" expect_eq "other paths" "" "$bad"
pm rm -f -t 0 cg1 cg2 >/dev/null

prun --rm --name gone $N "$IMAGE" true
check "run --rm: the container is removed" expect_eq count 0 "$(pm ps -a --filter name=gone -q | wc -l)"

id=$(pcreate $N "$IMAGE" sh -c 'echo created-then-started; exit 3')
check "create: state Created" expect_eq state created "$(pm inspect -f '{{.State.Status}}' "$id")"
out=$(pm start -a "$id"); rc=$?
check "start -a: output" expect_eq out created-then-started "$out"
check "start -a: exit code" expect_eq rc 3 "$rc"
check "start -a: state Exited" expect_eq state exited "$(pm inspect -f '{{.State.Status}}' "$id")"
check "start again of an exited container" expect_eq out created-then-started "$(pm start -a "$id")"
pm rm "$id" >/dev/null

pcreate --name att $N "$IMAGE" sh -c 'sleep 1.5; echo attached-out; exit 4' >/dev/null
pm start att >/dev/null
check "attach: output after attaching" expect_eq out attached-out "$(pm attach att)"
check "attach: then wait gives the exit code" expect_eq rc 4 "$(pm wait att)"
pm rm att >/dev/null

# podman init: created by the runtime, not started
pcreate --name ini $N "$IMAGE" echo from-init >/dev/null
pm init ini >/dev/null
check "init: state Initialized" expect_eq state initialized "$(pm inspect -f '{{.State.Status}}' ini)"
check "init then start -a" expect_eq out from-init "$(pm start -a ini)"
pm rm ini >/dev/null

# --- exit codes ---------------------------------------------------------------
prun --rm $N "$IMAGE" sh -c 'exit 42'
check "exit code 42" expect_eq rc 42 $?
prun --rm $N "$IMAGE" /noexec.sh 2>"$T/err126"
check "exit code 126: not executable" expect_eq rc 126 $?
check "126: the error names the file" grep -q 'noexec.sh' "$T/err126"
prun --rm $N "$IMAGE" /nonexistent 2>"$T/err127"
check "exit code 127: not found" expect_eq rc 127 $?
check "127: the error names the file" grep -q 'nonexistent' "$T/err127"
prun --rm $N "$IMAGE" nonexistent-in-path 2>/dev/null
check "exit code 127: not in PATH" expect_eq rc 127 $?
prun --rm $N --init "$IMAGE" sh -c 'kill -TERM $$; sleep 5'
check "exit code 143: killed by SIGTERM (--init)" expect_eq rc 143 $?
prun --rm $N --init "$IMAGE" sh -c 'kill -KILL $$; sleep 5'
check "exit code 137: killed by SIGKILL (--init)" expect_eq rc 137 $?
prun -d --name sig $N "$IMAGE" sleep 60 >/dev/null
pm kill -s KILL sig >/dev/null
check "exit code of a container killed from outside" expect_eq rc 137 "$(pm wait sig)"
pm rm sig >/dev/null

# --- stdin and terminals ------------------------------------------------------
check "stdin (-i)" expect_eq out piped-in "$(echo piped-in | prun --rm -i $N "$IMAGE" cat)"
check "no stdin without -i" expect_eq out "" "$(echo not-read | prun --rm $N "$IMAGE" cat)"
out=$(prun --rm -t $N "$IMAGE" sh -c 'tty; test -t 0 && test -t 1 && echo both-tty' | tr -d '\r')
check "tty (-t)" expect_eq out "/dev/pts/0
both-tty" "$out"
check "no tty without -t" expect_eq out "not a tty" "$(prun --rm $N "$IMAGE" tty)"
# an interactive shell on a real terminal (script gives podman one)
pcmd="podman --root $P/store --runroot $P/run --storage-driver vfs --cgroup-manager cgroupfs --runtime ctrun"
out=$(printf 'echo itty-$((6*7)); stty rows 30 cols 101; stty size; tty\nexit 5\n' |
  timeout -k 10 60 script -qec "$pcmd run --rm $N -it $IMAGE sh" /dev/null | tr -d '\r')
check "interactive tty (-it): commands run" expect_match out '^itty-42$' "$out"
check "interactive tty (-it): window size ioctls" expect_match out '^30 101$' "$out"
check "interactive tty (-it): /dev/pts/0" expect_match out '^/dev/pts/0$' "$out"
timeout -k 10 60 script -qec "printf 'exit 6\n' | $pcmd run --rm $N -i $IMAGE sh" /dev/null >/dev/null
check "interactive (-i) exit code through script" expect_eq rc 6 $?

# --preserve-fds: conmon passes it to the runtime's create
echo preserved-data >"$T/pfd"
out=$(prun --rm $N --preserve-fds 1 "$IMAGE" sh -c 'cat <&3; ls /proc/self/fd | grep -c "^3$"' 3<"$T/pfd")
check "--preserve-fds 1: fd 3 reaches the container" expect_eq out "preserved-data
1" "$out"

# --- process settings ---------------------------------------------------------
# line N of $out
ln() { printf '%s\n' "$out" | sed -n "${1}p"; }
# every setting at once in one container, then podman's defaults in another
out=$(prun --rm $N -e FOO=bar --env-file <(printf 'FILEVAR=from-file\n') -w /tmp -u tester \
  --group-add 29 --group-add extra --hostname myhost --ulimit nofile=1024:2048 --ulimit nproc=500:600 \
  --umask 0077 --oom-score-adj 500 --sysctl kernel.msgmax=8192 --sysctl net.ipv4.ip_forward=1 "$IMAGE" \
  sh -c 'echo $FOO $FILEVAR $IMGVAR $container; echo $PATH; pwd; id; echo $HOME; hostname
         echo $(ulimit -n) $(ulimit -Hn) $(ulimit -u) $(ulimit -Hu); umask; cat /proc/self/oom_score_adj
         cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ip_forward')
check "env: -e, --env-file, image ENV, container=podman" expect_eq out "bar from-file from-image podman" "$(ln 1)"
check "env: PATH" expect_eq out /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$(ln 2)"
check "workdir (-w)" expect_eq out /tmp "$(ln 3)"
check "user by name, its groups, --group-add by number and name" expect_eq out \
  "uid=1000(tester) gid=1000(tester) groups=29(audio),1000(tester),2000(extra)" "$(ln 4)"
check "user: HOME from /etc/passwd" expect_eq out /home/tester "$(ln 5)"
check "hostname" expect_eq out myhost "$(ln 6)"
check "ulimits" expect_eq out "1024 2048 500 600" "$(ln 7)"
check "umask" expect_eq out 0077 "$(ln 8)"
check "oom-score-adj" expect_eq out 500 "$(ln 9)"
check "sysctls (ipc and net)" expect_eq out "8192 1" "$(ln 10) $(ln 11)"

id=$(pcreate $N "$IMAGE" sh -c 'pwd; id; echo $HOME; hostname; ulimit -n; umask; cat /proc/sys/net/ipv4/ping_group_range')
out=$(pm start -a "$id")
pm rm "$id" >/dev/null
check "defaults: workdir /" expect_eq out / "$(ln 1)"
check "defaults: root" expect_eq out "uid=0(root) gid=0(root)" "$(ln 2)"
check "defaults: HOME" expect_eq out /root "$(ln 3)"
check "defaults: the hostname is the short id" expect_eq out "${id:0:12}" "$(ln 4)"
check "defaults: ulimit nofile from containers.conf" expect_eq out "$(ulimit -Hn)" "$(ln 5)"
check "defaults: umask 0022" expect_eq out 0022 "$(ln 6)"
check "defaults: sysctl ping_group_range from containers.conf" expect_eq out "0	0" "$(ln 7)"

# (podman adds /etc/passwd and /etc/group entries for an unknown uid/gid)
check "user uid:gid" expect_eq out "uid=1234(1234) gid=5678(5678) groups=5678(5678)" \
  "$(prun --rm $N -u 1234:5678 "$IMAGE" id)"
check "root with --group-add" expect_eq out 'uid=0(root) gid=0(root) groups=29(audio)' \
  "$(prun --rm $N --group-add audio "$IMAGE" id)"

check "podman info: the runtime's name and --version" expect_match out '^ctrun (runc|ctrun) version [0-9]' \
  "$(pm info --format '{{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Version}}' | head -1)"

# the literal drop-in form: podman --runtime /path/to/runtime
check "podman --runtime /path/to/runtime" expect_eq out by-path \
  "$(timeout -k 10 60 podman --root "$P/store" --runroot "$P/run" --storage-driver vfs \
    --cgroup-manager cgroupfs --runtime "$T/bin/runtime" run --rm $N "$IMAGE" echo by-path)"

podman_finish
