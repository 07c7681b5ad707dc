#!/bin/bash
# podman with the runtime under test: pid, user, cgroup, ipc and uts
# namespaces, pods, and networks none, host, bridge and slirp4netns.
# Bridge and slirp4netns run in the test's own network namespace (lib.sh):
# netavark's bridge, veths and iptables rules never reach the host's.
. "$(dirname "$0")/lib.sh"
. "$ENGINES_SRC/podman-lib.sh"
podman_setup_image
N="--network none"
BB=$(command -v busybox || echo /bin/busybox)

# --- pid namespace -----------------------------------------------------------
# (the shell's own glob, no child: a pipeline's processes start at their
# own pace, so ls could see grep or not)
out=$(prun --rm $N "$IMAGE" sh -c 'echo $$; set -- /proc/[0-9]*; echo $#')
check "pid ns private: the command is pid 1, and the only process" expect_eq out "1
1" "$out"
out=$(prun --rm $N --pid host "$IMAGE" sh -c 'tr "\0" " " </proc/1/cmdline')
check "--pid host: sees the host's pid 1 (the test's, here)" expect_eq out "$(tr '\0' ' ' </proc/1/cmdline)" "$out"
prun -d --name pidowner $N "$IMAGE" sleep 60 >/dev/null
out=$(prun --rm $N --pid container:pidowner "$IMAGE" sh -c 'ps -o comm | grep -c "^sleep"')
check "--pid container: sees the other container's processes" expect_eq out 1 "$out"
pm rm -f -t 0 pidowner >/dev/null

# --- user namespace ----------------------------------------------------------
prun -d --name userns $N --uidmap 0:100000:65536 --gidmap 0:100000:65536 "$IMAGE" sh -c \
  'cat /proc/self/uid_map /proc/self/gid_map >/tmp/maps; id >/tmp/id; sleep 60' >/dev/null
sleep 0.5
out=$(nsenter -t "$(pid_of userns)" -m cat /tmp/maps)
check "--uidmap/--gidmap: the maps" expect_eq out "         0     100000      65536
         0     100000      65536" "$out"
out=$(nsenter -t "$(pid_of userns)" -m cat /tmp/id)
check "--uidmap: root inside" expect_eq out "uid=0(root) gid=0(root)" "$out"
check "--uidmap: uid 100000 outside" expect_eq out "100000 100000" \
  "$(awk '/^Uid:/ {u=$2} /^Gid:/ {g=$2} END {print u, g}' /proc/"$(pid_of userns)"/status)"
check "--uidmap: its own user namespace" expect_match ns 'user' \
  "$([ "$(readlink /proc/"$(pid_of userns)"/ns/user)" != "$(readlink /proc/self/ns/user)" ] && echo user)"
pm rm -f -t 0 userns >/dev/null
# (--userns=auto needs a "containers" range in the host's /etc/subuid: not
# set up here, the test does not edit host files)

# --- cgroup namespace --------------------------------------------------------
out=$(prun --rm $N --cgroupns private "$IMAGE" sh -c 'cut -d: -f3 /proc/self/cgroup | sort -u')
check "--cgroupns private: the container's cgroup is its root" expect_eq out / "$out"
prun -d --name cgh $N --cgroupns host "$IMAGE" sleep 60 >/dev/null
want=$(config_of cgh | jq -r .linux.cgroupsPath)
check "--cgroupns host: the full path" cg_placed cgh "$want"
check "--cgroupns host: the namespace of the engine" expect_eq ns "$(readlink /proc/self/ns/cgroup)" \
  "$(readlink /proc/"$(pid_of cgh)"/ns/cgroup)"
pm rm -f -t 0 cgh >/dev/null

# --- ipc and uts -------------------------------------------------------------
out=$(prun --rm $N --ipc host --uts host "$IMAGE" sh -c 'readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts; hostname')
check "--ipc host --uts host" expect_eq out "$(readlink /proc/self/ns/ipc)
$(readlink /proc/self/ns/uts)
$(hostname)" "$out"
out=$(prun --rm $N "$IMAGE" sh -c 'readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts')
check "ipc and uts private by default" expect_eq same no \
  "$([ "$out" = "$(readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts)" ] && echo yes || echo no)"

