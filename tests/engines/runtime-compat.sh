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

finish
