#!/bin/sh
# make-rootfs.sh DIR: a busybox rootfs for tests and the README's example,
# from Debian's busybox-static (apt-get install busybox-static).
set -eu
dir=$1
bb=""
for b in /bin/busybox /usr/bin/busybox; do
  if [ -x "$b" ] && ! ldd "$b" >/dev/null 2>&1; then bb=$b; break; fi
done
[ -n "$bb" ] || { echo "make-rootfs.sh: need a static busybox: apt-get install busybox-static" >&2; exit 1; }
mkdir -p "$dir"/bin "$dir"/sbin "$dir"/usr/bin "$dir"/usr/sbin "$dir"/dev "$dir"/proc \
  "$dir"/sys "$dir"/tmp "$dir"/etc "$dir"/root "$dir"/mnt "$dir"/var/tmp "$dir"/run "$dir"/home
chmod 1777 "$dir"/tmp "$dir"/var/tmp
cp "$bb" "$dir"/bin/busybox
for a in $("$bb" --list); do
  [ "$a" = busybox ] || [ -e "$dir/bin/$a" ] || ln -s busybox "$dir/bin/$a"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir"/etc/passwd
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' >"$dir"/etc/group
echo ctrun >"$dir"/etc/hostname
