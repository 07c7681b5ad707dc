# Sourced (by bash) by tests/engines/*.sh: runs a container engine (podman,
# containerd, buildah) against the runtime under test, with everything
# private to the test.
#
#   ENGINES_RUNTIME=/path   the runtime under test (default $top_builddir/ctrun);
#                           ENGINES_RUNTIME=/usr/sbin/runc runs the same
#                           scenarios against runc, for comparison.
#
# How it keeps to itself.  The script re-executes itself in a cgroup of its
# own, $CG, made under the test's cgroup in every hierarchy, and there in new
# cgroup, mount, pid and network namespaces (unshare -Cmnpf):
#   - the cgroup hierarchies are mounted anew inside, rooted at $CG: every
#     cgroup an engine, its monitor or the runtime makes (podman's
#     /libpod_parent, a pod's cgroup, containerd's /default/ID, relative
#     cgroupsPaths) lands under $CG, never at the root of a hierarchy;
#   - tmpfs over /run, /var/lib/containers, /var/lib/containerd and
#     /var/lib/cni: an engine cannot reach the machine's default store,
#     socket or state even by a default we forgot to override;
#   - every engine, conmon, shim and container lives in the test's pid
#     namespace: when the script ends, the kernel kills whatever is left;
#   - bridge networks, iptables rules and sysctls land in the test's own
#     network namespace, never the host's.
# Each engine also gets its own store, state root and config under $T.  The
# outer half removes $CG (deepest first) and $T once the inner half ended.
#
# Every runtime invocation goes through $T/bin/runtime, which appends its
# argv to $T/argv.log; at the end the normalized argv is checked against
# tests/engines/observed-argv.txt (see argv_check).

# CI runs the engines once, against the plain build: under the sanitizer
# build they would test the engines' timing, not ctrun's memory safety,
# and cost minutes of the CI budget
if [ -n "${CTRUN_SKIP_ENGINES:-}" ]; then
  echo "SKIP: CTRUN_SKIP_ENGINES is set"
  exit 77
fi

set -u
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in unshare jq timeout ip flock; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
ENGINES_SRC=$top_srcdir/tests/engines

# need TOOL...: skips (77) when an engine or a helper is not installed
need() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "SKIP: $t is not installed (apt-get install $t)"; exit 77; }
  done
}

