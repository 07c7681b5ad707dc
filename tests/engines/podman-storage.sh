#!/bin/bash
# podman with the runtime under test: bind mounts, tmpfs, named volumes,
# /dev/shm, /etc/hosts, /etc/resolv.conf, /etc/hostname.
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/podman-lib.sh"
podman_setup_image
N="--network none"
H=$T/host
mkdir -p "$H/sub"
echo hostfile >"$H/f"

# --- bind mounts -------------------------------------------------------------
out=$(prun --rm $N -v "$H:/mnt/h" "$IMAGE" sh -c 'cat /mnt/h/f; echo from-container >/mnt/h/c')
check "bind (-v): reads the host's file" expect_eq out hostfile "$out"
check "bind (-v): the host sees the container's write" expect_eq out from-container "$(cat "$H/c" 2>/dev/null)"
out=$(prun --rm $N -v "$H:/mnt/h:ro" "$IMAGE" sh -c 'cat /mnt/h/f; (echo x >/mnt/h/d) 2>/dev/null || echo write-refused')
check "bind :ro" expect_eq out "hostfile
write-refused" "$out"
check "bind :ro: nothing written on the host" test ! -e "$H/d"
out=$(prun --rm $N --mount "type=bind,src=$H,dst=/mnt/h,ro=true" "$IMAGE" sh -c 'grep " /mnt/h " /proc/mounts | cut -d" " -f4 | cut -d, -f1')
check "--mount type=bind,ro=true" expect_eq out ro "$out"
echo single >"$H/one"
out=$(prun --rm $N -v "$H/one:/etc/one.conf" "$IMAGE" cat /etc/one.conf)
check "bind of a single file" expect_eq out single "$out"
# a bind below another bind; propagation options reach the runtime
out=$(prun --rm $N -v "$H:/mnt/h:rslave" -v "$H/sub:/mnt/h/sub2" "$IMAGE" sh -c 'test -d /mnt/h/sub2 && grep -c " /mnt/h" /proc/mounts')
check "nested binds (rslave)" expect_eq out 2 "$out"

# --- tmpfs -------------------------------------------------------------------
out=$(prun --rm $N --tmpfs /scratch:size=1m,mode=0700 "$IMAGE" sh -c \
  'grep " /scratch " /proc/mounts | cut -d" " -f3; stat -c %a /scratch; dd if=/dev/zero of=/scratch/x bs=1k count=2000 2>/dev/null || echo full; du -k /scratch/x | cut -f1')
check "--tmpfs with size and mode" expect_eq out "tmpfs
700
full
1024" "$out"
out=$(prun --rm $N --mount type=tmpfs,dst=/data,tmpcopyup "$IMAGE" cat /data/file)
check "--mount type=tmpfs,tmpcopyup keeps the image's files" expect_eq out image-data "$out"
out=$(prun --rm $N --mount type=tmpfs,dst=/data "$IMAGE" sh -c 'ls /data | wc -l')
check "--mount type=tmpfs (podman copies up by default)" expect_eq out 1 "$out"

# --- named volumes -----------------------------------------------------------
pm volume create vol1 >/dev/null
prun --rm $N -v vol1:/vol "$IMAGE" sh -c 'echo persisted >/vol/p'
check "named volume: the data outlives the container" expect_eq out persisted "$(prun --rm $N -v vol1:/vol:ro "$IMAGE" cat /vol/p)"
check "named volume: in the private store" test -f "$(pm volume inspect -f '{{.Mountpoint}}' vol1)/p"
check "named volume: the private store is under the test's directory" expect_match path "^$P/" \
  "$(pm volume inspect -f '{{.Mountpoint}}' vol1)"
