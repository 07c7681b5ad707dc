#!/bin/bash
# buildah 1.28 with the runtime under test: RUN steps of a build (bud
# --runtime), and buildah run.  Private store, run root and config under
# $T/buildah; the base image is made with `buildah from scratch` + copy of
# the busybox rootfs; nothing is pulled (--pull=never).
. "$(dirname "$0")/lib.sh"
need buildah
B=$T/buildah
mkdir -p "$B"
printf '[storage]\ndriver = "vfs"\nrunroot = "%s/run"\ngraphroot = "%s/store"\n' "$B" "$B" >"$B/storage.conf"
printf 'unqualified-search-registries = []\n' >"$B/registries.conf"
hard_nproc=$(ulimit -Hu)
[ "$hard_nproc" = unlimited ] || [ "$hard_nproc" -gt 4096 ] && hard_nproc=4096
cat >"$B/containers.conf" <<EOF
[containers]
# within the hard limits: root here lacks CAP_SYS_RESOURCE
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$hard_nproc:$hard_nproc"]
default_capabilities = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE",
  "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
[engine]
cgroup_manager = "cgroupfs"
[network]
network_config_dir = "$B/net"
EOF
export CONTAINERS_CONF=$B/containers.conf CONTAINERS_STORAGE_CONF=$B/storage.conf \
  CONTAINERS_REGISTRIES_CONF=$B/registries.conf
bh() { timeout -k 10 120 buildah --root "$B/store" --runroot "$B/run" --storage-driver vfs "$@"; }
bud() { bh bud --pull=never --runtime "$T/bin/runtime" "$@"; }

make_rootfs "$T/rootfs"
c=$(bh from scratch) || fail "buildah from scratch"
bh copy "$c" "$T/rootfs/" / >/dev/null || fail "buildah copy"
bh config --cmd /bin/sh --env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$c" || fail "buildah config"
bh commit -q "$c" localhost/base >/dev/null || fail "buildah commit"
bh rm "$c" >/dev/null

ctx=$T/ctx
mkdir -p "$ctx"
echo context-file >"$ctx/f"
cat >"$ctx/Containerfile" <<'EOF'
FROM localhost/base
ARG GREETING=hello
ENV BUILT_ENV=from-env
COPY f /f
RUN echo "$GREETING $BUILT_ENV" >/built && cat /f >>/built && id -u >>/built
WORKDIR /work
RUN pwd >/work/pwd
USER tester
RUN id -u >/tmp/user
USER root
RUN ["/bin/sh", "-c", "echo exec-form >/exec-form"]
EOF
out=$(bud --build-arg GREETING=hi -t localhost/built "$ctx" 2>&1)
check "bud: a build with RUN steps" expect_match out 'COMMIT localhost/built' "$out"
m=$(bh from --pull=never localhost/built) || fail "buildah from the built image"
root=$(bh mount "$m")
check "RUN: its output is in the image (ARG, ENV, COPY, root)" expect_eq out "hi from-env
context-file
0" "$(cat "$root/built")"
check "RUN: in the WORKDIR" expect_eq out /work "$(cat "$root/work/pwd")"
check "RUN: as the USER" expect_eq out 1000 "$(cat "$root/tmp/user")"
check "RUN: exec form" expect_eq out exec-form "$(cat "$root/exec-form")"
bh umount "$m" >/dev/null

# buildah run (the same runtime calls outside a build)
out=$(bh run --runtime "$T/bin/runtime" "$m" sh -c 'cat /exec-form; echo $BUILT_ENV')
check "buildah run" expect_eq out "exec-form
from-env" "$out"
bh run --runtime "$T/bin/runtime" "$m" sh -c 'exit 3' 2>/dev/null
check "buildah run: the exit code" expect_eq rc 3 $?
bh rm "$m" >/dev/null

# a failing RUN fails the build, with its exit status
printf 'FROM localhost/base\nRUN echo step-output; exit 3\n' >"$ctx/Containerfile.fail"
out=$(bud -f "$ctx/Containerfile.fail" -t localhost/fail "$ctx" 2>&1)
rc=$?
check "a failing RUN fails the build" test "$rc" -ne 0
check "a failing RUN: its output and exit status are shown" expect_match out 'step-output' "$out"
check "a failing RUN: exit status 3" expect_match out 'exit status 3' "$out"

# RUN with --network none and with the build's default network (host, as root)
printf 'FROM localhost/base\nRUN ls /sys/class/net | tr "\\n" " " >/net; readlink /proc/self/ns/net >/netns\n' >"$ctx/Containerfile.net"
bud --network none -f "$ctx/Containerfile.net" -t localhost/netnone "$ctx" >/dev/null 2>&1
m=$(bh from --pull=never localhost/netnone) && root=$(bh mount "$m")
check "bud --network none: RUN sees only lo" expect_eq out "lo " "$(cat "$root/net" 2>/dev/null)"
bh umount "$m" >/dev/null; bh rm "$m" >/dev/null
bud --network host -f "$ctx/Containerfile.net" -t localhost/nethost "$ctx" >/dev/null 2>&1
m=$(bh from --pull=never localhost/nethost) && root=$(bh mount "$m")
check "bud --network host: RUN in the builder's network namespace" expect_eq out "$(readlink /proc/self/ns/net)" "$(cat "$root/netns" 2>/dev/null)"
bh umount "$m" >/dev/null; bh rm "$m" >/dev/null

argv_check buildah
finish
