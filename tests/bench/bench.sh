#!/bin/bash
# make bench: ctrun side by side with crun and runc, interleaved, on one
# busybox bundle (/bin/true).  Not part of make check.
#
# Every scenario runs all runtimes in one loop and rotates their order each
# round, so that a change in the machine's speed (other jobs) hits them
# alike; the table gives medians and the ratio to crun.  Commands are timed
# by bench-spawn (posix_spawn + wait4, no shell fork in the timed region),
# which also gives the peak RSS of each command (GNU time's %M).
#
# The same peer runs twice under two names (runc and runc#2): their ratio is
# the noise of the measurement, printed as "spread".
#
# The library path runs in-process from C (bench-lib.c) and, when cgo/ is
# there, from Go (bench-go.go, built by build-go.sh); both as coprocesses
# that time create+start+wait+delete, interleaved with the CLI runs.
#
# Environment:
#   BENCH_N        samples per scenario (default 30)
#   BENCH_SCALE    containers existing for state/list/delete -f (default 200)
#   BENCH_CONC     concurrent runs (default 20); BENCH_CONC_ROUNDS (default 5)
#   BENCH_NOISE    the peer benched against itself: runc (default), crun, none
#   BENCH_RAW      a directory that receives the raw samples
#   CTRUN CRUN RUNC  the runtimes (default: the build's ctrun, crun, runc)
#   BENCH_SPAWN BENCH_LIB  the helpers (default: from the build directory)
#
# Each runtime has its own --root under a temp dir; every container has a
# relative cgroupsPath under ctrun-bench-<pid>, so it nests in this shell's
# own cgroups.  On a hybrid cgroup host whose cgroup2 mount has
# controllers, crun refuses to run: the script then re-executes itself in a
# private mount namespace where /sys/fs/cgroup/unified is unmounted, for
# all runtimes alike (the host is not changed).  Everything made is removed
# on exit, also on failure.
set -u
export LC_ALL=C

[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 77; }
[ "${BASH_VERSINFO[0]}" -ge 5 ] || { echo "bench: needs bash >= 5" >&2; exit 77; }

SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${top_builddir:-.}
N=${BENCH_N:-30}
S=${BENCH_SCALE:-200}
C=${BENCH_CONC:-20}
CR=${BENCH_CONC_ROUNDS:-5}
NOISE=${BENCH_NOISE:-runc}
SPAWN=${BENCH_SPAWN:-$BUILD/tests/bench/bench-spawn}
LIB=${BENCH_LIB:-$BUILD/tests/bench/bench-lib}
for t in "$SPAWN" "$LIB"; do
  [ -x "$t" ] || { echo "bench: $t not built (make bench builds it)" >&2; exit 2; }
done

# --- a private mount namespace -----------------------------------------------
# The state roots go on a tmpfs mounted there, as /run is on a real host
# (here /run may be a disk).  On a hybrid cgroup host whose cgroup2 mount
# has controllers crun refuses to run: that mount is hidden there too.  The
# same for all runtimes; the host's mounts are not changed.
if [ -z "${BENCH_IN_NS:-}" ]; then
  BENCH_IN_NS=1 exec unshare -m --propagation private -- "$BASH" "$0" "$@"
fi
NOTE_NS="state roots on a tmpfs in a private mount namespace"
if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
  [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]; then
  umount /sys/fs/cgroup/unified || { echo "bench: cannot umount /sys/fs/cgroup/unified" >&2; exit 2; }
  NOTE_NS="$NOTE_NS; cgroup2 'unified' (with controllers) unmounted there"
fi

# --- runtimes: index -> name, binary ----------------------------------------
NAMES=() BINS=()
add_rt() { # NAME BINARY
  local b
  b=$(command -v "$2") || { echo "bench: runtime $2 not found" >&2; exit 2; }
  NAMES+=("$1")
  BINS+=("$(readlink -f "$b")")
}
add_rt ctrun "${CTRUN:-$BUILD/ctrun}"
add_rt crun "${CRUN:-crun}"
add_rt runc "${RUNC:-runc}"
# TWIN: the index of the peer's second copy, TWIN_OF: of the first
TWIN="" TWIN_OF=""
case $NOISE in
  runc) add_rt runc#2 "${RUNC:-runc}"; TWIN_OF=2 ;;
  crun) add_rt crun#2 "${CRUN:-crun}"; TWIN_OF=1 ;;
  none) ;;
  *) echo "bench: BENCH_NOISE: runc, crun or none" >&2; exit 2 ;;
