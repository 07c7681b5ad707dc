#!/bin/sh
# examples/run.c against the INSTALLED library: `make install` into a
# temporary DESTDIR, compile with `pkg-config --cflags --libs libctrun`
# from there, and run a busybox container with it (root only, else 77
# after the build).
set -u
src=${top_srcdir:?}
build=${top_builddir:?}
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctrun-example-XXXXXX")
id=ctrun-example-$$
cleanup() {
  if [ -x "$build/ctrun" ] && [ -d "$tmp/state/$id" ]; then
    "$build/ctrun" --root "$tmp/state" delete --force "$id" >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
dest=$tmp/dest

# the parent make's jobserver is not ours to use
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} -C "$build" install DESTDIR="$dest" \
  >"$tmp/install.log" 2>&1 || { echo "FAIL: make install DESTDIR=$dest"; cat "$tmp/install.log"; exit 1; }
for f in "$dest${libdir:?}/libctrun.so.1" "$dest${pkgconfigdir:?}/libctrun.pc"; do
  [ -e "$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
# SYSROOT_DIR prefixes -I and -L with the DESTDIR, as for a cross sysroot
flags=$(PKG_CONFIG_PATH="$dest$pkgconfigdir" PKG_CONFIG_LIBDIR="$dest$pkgconfigdir" \
  PKG_CONFIG_SYSROOT_DIR="$dest" pkg-config --cflags --libs libctrun) ||
  { echo "FAIL: pkg-config libctrun"; exit 1; }
case $flags in *"$dest"*) ;; *) echo "FAIL: pkg-config gave '$flags', not under $dest"; exit 1 ;; esac
# -I only the installed tree: the source tree's headers must not be needed
# shellcheck disable=SC2086
$cc -std=c99 -Wall -Wextra -Werror ${SAN_CFLAGS:-} "$src/examples/run.c" -o "$tmp/run" $flags \
  -Wl,-rpath,"$dest$libdir" ${SAN_LDFLAGS:-} || { echo "FAIL: compile examples/run.c"; exit 1; }
ldd "$tmp/run" | grep -q "$dest$libdir/libctrun.so.1" ||
  { echo "FAIL: run does not load the installed libctrun.so.1:"; ldd "$tmp/run"; exit 1; }
echo "ok: examples/run.c built against $dest$libdir/libctrun.so.1"

[ "$(id -u)" = 0 ] || { echo "SKIP: running the example needs root"; exit 77; }
sh "$src/tests/rootfs/make-rootfs.sh" "$tmp/bundle/rootfs" >/dev/null 2>&1 ||
  { echo "SKIP: make-rootfs.sh failed (apt-get install busybox-static)"; exit 77; }
cat >"$tmp/bundle/config.json" <<JSON
{"ociVersion": "1.2.0",
 "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "cwd": "/",
   "args": ["sh", "-c", "echo hello from \$(hostname); exit 7"],
   "env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]},
 "root": {"path": "rootfs", "readonly": true},
 "hostname": "example",
 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
 "linux": {"cgroupsPath": "$id",
   "namespaces": [{"type": "pid"}, {"type": "uts"}, {"type": "mount"}, {"type": "ipc"}]}}
JSON
timeout 60 "$tmp/run" "$tmp/bundle" "$id" "$tmp/state" >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out" "$tmp/err"
fail=0
[ $rc = 0 ] || { echo "FAIL: run exited $rc"; fail=1; }
grep -qx "hello from example" "$tmp/out" || { echo "FAIL: no output of the container"; fail=1; }
grep -qx "run: container $id exited with status 7" "$tmp/out" || { echo "FAIL: exit status 7 not reported"; fail=1; }
[ ! -e "$tmp/state/$id" ] || { echo "FAIL: state of $id left behind"; fail=1; }
[ $fail = 0 ] && echo "PASS: the installed library ran a container: output and exit status 7"
exit $fail
