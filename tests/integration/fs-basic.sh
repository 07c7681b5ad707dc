#!/bin/sh
# The container filesystem from inside: default mounts and their options,
# devices and symlinks, linux.devices, maskedPaths, readonlyPaths, sysctl,
# root.readonly, bind/propagation options, the console.
. "$(dirname "$0")/fs-lib.sh"

host_forward=$(cat /proc/sys/net/ipv4/ip_forward)
b=$(new_bundle basic)
mkdir -p "$WORK/hostdir/sub" && echo host >"$WORK/hostdir/file"
printf 'secret\n' >"$b/rootfs/etc/secret"
mkdir -p "$b/rootfs/secretdir" && touch "$b/rootfs/secretdir/x"
write_config "$b" "$DEFAULT_MOUNTS,
  {\"destination\": \"/mnt/ro\", \"source\": \"$WORK/hostdir\", \"options\": [\"bind\", \"ro\", \"nosuid\"]},
  {\"destination\": \"/mnt/file\", \"source\": \"$WORK/hostdir/file\", \"options\": [\"bind\"]},
  {\"destination\": \"/mnt/shared\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"shared\", \"noexec\"]},
  {\"destination\": \"/mnt/new/deep/dir\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"size=1k\"]}" \
  '"devices": [{"path": "/dev/test1", "type": "c", "major": 10, "minor": 666, "fileMode": 432, "uid": 7, "gid": 8},
               {"path": "/dev/fifo1", "type": "p", "fileMode": 384}],
   "maskedPaths": ["/etc/secret", "/secretdir", "/does/not/exist", "/proc/keys"],
   "readonlyPaths": ["/proc/sys", "/missing"],
   "sysctl": {"net.ipv4.ip_forward": "1", "kernel.shmmax": "68719476736"}' \
  ', "readonly": true'

out=$(run_in "$b" -- '
  cat /proc/self/mountinfo
  echo "DEV $(stat -c "%n %F %t:%T %a" /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty | tr "\n" ";")"
  echo "LINK fd=$(readlink /dev/fd) stdin=$(readlink /dev/stdin) stdout=$(readlink /dev/stdout) stderr=$(readlink /dev/stderr) ptmx=$(readlink /dev/ptmx)"
  echo "TEST1 $(stat -c "%F %t:%T %a %u:%g" /dev/test1)"
  echo "FIFO1 $(stat -c "%F %a" /dev/fifo1)"
  echo "SECRET [$(cat /etc/secret)] DIR [$(ls /secretdir)] KEYS [$(cat /proc/keys)]"
  echo "SYSCTL $(cat /proc/sys/net/ipv4/ip_forward) $(cat /proc/sys/kernel/shmmax)"
  (echo x >/proc/sys/kernel/domainname) 2>/dev/null && echo "PROCSYS writable" || echo "PROCSYS ro"
  touch /rootfile 2>/dev/null && echo "ROOT writable" || echo "ROOT ro"
  touch /mnt/ro/x 2>/dev/null && echo "BIND writable" || echo "BIND ro"
  echo "FILE $(cat /mnt/file)"
  touch /dev/shm/x && echo "SHM writable"
') || { fail "container runs" "$out"; finish; }
pass "container runs"

mi() { echo "$out" | awk -v m="$1" '$5 == m'; }
check "/proc is a proc mount" sh -c "echo '$(mi /proc)' | grep -q ' - proc proc '"
check "/sys is sysfs, ro,nosuid,nodev,noexec" sh -c "echo '$(mi /sys)' | grep -q ' ro,nosuid,nodev,noexec.* - sysfs sysfs '"
check "/dev is a tmpfs with size and mode" sh -c "echo '$(mi /dev)' | grep -q 'nosuid.* - tmpfs tmpfs rw,size=65536k,mode=755'"
check "/dev/pts is a new devpts with ptmxmode" sh -c "echo '$(mi /dev/pts)' | grep -q 'devpts devpts .*ptmxmode=666'"
check "/dev/shm and /dev/mqueue are mounted" sh -c "echo '$(mi /dev/shm)' | grep -q 'tmpfs shm' && echo '$(mi /dev/mqueue)' | grep -q mqueue"
check "root is read-only (root.readonly)" sh -c "echo '$(mi /)' | grep -q ' / ro,' && echo '$out' | grep -q 'ROOT ro'"
check "ro bind is read-only and nosuid" sh -c "echo '$(mi /mnt/ro)' | grep -q ' ro,nosuid' && echo '$out' | grep -q 'BIND ro'"
check "file bind shows the host file" sh -c "echo '$out' | grep -q '^FILE host$'"
check "shared option gives a shared mount" sh -c "echo '$(mi /mnt/shared)' | grep -q 'noexec.* shared:'"
check "missing nested target created" sh -c "echo '$(mi /mnt/new/deep/dir)' | grep -q tmpfs"
check "default devices" sh -c "echo '$out' | grep -q 'DEV /dev/null character special file 1:3 666;/dev/zero character special file 1:5 666;/dev/full character special file 1:7 666;/dev/random character special file 1:8 666;/dev/urandom character special file 1:9 666;/dev/tty character special file 5:0 666;'"
check "default symlinks" sh -c "echo '$out' | grep -q 'LINK fd=/proc/self/fd stdin=/proc/self/fd/0 stdout=/proc/self/fd/1 stderr=/proc/self/fd/2 ptmx=pts/ptmx'"
check "linux.devices char device with mode and owner" sh -c "echo '$out' | grep -q 'TEST1 character special file a:29a 660 7:8'"
check "linux.devices fifo" sh -c "echo '$out' | grep -q 'FIFO1 fifo 600'"
check "maskedPaths: file, directory, /proc file are empty" sh -c "echo '$out' | grep -q 'SECRET \[\] DIR \[\] KEYS \[\]'"
check "sysctl values applied" sh -c "echo '$out' | grep -q 'SYSCTL 1 68719476736'"
check "readonlyPaths: /proc/sys is read-only" sh -c "echo '$out' | grep -q 'PROCSYS ro'"
check "/dev/shm is writable" sh -c "echo '$out' | grep -q 'SHM writable'"
check "host bind source untouched" test ! -e "$WORK/hostdir/x"
check "host ip_forward not changed by the container" test "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host_forward"
check "no device node left in the bundle's rootfs" test ! -e "$b/rootfs/dev/null"

# --no-pivot: MS_MOVE + chroot
out=$(run_in "$b" --no-pivot -- 'cat /etc/hostname; ls /mnt/ro/file') && \
  check "--no-pivot runs in the rootfs" sh -c "echo '$out' | grep -q '^ctrun$'" || fail "--no-pivot runs" "$out"

# rootfsPropagation
b2=$(new_bundle prop)
write_config "$b2" "$DEFAULT_MOUNTS" '"rootfsPropagation": "shared"'
out=$(run_in "$b2" -- 'grep -E "^[0-9]+ [0-9]+ [^ ]+ [^ ]+ / " /proc/self/mountinfo') && \
  check "rootfsPropagation shared" sh -c "echo '$out' | grep -q 'shared:'" || fail "rootfsPropagation shared" "$out"
write_config "$b2" "$DEFAULT_MOUNTS" '"rootfsPropagation": "unbindable"'
out=$(run_in "$b2" -- 'grep -E "^[0-9]+ [0-9]+ [^ ]+ [^ ]+ / " /proc/self/mountinfo') && \
  check "rootfsPropagation unbindable" sh -c "echo '$out' | grep -q 'unbindable'" || fail "rootfsPropagation unbindable" "$out"

# console: the slave of the container's devpts is fds 0-2 and /dev/console
out=$(run_in "$b2" --terminal -- '[ -t 0 ] && [ -t 1 ] && echo "TTY yes"; stat -c "CONSOLE %t:%T" /dev/console; grep " /dev/console " /proc/self/mountinfo | grep -c devpts') || true
check "terminal: fds 0-2 are a tty" sh -c "echo '$out' | grep -q 'TTY yes'"
check "terminal: /dev/console is the pty slave (136:0)" sh -c "echo '$out' | grep -q 'CONSOLE 88:0'"
finish
