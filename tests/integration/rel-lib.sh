# Sourced by tests/integration/rel-*.sh (reliability: faults, races, bad
# input).  core-lib.sh gives the private --root, the busybox bundle and the
# EXIT trap; this adds the "nothing left behind" checks.
. "$(dirname "$0")/core-lib.sh"

# core_cleanup removes the cgroups named after $CG_PREFIX: ours get their own
CG_PREFIX=ctrun-rel-$$

# cgroup_dirs NAME: every directory called NAME in the cgroup hierarchies
# (v1 controllers may nest it under the caller's cgroup, e.g. memory/x/y/NAME)
cgroup_dirs() {
  find /sys/fs/cgroup -mindepth 2 -maxdepth 7 -type d -name "$1" 2>/dev/null
}

# leftovers ID CGNAME [PID...]: prints what a container left behind (state
# directory, cgroup, live process, mount under $T) and fails if anything.
# Pids are checked with their start time, taken by remember_pid.
leftovers() {
  local id=$1 cg=$2 bad=0 p
  shift 2
  if [ -e "$ROOT/$id" ]; then
    echo "  left: state directory $ROOT/$id: $(ls -A "$ROOT/$id" | tr '\n' ' ')"
    bad=1
  fi
  if [ -n "$cg" ] && [ -n "$(cgroup_dirs "$cg")" ]; then
    echo "  left: cgroup $(cgroup_dirs "$cg" | tr '\n' ' ')"
    bad=1
  fi
  for p in "$@"; do
    if [ -n "$p" ] && pid_alive "$p"; then
      echo "  left: process $p ($(tr '\0' ' ' <"/proc/${p%%:*}/cmdline" 2>/dev/null))"
      bad=1
    fi
  done
  # the bundle and the state root (a test may mount its own tmpfs elsewhere
  # under $T)
  if grep -qE " ($BUNDLE|$ROOT)[/ ]" /proc/self/mountinfo; then
    echo "  left: mounts $(grep -oE " ($BUNDLE|$ROOT)[/ ][^ ]*" /proc/self/mountinfo | tr '\n' ' ')"
    bad=1
  fi
  return $bad
}

# remember_pid PID: "PID:STARTTIME", so that a recycled pid is not taken for
# the container's process
remember_pid() {
  local st
  st=$(awk '{print $22}' "/proc/$1/stat" 2>/dev/null) || st=gone
  echo "$1:$st"
}
pid_alive() {
  local pid=${1%%:*} st=${1#*:} now
  [ "$st" != gone ] || return 1
  now=$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null) || return 1
  # a zombie is gone for our purposes: its parent reaps it
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && return 1
  [ "$st" = "$now" ]
}

# config_cg NAME [JQ-FILTER]: config with the given cgroup name
config_cg() {
  local name=$1 filter=${2:-.}
  config '.linux.cgroupsPath = "'"$name"'" | '"$filter"
}
