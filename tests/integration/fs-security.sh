#!/bin/sh
# Symlinks in the rootfs never lead a mount, a device, the console or a
# masked path out of it; procfs and sysfs targets are checked; the host
# stays untouched.
. "$(dirname "$0")/fs-lib.sh"

HOSTDIR=$WORK/host-target
mkdir -p "$HOSTDIR"
echo original >"$WORK/host-file"

expect_refused() { # DESC BUNDLE PATTERN
  if err=$("$DRIVER" "$2" /bin/true 2>&1 </dev/null); then
    fail "$1" "the container ran"
  elif echo "$err" | grep -q "$3"; then
    pass "$1"
  else
    fail "$1" "$err"
  fi
}

# /proc in the rootfs is a symlink to a host directory
b=$(new_bundle procsym)
rmdir "$b/rootfs/proc" && ln -s "$HOSTDIR" "$b/rootfs/proc"
write_config "$b" '{"destination": "/proc", "type": "proc", "source": "proc"}'
expect_refused "symlinked /proc target is refused" "$b" "symlink"
check "host directory behind the /proc symlink untouched" test -z "$(ls -A "$HOSTDIR")"

# /proc holding files
b=$(new_bundle procfull)
touch "$b/rootfs/proc/fake"
write_config "$b" '{"destination": "/proc", "type": "proc", "source": "proc"}'
expect_refused "non-empty /proc target is refused" "$b" "empty directory"

# a bind of something that is not procfs over /proc; mounts over /proc/sys
b=$(new_bundle procbind)
write_config "$b" "{\"destination\": \"/proc\", \"source\": \"$HOSTDIR\", \"options\": [\"bind\"]}"
expect_refused "bind of a non-procfs over /proc is refused" "$b" "procfs"
write_config "$b" '{"destination": "/proc", "type": "proc", "source": "proc"},
  {"destination": "/proc/sys", "type": "tmpfs", "source": "tmpfs"}'
expect_refused "tmpfs over /proc/sys is refused" "$b" "not allowed"
write_config "$b" '{"destination": "/proc", "type": "proc", "source": "proc"},
  {"destination": "/proc/sysrq-trigger", "source": "/dev/null", "options": ["bind"]}'
expect_refused "bind over /proc/sysrq-trigger is refused" "$b" "not allowed"
write_config "$b" '{"destination": "/proc", "type": "tmpfs", "source": "tmpfs"}'
expect_refused "tmpfs over /proc is refused" "$b" "not allowed"

# mount targets through absolute and relative symlinks stay in the rootfs
b=$(new_bundle escape)
ln -s "$HOSTDIR" "$b/rootfs/mnt/abs"
ln -s ../../../../../../../../.. "$b/rootfs/mnt/up"
write_config "$b" "$DEFAULT_MOUNTS,
  {\"destination\": \"/mnt/abs/x\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},
  {\"destination\": \"/mnt/up$HOSTDIR/y\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}" \
  "\"maskedPaths\": [\"/mnt/abs\"], \"devices\": [{\"path\": \"/mnt/up$HOSTDIR/dev0\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]"
out=$(run_in "$b" -- "grep -c ' $HOSTDIR/[xy] ' /proc/self/mountinfo; ls -A $HOSTDIR") || fail "symlinked targets run" "$out"
check "absolute and relative symlink targets were created inside the rootfs" test -d "$b/rootfs$HOSTDIR/x" -a -d "$b/rootfs$HOSTDIR/y"
check "host directory behind the symlinks untouched" test -z "$(ls -A "$HOSTDIR")"
check "device through a symlink created inside the rootfs" test -c "$b/rootfs$HOSTDIR/dev0"
check "mounts landed at the in-rootfs paths" sh -c "echo '$out' | head -1 | grep -qx 2"

# no tmpfs on /dev: /dev/console and /dev/null are symlinks to host files
b=$(new_bundle consolesym)
ln -s "$WORK/host-file" "$b/rootfs/dev/console"
ln -s "$WORK/host-file" "$b/rootfs/dev/null"
write_config "$b" '{"destination": "/proc", "type": "proc", "source": "proc"},
  {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["newinstance", "ptmxmode=0666"]}' \
  '"maskedPaths": ["/etc/passwd"]'
out=$(run_in "$b" --terminal -- 'stat -c "CONSOLE %F %t" /dev/console; echo "PASSWD [$(cat /etc/passwd)]"') || true
check "symlinked /dev/console replaced inside the rootfs by the pty" sh -c "echo '$out' | grep -q 'CONSOLE character special file 88'"
check "masking uses the real /dev/null, not the rootfs symlink" sh -c "echo '$out' | grep -q 'PASSWD \[\]'"
check "host file behind /dev/console and /dev/null untouched" sh -c "test -f '$WORK/host-file' && test \"\$(cat '$WORK/host-file')\" = original && ! grep -q ' $WORK/host-file ' /proc/self/mountinfo"

# a rootfs swapped for a symlink between planning and setup is not used:
# covered by the dev/ino check in the child (planning resolves root.path)
b=$(new_bundle notdir)
rm -rf "$b/rootfs" && echo x >"$b/rootfs"
write_config "$b" ''
expect_refused "root.path that is not a directory is refused" "$b" "not a directory"
finish