# engines_cgroup_dirs: the host directory of $CG in each hierarchy of ours
engines_cgroup_dirs() {
  local line ctl own
  while IFS= read -r line; do
    ctl=${line#*:}; ctl=${ctl%%:*}; own=${line#*:*:}
    ctl=${ctl#name=}
    [ "$own" = / ] && own=
    if [ -n "$ctl" ]; then echo "/sys/fs/cgroup/$ctl$own/$CG"
    elif [ -d /sys/fs/cgroup/unified ]; then echo "/sys/fs/cgroup/unified$own/$CG" # hybrid
    else echo "/sys/fs/cgroup$own/$CG"; fi
  done </proc/self/cgroup
}

engines_outer() {
  # a sanitizer build runs 2-3 times slower: there only the scripts that set
  # ENGINES_SANITIZER_SUBSET=yes run (ENGINES_ALL=1 runs every one)
  if [ -z "${ENGINES_RUNTIME:-}${CTRUN:-}${ENGINES_ALL:-}" ] && [ "${ENGINES_SANITIZER_SUBSET:-}" != yes ] &&
    grep -q '^SAN_CFLAGS = .*-fsanitize' "$top_builddir/Makefile" 2>/dev/null; then
    echo "SKIP: sanitizer build; the normal build runs this engine test (ENGINES_ALL=1 to run it here)"
    exit 77
  fi
  local rt=${ENGINES_RUNTIME:-${CTRUN:-$top_builddir/ctrun}}
  [ -x "$rt" ] || { echo "FAIL: runtime $rt not built (set ENGINES_RUNTIME=...)" >&2; exit 1; }
  rt=$(readlink -f "$rt")
  [ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] ||
    { echo "SKIP: no cgroup hierarchies"; exit 77; }
  T=$(mktemp -d /tmp/ctrun-engines.XXXXXX)
  chmod 0755 "$T" # user-namespaced containers must reach their rootfs
  CG=ctrun-engines-$$
  trap engines_outer_cleanup EXIT
  trap 'exit 1' INT TERM
  local d dirs
  dirs=$(engines_cgroup_dirs)
  for d in $dirs; do
    mkdir "$d" || { echo "FAIL: mkdir $d" >&2; exit 1; }
    # a new cpuset cgroup is empty: give it its parent's cpus and mems
    if [ -f "$d/cpuset.cpus" ]; then
      cat "${d%/*}/cpuset.cpus" >"$d/cpuset.cpus" && cat "${d%/*}/cpuset.mems" >"$d/cpuset.mems"
    fi
  done
  # "mountpoint fstype superblock-options" of each hierarchy
  awk '$5 ~ /^\/sys\/fs\/cgroup(\/|$)/ { for (i = 7; $i != "-"; i++) ;
         if ($(i + 1) ~ /^cgroup2?$/) print $5, $(i + 1), $(i + 3) }' \
    /proc/self/mountinfo >"$T/cgroup-mounts"
  mkdir -p "$T/bin"
  # the runtime as the engines see it: logs its argv, then runs the real one
  cat >"$T/bin/runtime" <<EOF
#!/bin/sh
{ flock 9; printf '%s\\n' "\$*" >&9; } 9>>"$T/argv.log"
exec "$rt" "\$@"
EOF
  chmod 0755 "$T/bin/runtime"
  export T CG ENGINES_RT_REAL=$rt ENGINES_INNER=1 ENGINES_CG_DIRS="$dirs"
  local rc=0
  # into $CG first: the new cgroup namespace is rooted where we stand
  bash -c 'for d in $ENGINES_CG_DIRS; do echo $$ >"$d/cgroup.procs" || exit 1; done
    exec unshare --cgroup --mount --net --pid --fork --mount-proc --propagation private -- "$@"' \
    engines-ns bash "$0" "$@" || rc=$?
  exit "$rc"
}

# After the namespaces died (so every process of the test is gone): $CG in
# every hierarchy, deepest first, and $T.
engines_outer_cleanup() {
  local d i
  for d in $(engines_cgroup_dirs); do
    [ -d "$d" ] || continue
    for i in 1 2 3 4 5 6 7 8 9 10; do
      find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
      [ -d "$d" ] || break
      sleep 0.3
    done
    [ -d "$d" ] && echo "WARNING: could not remove $d" >&2
  done
  rm -rf "$T"
}

if [ -z "${ENGINES_INNER:-}" ]; then
  engines_outer "$@"
fi

# ---- inside the namespaces -------------------------------------------------
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
RT=$ENGINES_RT_REAL
RTNAME=$(basename "$RT")
for d in /run /var/lib/containers /var/lib/containerd /var/lib/cni /etc/cni/net.d; do
  [ -d "$d" ] && ! [ -L "$d" ] && mount -t tmpfs -o mode=0755 tmpfs "$d"
done
# the hierarchies again, rooted at $CG (this cgroup namespace's root); a
# tmpfs first: a hierarchy cannot be mounted on its own root
mount -t tmpfs -o mode=0755 cgroup /sys/fs/cgroup || fail "mount the cgroup tmpfs"
while read -r mnt fstype opts; do
  mkdir -p "$mnt"
  mount -t "$fstype" -o "$opts" "$fstype" "$mnt" || fail "mount $fstype ($opts) on $mnt"
done <"$T/cgroup-mounts"
# cgroup v2 only: processes may not sit in a cgroup whose children get
# controllers, so the test moves to a leaf of the namespace's root
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir /sys/fs/cgroup/engines-test && echo $$ >/sys/fs/cgroup/engines-test/cgroup.procs ||
    fail "move to a leaf cgroup"
fi
mkdir -p /run/lock /run/netns
ip link set lo up
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config XDG_DATA_HOME=$T/home/.local/share
export TMPDIR=$T/tmp
mkdir -p "$HOME" "$TMPDIR"
FAILED=0
NPASS=0
NFAIL=0
# check DESCRIPTION COMMAND...: records the result and goes on
check() {
  local what=$1; shift
  if "$@"; then
    echo "ok: $what"; NPASS=$((NPASS + 1))
  else
    echo "FAIL: $what" >&2; FAILED=1; NFAIL=$((NFAIL + 1))
  fi
}
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  if [ "$2" = "$3" ]; then return 0; fi
  printf '  %s: expected [%s], got [%s]\n' "$1" "$2" "$3" >&2
  return 1
}
# expect_match WHAT ERE ACTUAL
expect_match() {
  if printf '%s' "$3" | grep -Eq -- "$2"; then return 0; fi
  printf '  %s: expected /%s/, got [%s]\n' "$1" "$2" "$3" >&2
  return 1
}

