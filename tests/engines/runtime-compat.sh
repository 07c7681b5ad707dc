#!/bin/bash
# What the engines (podman, containerd, buildah) need from the runtime
# itself, checked directly: each of these was found by running an engine
# over ctrun.  CTRUN=/usr/sbin/runc runs the same checks against runc.
. "$(dirname "$0")/../integration/core-lib.sh"

# delete --force of a container that does not exist succeeds (podman after a
# failed create, containerd's shim on cleanup); without --force it fails
check "delete --force of a missing container succeeds" rt delete --force no-such-container
check "delete --force of a missing container prints nothing" \
  test -z "$(rt delete --force no-such-container 2>&1)"
check "delete of a missing container fails" bash -c "! timeout 30 '$RT' --root '$ROOT' delete no-such-container 2>/dev/null"

# tmpcopyup: podman --read-only mounts /tmp, /var/tmp and /run with it
mkdir -p "$BUNDLE/rootfs/cu/sub"
echo data >"$BUNDLE/rootfs/cu/file"
echo deep >"$BUNDLE/rootfs/cu/sub/deep"
ln -sfn file "$BUNDLE/rootfs/cu/link"
chown 1000:1000 "$BUNDLE/rootfs/cu/sub/deep"
chmod 0640 "$BUNDLE/rootfs/cu/file"
chmod 0750 "$BUNDLE/rootfs/cu"
mkdir -p "$BUNDLE/rootfs/plain"
chmod 0700 "$BUNDLE/rootfs/plain"
config '.process.args = ["sh", "-c",
  "cat /cu/file /cu/sub/deep /cu/link; stat -c \"%a %u\" /cu/file /cu/sub/deep; readlink /cu/link; stat -c %a /cu /plain /fresh; grep -E \" /cu | /plain \" /proc/mounts | cut -d\" \" -f3; echo new >/cu/file"]
  | .mounts += [{"destination": "/cu", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup", "nosuid"]},
                {"destination": "/plain", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]},
                {"destination": "/fresh", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]}]'
rm -rf "$BUNDLE/rootfs/fresh"
run_inside cu || { cat "$T/cu.out" >&2; fail "run with tmpcopyup"; }
check "tmpcopyup copies files, subdirectories and symlinks; owners and modes kept; the tmpfs root takes the directory's mode (as runc)" \
  test "$(cat "$T/cu.out")" = "data
deep
data
640 0
644 1000
file
750
700
1777
tmpfs
tmpfs"
check "tmpcopyup: writes go to the tmpfs, not the image" test "$(cat "$BUNDLE/rootfs/cu/file")" = data
rt delete cu

# the v1 cgroup mount inside (no cgroup namespace): each hierarchy is the
# container's own cgroup, as runc binds it, not the host's whole tree
if [ -d /sys/fs/cgroup/memory ] && ! [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  config '.process.args = ["sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; wc -l </sys/fs/cgroup/pids/cgroup.procs; ls /sys/fs/cgroup/memory | grep -c ^ctrun-"]
    | .linux.resources = {"memory": {"limit": 33554432}, "pids": {"limit": 42}}
    | .linux.namespaces |= map(select(.type != "cgroup"))
    | .mounts |= map(select(.destination != "/sys/fs/cgroup")) + [{"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["ro", "nosuid", "noexec", "nodev"]}]'
  run_inside cgv1 || { cat "$T/cgv1.out" >&2; fail "run with a cgroup mount"; }
  check "cgroup v1 mount: the container's own memory and pids cgroups (sh and wc in it), nothing else" \
    test "$(cat "$T/cgv1.out")" = "33554432
42
2
0"
  rt delete cgv1
fi

finish