esac
NRT=${#NAMES[@]}
[ -n "$TWIN_OF" ] && TWIN=$((NRT - 1))
CRUN_I=1

T=$(mktemp -d /tmp/ctrun-bench.XXXXXX)
chmod 0755 "$T"
OUT=$T/samples
ERR=$T/stderr.log
mkdir -p "$OUT" "$T/b" "$T/run"
mount -t tmpfs -o mode=0700 ctrun-bench "$T/run" || { echo "bench: cannot mount a tmpfs" >&2; exit 2; }
: >"$ERR"
CG=ctrun-bench-$$
R=$T/run
for ((i = 0; i < NRT; i++)); do mkdir -p "$R/root$i"; done
mkdir -p "$R/rootlib" "$R/rootgo"
LIBPID="" GOPID=""

cleanup() {
  trap - EXIT INT TERM
  local i id line ctl path d
  [ -n "$LIBPID" ] && kill "$LIBPID" 2>/dev/null
  [ -n "$GOPID" ] && kill "$GOPID" 2>/dev/null
  for ((i = 0; i < NRT; i++)); do
    for id in $("${BINS[i]}" --root "$R/root$i" list -q 2>/dev/null); do
      "${BINS[i]}" --root "$R/root$i" delete -f "$id" >/dev/null 2>&1
    done
  done
  for d in "$R/rootlib" "$R/rootgo"; do
    for id in $("${BINS[0]}" --root "$d" list -q 2>/dev/null); do
      "${BINS[0]}" --root "$d" delete -f "$id" >/dev/null 2>&1
    done
  done
  # only the cgroups named after this run, deepest first
  while IFS= read -r line; do
    ctl=${line#*:}; ctl=${ctl%%:*}; path=${line#*:*:}
    ctl=${ctl#name=}
    [ -n "$ctl" ] || ctl=unified
    d=/sys/fs/cgroup/$ctl${path%/}/$CG
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
  done </proc/self/cgroup
  umount "$R" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

fail() {
  echo "bench: FAILED: $*" >&2
  tail -n 20 "$ERR" >&2
  exit 1
}

# --- the bundle ---------------------------------------------------------------
sh "$SRC/tests/rootfs/make-rootfs.sh" "$T/rootfs" >/dev/null || fail "make-rootfs.sh"

LIMITS=', "memory": { "limit": 67108864 }, "pids": { "limit": 64 }'
# mkbundle DIR CGROUP [RESOURCES]: a config as `runc spec` writes it (no
# terminal), the shared rootfs, the given relative cgroupsPath
mkbundle() {
  mkdir -p "$1"
  cat >"$1/config.json" <<EOF
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": [ "/bin/true" ],
    "env": [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm" ],
    "cwd": "/",
    "capabilities": {
      "bounding": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "effective": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "permitted": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "ambient": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ]
    },
    "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
    "noNewPrivileges": true
  },
  "root": { "path": "$T/rootfs", "readonly": true },
  "hostname": "bench",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
      "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
      "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
      "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
    { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
      "options": [ "nosuid", "noexec", "nodev" ] },
    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
      "options": [ "nosuid", "noexec", "nodev", "ro" ] },
    { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
      "options": [ "nosuid", "noexec", "nodev", "relatime", "ro" ] }
  ],
  "linux": {
    "cgroupsPath": "$2",
    "resources": { "devices": [ { "allow": false, "access": "rwm" } ]${3:-} },
    "namespaces": [ { "type": "pid" }, { "type": "network" }, { "type": "ipc" },
                    { "type": "uts" }, { "type": "mount" } ],
    "maskedPaths": [ "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
      "/sys/firmware", "/proc/scsi" ],
    "readonlyPaths": [ "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger" ]
  }
}
EOF
}
# bundle KEY [RESOURCES]: $T/b/KEY, made once, cgroup $CG/KEY
bundle() {
  B=$T/b/$1
  [ -f "$B/config.json" ] || mkbundle "$B" "$CG/$1" "${2:-}"
}