# --- pods --------------------------------------------------------------------
pm pod create --name pod1 --share net,ipc,uts,pid --hostname podhost >/dev/null || fail "pod create"
check "pod start (infra container)" q pm pod start pod1
prun -d --pod pod1 --name podc1 "$IMAGE" sh -c 'echo pod-shm >/dev/shm/x; sleep 60' >/dev/null
sleep 0.5
infra=$(pm pod inspect -f '{{.InfraContainerID}}' pod1)
out=$(prun --rm --pod pod1 "$IMAGE" sh -c 'hostname; cat /dev/shm/x; ps -o comm | grep -c "^sleep"; readlink /proc/self/ns/net')
check "pod: shared uts, ipc, pid and net namespaces" expect_eq out "podhost
pod-shm
1
$(readlink /proc/"$(pid_of "$infra")"/ns/net)" "$out"
check "pod: the infra container runs" expect_eq state running "$(pm inspect -f '{{.State.Status}}' "$infra")"
check "pod: containers' cgroups under the pod's" expect_match path "/$(pm pod inspect -f '{{.Id}}' pod1)/libpod-" \
  "$(config_of podc1 | jq -r .linux.cgroupsPath)"
check "pod: the init is in that cgroup" cg_placed podc1
check "pod stop" q pm pod stop -t 1 pod1
check "pod: its containers stopped" expect_eq state exited "$(pm inspect -f '{{.State.Status}}' podc1)"
check "pod rm" q pm pod rm -f pod1

# --- networks ----------------------------------------------------------------
out=$(prun --rm --network none "$IMAGE" sh -c 'ls /sys/class/net')
check "--network none: only lo" expect_eq out lo "$out"
out=$(prun --rm --network host "$IMAGE" readlink /proc/self/ns/net)
check "--network host: the engine's network namespace" expect_eq ns "$(readlink /proc/self/ns/net)" "$out"

# bridge (netavark, the default network): container to container, and
# container to the gateway (the test's namespace)
prun -d --name server "$IMAGE" sh -c 'while true; do echo from-server | nc -l -p 5555; done' >/dev/null
sip=$(pm inspect -f '{{.NetworkSettings.IPAddress}}' server)
check "bridge: the container has an address" expect_match ip '^10\.88\.' "$sip"
out=$(prun --rm "$IMAGE" sh -c "ip -o -4 addr show eth0 | grep -c 10.88.; nc $sip 5555 </dev/null")
check "bridge: container to container" expect_eq out "1
from-server" "$out"
timeout 20 "$BB" sh -c 'echo from-gateway | nc -l -p 5556' &
sleep 0.5
out=$(prun --rm "$IMAGE" sh -c 'nc 10.88.0.1 5556 </dev/null')
check "bridge: container to the gateway (the test's namespace)" expect_eq out from-gateway "$out"
wait
pm rm -f -t 0 server >/dev/null
pm network create --subnet 10.99.0.0/24 testnet >/dev/null
out=$(prun --rm --network testnet "$IMAGE" sh -c 'ip -o -4 addr show eth0 | grep -o "10\.99\.0\.[0-9]*"')
check "a user-defined network" expect_match ip '^10\.99\.0\.[0-9]+$' "$out"
pm network rm testnet >/dev/null

# slirp4netns: user-mode networking; the test's loopback as 10.0.2.2
if command -v slirp4netns >/dev/null; then
  out=$(prun --rm --network slirp4netns "$IMAGE" sh -c 'ip -o -4 addr show tap0 | grep -o "10\.0\.2\.[0-9]*/24"; ip route | grep default')
  check "slirp4netns: tap0 and the default route" expect_eq out "10.0.2.100/24
default via 10.0.2.2 dev tap0 " "$out"
  timeout 20 "$BB" sh -c 'echo from-loopback | nc -l -p 5557' &
  sleep 0.5
  out=$(prun --rm --network slirp4netns:allow_host_loopback=true "$IMAGE" sh -c 'nc 10.0.2.2 5557 </dev/null')
  check "slirp4netns: reaches the engine's loopback" expect_eq out from-loopback "$out"
  wait
else
  echo "skip: slirp4netns is not installed"
fi

podman_finish
