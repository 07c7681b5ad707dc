#!/bin/bash
# podman with the runtime under test: capabilities, seccomp,
# no-new-privileges, read-only rootfs, masked and read-only paths, devices.
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/podman-lib.sh"
podman_setup_image
N="--network none"
st='for f in CapEff CapBnd CapPrm NoNewPrivs Seccomp; do grep "^$f:" /proc/self/status | cut -f2; done | tr "\n" " "'

# capability masks: podman's defaults (Debian's containers.conf) are CHOWN
# DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE
# SYS_CHROOT SETFCAP
default_caps=00000000800405fb
check "capabilities: podman's defaults; seccomp filter on; no_new_privs off" expect_eq out \
  "$default_caps $default_caps $default_caps 0 2 " "$(prun --rm $N "$IMAGE" sh -c "$st")"
# - CHOWN (bit 0) + NET_ADMIN (bit 12)
out=$(prun --rm $N --cap-drop CHOWN --cap-add NET_ADMIN "$IMAGE" sh -c \
  "$st; chown 1 /tmp 2>/dev/null || echo chown-denied; ip link set lo up && echo net-admin")
check "--cap-drop CHOWN --cap-add NET_ADMIN" expect_eq out \
  "00000000800415fa 00000000800415fa 00000000800415fa 0 2 chown-denied
net-admin" "$out"
check "--cap-drop all" expect_eq out "0000000000000000 0000000000000000 0000000000000000 0 2 " \
  "$(prun --rm $N --cap-drop all "$IMAGE" sh -c "$st")"
check "non-root user: no effective capabilities" expect_eq out \
  "0000000000000000 $default_caps 0000000000000000 0 2 " "$(prun --rm $N -u 1000 "$IMAGE" sh -c "$st")"
# --privileged: every capability the runtime itself holds (root here lacks
# CAP_SYS_RESOURCE), no seccomp, host devices, writable /sys and /proc/sys
own_bnd=$(grep '^CapBnd:' /proc/self/status | cut -f2)
out=$(prun --rm $N --privileged "$IMAGE" sh -c \
  "$st; test -e /dev/loop-control && echo host-devices; grep -E ' /sys | /proc/sys ' /proc/mounts | cut -d' ' -f2,4 | cut -d, -f1")
check "--privileged" expect_eq out "$own_bnd $own_bnd $own_bnd 0 0 host-devices
/sys rw" "$out"

# seccomp
check "seccomp=unconfined" expect_eq out 0 "$(prun --rm $N --security-opt seccomp=unconfined "$IMAGE" sh -c 'grep ^Seccomp: /proc/self/status | cut -f2')"
check "seccomp default: one filter" expect_eq out 1 "$(prun --rm $N "$IMAGE" sh -c 'grep ^Seccomp_filters: /proc/self/status | cut -f2')"
cat >"$T/deny-mkdir.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
              {"names": ["sethostname"], "action": "SCMP_ACT_ERRNO"}]}
EOF
out=$(prun --rm $N --cap-add SYS_ADMIN --security-opt seccomp="$T/deny-mkdir.json" "$IMAGE" sh -c \
  'mkdir /tmp/d 2>&1; touch /tmp/f && echo touch-ok; hostname x 2>&1')
check "seccomp: a custom profile (mkdir -> EACCES, sethostname -> EPERM)" expect_eq out "mkdir: can't create directory '/tmp/d': Permission denied
touch-ok
hostname: sethostname: Operation not permitted" "$out"
check "seccomp: without the profile sethostname works with SYS_ADMIN" expect_eq out ok \
  "$(prun --rm $N --cap-add SYS_ADMIN "$IMAGE" sh -c 'hostname x && echo ok')"

# no-new-privileges
check "no-new-privileges" expect_eq out 1 "$(prun --rm $N --security-opt no-new-privileges "$IMAGE" sh -c 'grep ^NoNewPrivs: /proc/self/status | cut -f2')"