# --- helpers ----------------------------------------------------------------
# t SCEN I ARGS...: times runtime I with ARGS; samples in $OUT/SCEN.I and
# the peak RSS in $OUT/rss-SCEN.I
t() {
  local scen=$1 i=$2
  shift 2
  "$SPAWN" -o "$OUT/$scen.$i" -m "$OUT/rss-$scen.$i" -- "${BINS[i]}" --root "$R/root$i" "$@" \
    </dev/null >/dev/null 2>>"$ERR"
}
# order R: the runtime indexes for round R, rotated ("lib" and "go" too
# when given as extra arguments)
order() {
  local r=$1 k all=()
  shift
  for ((k = 0; k < NRT; k++)); do all+=("$k"); done
  all+=("$@")
  local n=${#all[@]}
  for ((k = 0; k < n; k++)); do echo "${all[(k + r) % n]}"; done
}
wait_gone() { # PID: until it has exited (a zombie counts); 5 s at most
  local line t0=${EPOCHREALTIME/./}
  while read -r line <"/proc/$1/stat"; do
    [[ $line == *") Z "* ]] && return 0
    ((${EPOCHREALTIME/./} - t0 > 5000000)) && return 1
  done 2>/dev/null
  return 0
}

# the library paths: coprocesses that answer "ID BUNDLE" with microseconds
coproc LIBCO { exec "$LIB" "$R/rootlib" 2>>"$ERR"; }
LIBPID=$LIBCO_PID
lib_run() { # SCEN KEY ID
  local ans
  bundle "$2"
  echo "$3 $B" >&"${LIBCO[1]}"
  read -r ans <&"${LIBCO[0]}" || fail "bench-lib died"
  [[ $ans == ERR* ]] && fail "bench-lib: $ans"
  echo "$ans" >>"$OUT/$1.lib"
}
# the Go path: tests/bench/bench-go.go built against cgo/ (build-go.sh)
GO_NOTE="go: skipped (no cgo/)"
HAVE_GO=0
if [ -d "$SRC/cgo" ]; then
  GOBIN=$T/bench-go
  echo "# building the Go bench against cgo/ ..." >&2
  if sh "$SRC/tests/bench/build-go.sh" "$SRC" "$(cd "$BUILD" && pwd)" "$GOBIN" >"$T/go-build.log" 2>&1; then
    coproc GOCO { exec "$GOBIN" "$R/rootgo" 2>>"$ERR"; }
    GOPID=$GOCO_PID
    HAVE_GO=1
    GO_NOTE=""
  else
    GO_NOTE="go: skipped (building tests/bench/bench-go.go against cgo/ failed: $(tail -n 1 "$T/go-build.log"))"
  fi
fi
go_run() { # SCEN KEY ID
  local ans
  bundle "$2"
  echo "$3 $B" >&"${GOCO[1]}"
  read -r ans <&"${GOCO[0]}" || fail "bench-go died"
  [[ $ans == ERR* ]] && fail "bench-go: $ans"
  echo "$ans" >>"$OUT/$1.go"
}

# --- header -----------------------------------------------------------------
START=${EPOCHREALTIME/./}
echo "# ctrun bench $(date -u +%FT%TZ): $(nproc) cpus, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# N=$N samples per scenario, $S containers for state/list/delete -f, $C concurrent x $CR rounds"
echo "# note: $NOTE_NS"
for ((i = 0; i < NRT; i++)); do
  echo "# ${NAMES[i]} = ${BINS[i]} ($("${BINS[i]}" --version 2>/dev/null | head -n 1))"
done

# warm-up: page cache, first-run effects; also checks every runtime works
for ((i = 0; i < NRT; i++)); do
  bundle "$i-seq"
  for w in 1 2; do t warm "$i" run --bundle "$B" "w$i-$w" || fail "${NAMES[i]} run"; done
done
lib_run warm lib-seq wlib-1
[ "$HAVE_GO" = 1 ] && go_run warm go-seq wgo-1

# --- the floor: namespaces + /proc + exec, nothing else ---------------------
echo "# floor ..." >&2
for ((j = 0; j < N; j++)); do
  "$SPAWN" -o "$OUT/floor.0" -- "$(command -v unshare)" -f -m -p -i -u -n --mount-proc /bin/true \
    </dev/null >/dev/null 2>>"$ERR" || fail "unshare"
done

# --- run ---------------------------------------------------------------------
echo "# run ..." >&2
extra=(lib)
[ "$HAVE_GO" = 1 ] && extra+=(go)
for ((j = 0; j < N; j++)); do
  for i in $(order "$j" "${extra[@]}"); do
    case $i in
      lib) lib_run run lib-seq "lib-run-$j" ;;
      go) go_run run go-seq "go-run-$j" ;;
      *) bundle "$i-seq"; t run "$i" run --bundle "$B" "$i-run-$j" || fail "${NAMES[i]} run" ;;
    esac
  done
