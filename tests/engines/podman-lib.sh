# Sourced by tests/engines/podman-*.sh after lib.sh: podman 4.3 with its own
# store (vfs), run root, runtime state root, containers.conf, network config
# and events log under $T/podman, and an image made from the busybox rootfs
# (no registry is reached).
need podman conmon
P=$T/podman
mkdir -p "$P"/net "$P"/tmp "$P"/volumes "$P"/static

# podman asks for nofile=nproc=1048576 by default; root here lacks
# CAP_SYS_RESOURCE, so the defaults stay within the hard limits (conmon
# caps its own nproc at 32768).
hard_nofile=$(ulimit -Hn)
hard_nproc=$(ulimit -Hu)
[ "$hard_nproc" = unlimited ] || [ "$hard_nproc" -gt 4096 ] && hard_nproc=4096
cat >"$P/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$hard_nofile:$hard_nofile", "nproc=$hard_nproc:$hard_nproc"]
# conmon stays in the test's cgroup (not <cgroup-parent>/conmon, which
# podman would make at the root of each hierarchy)
cgroups = "no-conmon"
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$P/events.log"
runtime = "ctrun"
runtime_supports_json = ["ctrun"]
static_dir = "$P/static"
tmp_dir = "$P/tmp"
volume_path = "$P/volumes"

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
  timeout 120 podman --root "$P/store" --runroot "$P/run" --storage-driver vfs \
    --cgroup-manager cgroupfs --runtime ctrun "$@"
}
# prun/pcreate ARGS...: podman run/create with the cgroup under the test's
prun() { pm run --cgroup-parent "$CG" "$@"; }
pcreate() { pm create --cgroup-parent "$CG" "$@"; }

# pid_of NAME: the host pid of a running container's init
pid_of() { pm inspect -f '{{.State.Pid}}' "$1"; }

# cg_nested NAME: the container's cgroups are under the test's own cgroup
# (/proc/PID/cgroup: memory under ours, every controller under $CG)
cg_nested() {
  local pid
  pid=$(pid_of "$1") && [ "$pid" -gt 0 ] || return 1
  local own=$CG_OWN_MEMORY
  [ "$own" = / ] && own=
  grep -Eq "^[0-9]+:memory:$own/$CG/" "/proc/$pid/cgroup" &&
    grep -Eq "^[0-9]+:pids:/(.*/)?$CG/" "/proc/$pid/cgroup"
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