# read-only rootfs: / read-only, /tmp /var/tmp /run tmpfs (tmpcopyup) writable
out=$(prun --rm $N --read-only "$IMAGE" sh -c \
  'touch /x 2>/dev/null || echo root-ro; touch /tmp/x /var/tmp/x /run/x && echo tmpfs-rw
   grep " / " /proc/mounts | cut -d" " -f4 | cut -d, -f1
   for d in /tmp /var/tmp /run; do grep " $d " /proc/mounts | cut -d" " -f3,4 | cut -d, -f1; done')
check "--read-only" expect_eq out "root-ro
tmpfs-rw
ro
tmpfs rw
tmpfs rw
tmpfs rw" "$out"
out=$(prun --rm $N --read-only --read-only-tmpfs=false "$IMAGE" sh -c 'touch /tmp/x 2>/dev/null || echo tmp-ro')
check "--read-only --read-only-tmpfs=false" expect_eq out tmp-ro "$out"

# masked and read-only paths (podman's defaults), unmask, and --privileged
masked='/proc/acpi /proc/kcore /proc/keys /proc/latency_stats /proc/timer_list /proc/timer_stats /proc/sched_debug /proc/scsi /sys/firmware /sys/fs/selinux /sys/dev/block'
out=$(prun --rm $N "$IMAGE" sh -c "for p in $masked; do test -e \$p || continue; if test -d \$p; then n=\$(ls -A \$p | wc -l); echo \"\$p dir \$n\"; else n=\$(wc -c <\$p); echo \"\$p file \$n\"; fi; done")
bad=$(printf '%s\n' "$out" | awk '$3 != 0')
check "masked paths are empty" expect_eq "not masked" "" "$bad"
check "masked paths: /proc/keys is among them" expect_match out '/proc/keys file 0' "$out"
out=$(prun --rm $N "$IMAGE" sh -c 'for p in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do grep " $p " /proc/mounts | cut -d" " -f4 | cut -d, -f1; done | sort -u; (echo 1 >/proc/sys/vm/drop_caches) 2>/dev/null || echo sys-ro')
check "read-only paths" expect_eq out "ro
sys-ro" "$out"
out=$(prun --rm $N --security-opt unmask=/proc/keys "$IMAGE" sh -c 'grep -c " /proc/keys " /proc/mounts; grep -c " /proc/timer_list " /proc/mounts')
check "unmask=/proc/keys" expect_eq out "0
1" "$out"
out=$(prun --rm $N --privileged "$IMAGE" sh -c 'grep -cE " /proc/(keys|timer_list|acpi|sys) " /proc/mounts')
check "--privileged: nothing masked or read-only" expect_eq out 0 "$out"

# devices: the default set, --device with permissions, --device-cgroup-rule
out=$(prun --rm $N "$IMAGE" sh -c 'cd /dev && ls -d null zero full random urandom tty ptmx pts shm mqueue console 2>/dev/null | tr "\n" " "; test -e /dev/loop-control || echo no-host-devices')
check "devices: the default set, no host devices" expect_eq out "full mqueue null ptmx pts random shm tty urandom zero no-host-devices" "$out"
out=$(prun --rm $N --device /dev/loop-control:/dev/myloop "$IMAGE" sh -c 'ls -l /dev/myloop | cut -c1; : </dev/myloop && echo read-ok; : >/dev/myloop && echo write-ok')
check "--device (rwm)" expect_eq out "c
read-ok
write-ok" "$out"
out=$(prun --rm $N --device /dev/loop-control:/dev/myloop:r "$IMAGE" sh -c ': </dev/myloop && echo read-ok; (: >/dev/myloop) 2>/dev/null && echo write-ok || echo write-denied')
want="read-ok
write-denied"
check "--device :r (read-only permission)" expect_eq out "$want" "$out"
out=$(prun --rm $N --cap-add MKNOD --device-cgroup-rule 'c 10:237 rwm' "$IMAGE" sh -c 'mknod /dev/t2 c 10 237 && : >/dev/t2 && echo rule-ok')
check "--device-cgroup-rule + mknod" expect_eq out rule-ok "$out"
out=$(prun --rm $N --cap-add MKNOD "$IMAGE" sh -c 'mknod /dev/t2 c 10 237 && (: >/dev/t2) 2>/dev/null && echo allowed || echo denied')
check "device cgroup: other devices denied" expect_eq out denied "$out"

podman_finish