done

# --- create, start, delete ---------------------------------------------------
echo "# create/start/delete ..." >&2
for ((j = 0; j < N; j++)); do
  for i in $(order "$j"); do
    bundle "$i-seq"
    id=$i-st-$j
    rm -f "$T/pid"
    t create "$i" create --bundle "$B" --pid-file "$T/pid" "$id" || fail "${NAMES[i]} create"
    pid=$(cat "$T/pid")
    t start "$i" start "$id" || fail "${NAMES[i]} start"
    wait_gone "$pid" || fail "${NAMES[i]}: $id did not exit"
    t delete "$i" delete "$id" || fail "${NAMES[i]} delete"
  done
done

# --- run with memory and pids limits -----------------------------------------
echo "# run with limits ..." >&2
for ((j = 0; j < N; j++)); do
  for i in $(order "$j"); do
    bundle "$i-lim" "$LIMITS"
    t lim "$i" run --bundle "$B" "$i-lim-$j" || fail "${NAMES[i]} run (limits)"
  done
done

# --- concurrent runs ---------------------------------------------------------
echo "# $C concurrent runs x $CR ..." >&2
for ((r = 0; r < CR; r++)); do
  for i in $(order "$r"); do
    for ((k = 0; k < C; k++)); do bundle "$i-c$k"; done
    "$SPAWN" -j "$C" -o "$OUT/conc.$i" -m "$OUT/rss-conc.$i" -- "${BINS[i]}" --root "$R/root$i" \
      run --bundle "$T/b/$i-c%i" "$i-cc-$r-%i" </dev/null >/dev/null 2>>"$ERR" ||
      fail "${NAMES[i]}: concurrent runs"
  done
done