# make_rootfs DIR: the busybox rootfs plus what the scenarios use: a user
# and groups, a script that is not executable, /etc/hosts-less /etc
make_rootfs() {
  sh "$top_srcdir/tests/rootfs/make-rootfs.sh" "$1" >/dev/null || { echo "SKIP: no busybox rootfs"; exit 77; }
  printf 'tester:x:1000:1000:tester:/home/tester:/bin/sh\n' >>"$1/etc/passwd"
  printf 'tester:x:1000:\nextra:x:2000:tester\naudio:x:29:\n' >>"$1/etc/group"
  mkdir -p "$1/home/tester" "$1/data"
  chown 1000:1000 "$1/home/tester"
  echo 'echo not executable' >"$1/noexec.sh"
  chmod 0644 "$1/noexec.sh"
  echo image-data >"$1/data/file"
}

# argv_normalize ENGINE: the runtime invocations of $T/argv.log, one line
# each, ids, paths and numbers replaced by placeholders
argv_normalize() {
  awk -v engine="$1" '
    function valued(f) {
      return f ~ /^(--root|--log|--log-format|--bundle|-b|--pid-file|--console-socket|--preserve-fds|--process|-p|--cwd|--env|-e|--user|-u|--cgroup|--resources|-r|--format|-f|--criu|--process-label|--apparmor|--cap|-c|--additional-gids|-g)$/
    }
    function norm(v) {
      if (v ~ /^(json|text|table)$/) return v
      if (v ~ /^\//) return "<path>"
      if (v ~ /^[0-9]+$/) return "<n>"
      return "<v>"
    }
    {
      out = ""; sub_ = ""; npos = 0
      for (i = 1; i <= NF; i++) {
        a = $i
        if (a ~ /^-/ && !(sub_ != "" && a == "-")) {
          if (index(a, "=") > 0) {
            f = substr(a, 1, index(a, "=") - 1)
            out = out " " f "=" norm(substr(a, index(a, "=") + 1))
          } else if (valued(a) && i < NF) {
            out = out " " a " " norm($(i + 1)); i++
          } else out = out " " a
        } else if (sub_ == "") {
          sub_ = a; out = out " " a
        } else {
          npos++
          if (npos == 1) out = out " <id>"
          else if (sub_ == "kill" && a ~ /^([0-9]+|[A-Z0-9+]+)$/) out = out " <signal>"
          else out = out " <arg>"
        }
      }
      print engine ":" out
    }' "$T/argv.log" | sort -u
}

# argv_check ENGINE: every (subcommand, flag) the engine used this time is
# listed in tests/engines/observed-argv.txt, so that a new piece of CLI
# surface is noticed (and implemented) rather than met by users first.
# ENGINES_ARGV_OUT=FILE appends the normalized lines there (to regenerate
# the list).
argv_check() {
  local engine=$1 list=$ENGINES_SRC/observed-argv.txt
  [ -s "$T/argv.log" ] || { echo "FAIL: $engine never called the runtime" >&2; FAILED=1; return; }
  argv_normalize "$engine" >"$T/argv.norm"
  [ -n "${ENGINES_ARGV_OUT:-}" ] && cat "$T/argv.norm" >>"$ENGINES_ARGV_OUT"
  # pairs "subcommand flag" of a normalized line
  pairs() {
    awk '{ sub_ = ""
           for (i = 2; i <= NF; i++) {
             if ($i ~ /^-/) { f = $i; sub(/=.*/, "", f); print (sub_ == "" ? "global" : sub_), f }
             else if ($i !~ /^</ && $i !~ /^(json|text|table)$/ && sub_ == "") sub_ = $i
           }
           if (sub_ != "") print sub_, "(command)" }' "$@" | sort -u
  }
  local missing
  missing=$(comm -23 <(pairs "$T/argv.norm") <(grep -v '^#' "$list" | pairs))
  if [ -n "$missing" ]; then
    echo "FAIL: $engine called the runtime with flags not in tests/engines/observed-argv.txt:" >&2
    echo "$missing" | sed 's/^/  /' >&2
    grep -F -f <(echo "$missing" | awk '{print $2}') "$T/argv.norm" | sed 's/^/  e.g. /' >&2
    FAILED=1
  else
    echo "ok: $engine used only the runtime CLI listed in observed-argv.txt ($(wc -l <"$T/argv.norm") distinct invocations)"
  fi
}

# q COMMAND...: the command with its stdout dropped (podman prints ids)
q() { "$@" >/dev/null; }

finish() {
  echo "$NPASS passed, $NFAIL failed"
  exit "$FAILED"
}