check "named volume: filled from the image on first use" expect_eq out image-data "$(prun --rm $N -v vol2:/data "$IMAGE" cat /data/file)"
out=$(prun --rm $N --mount type=volume,src=vol1,dst=/v,ro=true "$IMAGE" sh -c 'cat /v/p; (echo x >/v/q) 2>/dev/null || echo ro')
check "--mount type=volume,ro=true" expect_eq out "persisted
ro" "$out"
prun -d --name vowner $N -v vol1:/vol "$IMAGE" sleep 60 >/dev/null
check "volume rm of a volume in use is refused" bash -c "! pm volume rm vol1 >/dev/null 2>&1"
pm rm -f -t 0 vowner >/dev/null
check "volume rm" pm volume rm vol1
# --volumes-from
prun -d --name vfrom $N -v vol3:/shared "$IMAGE" sh -c 'echo shared-data >/shared/s; sleep 60' >/dev/null
sleep 0.5
check "--volumes-from" expect_eq out shared-data "$(prun --rm $N --volumes-from vfrom "$IMAGE" cat /shared/s)"
pm rm -f -t 0 vfrom >/dev/null

# --- /dev/shm ----------------------------------------------------------------
shm() { grep ' /dev/shm ' /proc/mounts | sed 's/.*size=\([0-9]*k\).*/\1/'; }
check "shm: 64m by default" expect_eq out 64000k "$(prun --rm $N "$IMAGE" sh -c "$(declare -f shm); shm")"
check "--shm-size 16m" expect_eq out 16384k "$(prun --rm $N --shm-size 16m "$IMAGE" sh -c "$(declare -f shm); shm")"
out=$(prun --rm $N --shm-size 1m "$IMAGE" sh -c 'dd if=/dev/zero of=/dev/shm/x bs=1k count=2000 2>/dev/null || echo full')
check "--shm-size is enforced" expect_eq out full "$out"
# --ipc shareable / container: the same /dev/shm and IPC namespace
prun -d --name ipcowner $N --ipc shareable "$IMAGE" sh -c 'echo shm-data >/dev/shm/s; sleep 60' >/dev/null
sleep 0.5
out=$(prun --rm $N --ipc container:ipcowner "$IMAGE" cat /dev/shm/s)
check "--ipc container: shares /dev/shm" expect_eq out shm-data "$out"
check "--ipc container: the same IPC namespace" expect_eq ns "$(readlink /proc/"$(pid_of ipcowner)"/ns/ipc)" \
  "$(prun --rm $N --ipc container:ipcowner "$IMAGE" readlink /proc/self/ns/ipc)"
pm rm -f -t 0 ipcowner >/dev/null

# --- /etc/hosts, /etc/hostname, /etc/resolv.conf ----------------------------
out=$(prun --rm $N --add-host foo.example:192.0.2.1 --hostname hh "$IMAGE" sh -c 'cat /etc/hosts; echo; cat /etc/hostname')
check "/etc/hosts: --add-host" expect_match out '^192\.0\.2\.1[[:space:]]+foo\.example$' "$out"
check "/etc/hosts: localhost" expect_match out '^127\.0\.0\.1[[:space:]]+localhost' "$out"
check "/etc/hosts: the hostname" expect_match out '[[:space:]]hh( |$)' "$out"
check "/etc/hostname" expect_match out '^hh$' "$out"
out=$(prun --rm $N "$IMAGE" sh -c 'grep -E " /etc/(hosts|hostname|resolv.conf) " /proc/mounts | wc -l')
check "/etc/hosts and /etc/hostname are bind mounts (no resolv.conf without a network)" expect_eq out 2 "$out"
out=$(prun --rm --network host "$IMAGE" sh -c 'grep -E " /etc/(hosts|hostname|resolv.conf) " /proc/mounts | wc -l')
check "/etc/hosts, hostname and resolv.conf are bind mounts (host network)" expect_eq out 3 "$out"
out=$(prun --rm --network host --dns 192.0.2.53 --dns-search example.org "$IMAGE" cat /etc/resolv.conf)
check "/etc/resolv.conf: --dns, --dns-search" expect_eq out "search example.org
nameserver 192.0.2.53" "$out"
out=$(prun --rm $N --no-hosts "$IMAGE" sh -c 'grep -c " /etc/hosts " /proc/mounts')
check "--no-hosts: /etc/hosts not mounted" expect_eq out 0 "$out"

podman_finish
