# Sourced by tests/engines/podman-*.sh after lib.sh: podman 4.3 with its own
# store (vfs), run root, runtime state root, containers.conf, network config
# and events log under $T/podman, and an image made from the busybox rootfs
# (no registry is reached).
need podman conmon
P=$T/podman
mkdir -p "$P"/net "$P"/tmp "$P"/static

# podman asks for nofile=nproc=1048576 by default; root here lacks
# CAP_SYS_RESOURCE, so the defaults stay within the hard limits (conmon
# caps its own nproc at 32768).
hard_nofile=$(ulimit -Hn)
hard_nproc=$(ulimit -Hu)
[ "$hard_nproc" = unlimited ] || [ "$hard_nproc" -gt 4096 ] && hard_nproc=4096
cat >"$P/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$hard_nofile:$hard_nofile", "nproc=$hard_nproc:$hard_nproc"]
log_driver = "k8s-file"
# CONTAINERS_CONF replaces Debian's /usr/share/containers/containers.conf:
# what that file sets, so podman behaves as installed
default_capabilities = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE",
  "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
default_sysctls = ["net.ipv4.ping_group_range=0 0"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$P/events.log"
runtime = "ctrun"
runtime_supports_json = ["ctrun"]
static_dir = "$P/static"
tmp_dir = "$P/tmp"

[engine.runtimes]
ctrun = ["$T/bin/runtime"]

[network]
network_backend = "netavark"
network_config_dir = "$P/net"
EOF
printf '[storage]\ndriver = "vfs"\nrunroot = "%s/run"\ngraphroot = "%s/store"\n' "$P" "$P" >"$P/storage.conf"
printf 'unqualified-search-registries = []\n' >"$P/registries.conf"
export CONTAINERS_CONF=$P/containers.conf CONTAINERS_STORAGE_CONF=$P/storage.conf \
  CONTAINERS_REGISTRIES_CONF=$P/registries.conf

IMAGE=localhost/ctrun-test:latest

# pm ARGS...: podman with the private store; stdin from /dev/null unless
# the caller redirects it
pm() {
  timeout -k 10 120 podman --root "$P/store" --runroot "$P/run" --storage-driver vfs \
    --cgroup-manager cgroupfs --runtime ctrun "$@"
}
# prun/pcreate ARGS...: podman run/create.  Cgroups need no option: the
# test's cgroup namespace roots podman's /libpod_parent under the test's
# own cgroup (lib.sh)
prun() { pm run "$@"; }
pcreate() { pm create "$@"; }

# pid_of NAME: the host pid of a running container's init
pid_of() { pm inspect -f '{{.State.Pid}}' "$1"; }
# config_of NAME: the config.json podman gave the runtime
config_of() { cat "$P/store/vfs-containers/$(pm inspect -f '{{.Id}}' "$1")/userdata/config.json"; }

# cg_placed NAME [EXPECTED]: the container's init is in the cgroup its
# config.json names (EXPECTED, default its cgroupsPath), in every hierarchy
cg_placed() {
  local pid want line
  pid=$(pid_of "$1") && [ "$pid" -gt 0 ] || return 1
  want=${2:-$(config_of "$1" | jq -r .linux.cgroupsPath)}
  while IFS= read -r line; do
    [ "${line#*:*:}" = "$want" ] || { echo "  $1: $line, expected $want" >&2; return 1; }
  done <"/proc/$pid/cgroup"
}

podman_setup_image() {
  make_rootfs "$T/rootfs"
  tar -C "$T/rootfs" -c . | pm import --change 'CMD ["/bin/sh"]' --change 'ENV IMGVAR=from-image' \
    - "$IMAGE" >/dev/null || fail "podman import"
}

podman_finish() {
  argv_check podman
  finish
}
