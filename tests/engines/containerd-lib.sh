# Sourced by tests/engines/containerd.sh after lib.sh: a private containerd
# 1.6 (own config, root, state and sockets under $T/containerd), started
# here and stopped at the end, with an image imported from a docker archive
# made from the busybox rootfs (no registry is reached).  The runc v2 shim
# runs the runtime under test: ctr run --runc-binary $T/bin/runtime.
need containerd ctr containerd-shim-runc-v2
C=$T/containerd
mkdir -p "$C"
cat >"$C/config.toml" <<EOF
version = 2
root = "$C/root"
state = "$C/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$C/containerd.sock"
[ttrpc]
  address = "$C/containerd.sock.ttrpc"
[debug]
  address = "$C/debug.sock"
EOF
CTRD_IMAGE=localhost/ctrun-test:latest
CTRD_NS=ctrun-test

containerd_start() {
  # "runc" on the shim's PATH is the runtime under test too, for what ctr
  # creates without --runc-binary (ctr container create has no such flag)
  mkdir -p "$C/path"
  ln -s "$T/bin/runtime" "$C/path/runc"
  PATH=$C/path:$PATH containerd --config "$C/config.toml" >"$C/containerd.log" 2>&1 &
  CTRD_PID=$!
  local i
  for i in $(seq 100); do
    ctr -a "$C/containerd.sock" version >/dev/null 2>&1 && return 0
    kill -0 "$CTRD_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$C/containerd.log" >&2
  fail "containerd did not start"
}

# at exit: every task killed and deleted, then containerd stopped (the pid
# namespace of lib.sh kills whatever would remain)
containerd_stop() {
  local c
  for c in $(ctrd task ls -q 2>/dev/null); do
    ctrd task kill -s SIGKILL "$c" >/dev/null 2>&1
  done
  for c in $(ctrd container ls -q 2>/dev/null); do
    ctrd task delete -f "$c" >/dev/null 2>&1
    ctrd container delete "$c" >/dev/null 2>&1
  done
  [ -n "${CTRD_PID:-}" ] && kill "$CTRD_PID" 2>/dev/null && wait "$CTRD_PID" 2>/dev/null
}

# ctrd ARGS...: ctr against the private containerd, in the test's namespace
ctrd() { timeout -k 10 60 ctr -a "$C/containerd.sock" -n "$CTRD_NS" "$@"; }
# crun_ ID [CTR-RUN-OPTIONS...] -- CMD...: ctr run of the image with the
# runtime under test
crun_() {
  local id=$1 opts=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  ctrd run --runc-binary "$T/bin/runtime" "${opts[@]}" "$CTRD_IMAGE" "$id" "$@"
}

# A docker archive (manifest.json, config, one layer) of the rootfs, made
# by hand: containerd imports it like `docker save` output.
containerd_setup_image() {
  local d=$T/image arch
  mkdir -p "$d/layer"
  make_rootfs "$T/rootfs"
  tar -C "$T/rootfs" -cf "$d/layer/layer.tar" . || fail "tar the rootfs"
  local diff
  diff=$(sha256sum "$d/layer/layer.tar" | cut -d' ' -f1)
  arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
  jq -n --arg diff "sha256:$diff" --arg arch "$arch" '{
      architecture: $arch, os: "linux",
      config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "IMGVAR=from-image"],
               Cmd: ["/bin/sh"], WorkingDir: "/"},
      rootfs: {type: "layers", diff_ids: [$diff]}}' >"$d/config.json"
  local cfg
  cfg=$(sha256sum "$d/config.json" | cut -d' ' -f1)
  mv "$d/config.json" "$d/$cfg.json"
  jq -n --arg cfg "$cfg.json" --arg tag "$CTRD_IMAGE" \
    '[{Config: $cfg, RepoTags: [$tag], Layers: ["layer/layer.tar"]}]' >"$d/manifest.json"
  tar -C "$d" -cf "$T/image.tar" manifest.json "$cfg.json" layer/layer.tar || fail "tar the image"
  ctrd image import "$T/image.tar" >/dev/null || fail "ctr image import"
}

containerd_finish() {
  containerd_stop
  argv_check containerd
  finish
}