# --- state, list and delete -f with S containers -----------------------------
# the twin is left out here: it would only double runc's 200 creates
SC=()
for ((i = 0; i < NRT; i++)); do [ "$i" = "$TWIN" ] || SC+=("$i"); done
echo "# $S created containers per runtime ..." >&2
for ((j = 0; j < S; j++)); do
  for ((k = 0; k < ${#SC[@]}; k++)); do
    i=${SC[(k + j) % ${#SC[@]}]}
    bundle "$i-s$j"
    t create-scale "$i" create --bundle "$B" "$i-sc-$j" || fail "${NAMES[i]} create $i-sc-$j"
  done
done
echo "# state and list with $S containers ..." >&2
for ((j = 0; j < N; j++)); do
  for ((k = 0; k < ${#SC[@]}; k++)); do
    i=${SC[(k + j) % ${#SC[@]}]}
    t state "$i" state "$i-sc-$(((j * 7919) % S))" || fail "${NAMES[i]} state"
    t list "$i" list || fail "${NAMES[i]} list"
  done
done
echo "# delete -f of $S created containers ..." >&2
for ((j = 0; j < S; j++)); do
  for ((k = 0; k < ${#SC[@]}; k++)); do
    i=${SC[(k + j) % ${#SC[@]}]}
    t delete-f "$i" delete -f "$i-sc-$j" || fail "${NAMES[i]} delete -f $i-sc-$j"
  done
done

# --- report ------------------------------------------------------------------
median() { # FILE -> median, or empty
  [ -s "$1" ] || return 0
  sort -n "$1" | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a != "" && b > 0) printf "%.2f", a/b; else printf "-" }'; }
ms() { [ -n "$1" ] && awk -v a="$1" 'BEGIN{printf "%.2f", a/1000}' || printf -- "-"; }

SPREAD_MAX=0
# row LABEL SCEN UNIT TARGET: medians of every runtime, ctrun/crun, the
# twin's ratio to its original (the spread), and the target when one is set
row() {
  local label=$1 scen=$2 unit=$3 target=$4 i m cells="" c0 cc r verdict="" spread=""
  c0=$(median "$OUT/$scen.0")
  cc=$(median "$OUT/$scen.$CRUN_I")
  [ -n "$c0" ] || return 0
  for ((i = 0; i < NRT; i++)); do
    m=$(median "$OUT/$scen.$i")
    if [ "$unit" = ms ]; then cells+=$(printf ' %9s' "$(ms "$m")"); else cells+=$(printf ' %9s' "${m:--}"); fi
  done
  r=$(ratio "$c0" "$cc")
  if [ -n "$TWIN" ]; then
    spread=$(ratio "$(median "$OUT/$scen.$TWIN")" "$(median "$OUT/$scen.$TWIN_OF")")
    [ "$spread" != - ] && SPREAD_MAX=$(awk -v s="$spread" -v m="$SPREAD_MAX" 'BEGIN{d = s > 1 ? s - 1 : 1 - s; print (d > m) ? d : m}')
  fi
  if [ -n "$target" ] && [ "$r" != - ]; then
    verdict=$(awk -v r="$r" -v t="$target" 'BEGIN{print (r <= t) ? "ok" : "MISSED"}')
    verdict="<= $target $verdict"
  fi
  printf '%-36s%s %8s %8s  %s\n' "$label" "$cells" "$r" "${spread:--}" "$verdict"
}
echo
echo "# medians: milliseconds per command (RSS: KiB); ratio = ctrun/crun"
[ -n "$TWIN" ] && echo "# spread = ${NAMES[TWIN]}/${NAMES[TWIN_OF]}: the same binary twice, i.e. the noise"
hdr=$(printf '%-36s' scenario)
for ((i = 0; i < NRT; i++)); do hdr+=$(printf ' %9s' "${NAMES[i]}"); done
printf '%s %8s %8s  %s\n' "$hdr" ratio spread target
row "floor: unshare -fmpiun --mount-proc" floor ms ""
row "run" run ms 0.6
row "create" create ms 0.6
row "start" start ms ""
row "delete" delete ms ""
row "run, memory+pids limits" lim ms ""
row "run, $C concurrent (batch wall)" conc ms ""
row "create, 0..$S existing" create-scale ms ""
row "state, $S existing" state ms 0.5
row "list, $S existing" list ms 0.5
row "delete -f, created, $S existing" delete-f ms ""
for s in run create start state list delete delete-f; do
  row "peak RSS $s" "rss-$s" KiB 0.8
done

# the library paths against crun's run
crun_run=$(median "$OUT/run.$CRUN_I")
for l in lib go; do
  m=$(median "$OUT/run.$l")
  label="C library: create+start+wait+delete"
  [ "$l" = go ] && label="Go (cgo/): create+start+wait+delete"
  if [ -n "$m" ]; then
    r=$(ratio "$m" "$crun_run")
    printf '%-36s %9s (in-process) vs crun run %s: %s  %s\n' "$label" "$(ms "$m")" "$(ms "$crun_run")" "$r" \
      "<= 0.35 $(awk -v r="$r" 'BEGIN{print (r <= 0.35) ? "ok" : "MISSED"}')"
  fi
done
[ -n "$GO_NOTE" ] && echo "$GO_NOTE"
[ -n "$TWIN" ] && printf 'spread: the largest |%s/%s - 1| over the rows above: %.0f%%\n' \
  "${NAMES[TWIN]}" "${NAMES[TWIN_OF]}" "$(awk -v m="$SPREAD_MAX" 'BEGIN{print m * 100}')"
if [ -n "${BENCH_RAW:-}" ]; then
  mkdir -p "$BENCH_RAW" && cp "$OUT"/* "$BENCH_RAW"/
  for ((i = 0; i < NRT; i++)); do echo "$i ${NAMES[i]} ${BINS[i]}"; done >"$BENCH_RAW/runtimes.txt"
  echo "# raw samples (us, KiB for rss-*) in $BENCH_RAW"
fi
echo "# wall time $(((${EPOCHREALTIME/./} - START) / 1000000)) s; load at end $(cut -d' ' -f1-3 /proc/loadavg)"
[ -s "$ERR" ] && echo "# runtime stderr: $(wc -l <"$ERR") lines, first: $(head -n 1 "$ERR")"
exit 0
