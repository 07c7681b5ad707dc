#!/bin/bash
# Bad input through the ctrun binary, table-driven.  Every case must exit 1
# (not 0, not a crash), print one error naming the argument or the config
# field, and leave nothing: no state directory, no cgroup, no process.
#   1. every subcommand: ids that are invalid, flags unknown, missing or
#      with bad values, too many arguments;
#   2. config values that parse but mean nothing: relative paths, numbers
#      out of range, soft > hard rlimits, unknown enum values ...;
#   3. whole documents: 64 MiB, nested 10,000 deep, not UTF-8, NUL bytes,
#      not JSON, not a regular file.
# (Every field with a value of the wrong type or range: rel-config-fields.)
. "$(dirname "$0")/rel-lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

# a live container for the subcommands that need one
config_cg "$CG_PREFIX-live" '.process.args = ["sleep", "300"]'
cp "$BUNDLE/config.json" "$T/live.json"
create live || fail "create live: $(cat "$T/live.out")"

n=0
# bad EXPECTED ARGS...: ctrun ARGS must exit 1 with EXPECTED (an ERE) in its
# one-line error, and leave the state root and the cgroups as they were
bad() {
  local expect=$1 rc out id
  shift
  n=$((n + 1))
  # (a file, not $(...): the init of a create that wrongly succeeds would
  # hold the pipe open)
  timeout 30 "$RT" --root "$ROOT" "$@" </dev/null >/dev/null 2>"$T/bad.err"
  rc=$?
  out=$(cat "$T/bad.err")
  if [ $rc = 0 ]; then # accepted: remove what it made
    for id in "$@"; do :; done
    [ "$id" != live ] && [ -e "$ROOT/$id" ] && timeout 30 "$RT" --root "$ROOT" delete --force "$id"
  fi
  local what="ctrun $(printf '%q ' "$@" | cut -c1-80)"
  if [ $rc != 1 ]; then
    check "$what: exit 1" false
    echo "  exit $rc: $out" >&2
  elif ! grep -qE -- "$expect" <<<"$out"; then
    check "$what: error names /$expect/" false
    echo "  got: $out" >&2
  elif [ "$(ls -A "$ROOT")" != live ]; then
    check "$what: nothing left in the state root" false
    ls -A "$ROOT" >&2
  else
    echo "ok: $what"
  fi
}

# --- 1. the subcommands --------------------------------------------------
long=$(printf 'x%.0s' $(seq 1100))
for cmd in create start state kill delete pause resume ps events update run exec; do
  extra=()
  case $cmd in create | run) extra=(--bundle "$BUNDLE") ;; esac
  # exec: the id, then a command
  tail=()
  [ $cmd = exec ] && tail=(true)
  bad "container id must not be empty" $cmd "${extra[@]}" "" "${tail[@]}"
  bad "container id \"\\.\\.\" is not allowed" $cmd "${extra[@]}" .. "${tail[@]}"
  bad "must not contain '/'" $cmd "${extra[@]}" "../$(basename "$T")" "${tail[@]}"
  bad "only printable ASCII" $cmd "${extra[@]}" "$(printf 'a\nb')" "${tail[@]}"
  bad "only printable ASCII" $cmd "${extra[@]}" "$(printf 'a\377b')" "${tail[@]}"
  bad "too long \(1100 characters" $cmd "${extra[@]}" "$long" "${tail[@]}"
  # (start, state, pause and resume take no option: one argument too many)
  bad "unknown (or incomplete )?option --bogus|requires exactly 1 argument" $cmd --bogus live "${tail[@]}"
done
for cmd in start state pause resume delete events update create run; do
  bad "requires exactly 1 argument" $cmd
  bad "requires exactly 1 argument" $cmd live other
done
bad "\"exec\" requires the container id" exec
bad "\"exec\" requires a command to run, or --process" exec live
bad "unknown option --bogus" exec --bogus live true
bad "container id \"\.\.\" is not allowed" exec .. true
bad "must not contain '/'" exec ../x true
bad "container nosuch does not exist" exec nosuch true
bad "a command cannot be given with --process" exec --process "$T/p.json" live true
bad "--process .*/nosuch: No such file" exec --process "$T/nosuch" live
bad "option --env needs a value" exec --env
bad "env\[[0-9]+\]: \"NOEQUALS\" is not NAME=VALUE" exec --env NOEQUALS live true
bad "--user uid: \"abc\" is not a number" exec --user abc live true
bad "--user uid: \"99999999999\" is not a number" exec --user 99999999999 live true
bad "--additional-gids: \"x\" is not a number" exec -g x live true
bad "capabilities.bounding\[[0-9]+\]: unknown capability \"CAP_BOGUS\"" exec --cap CAP_BOGUS live true
bad "cwd: must be an absolute path, got \"rel\"" exec --cwd rel live true
bad "--cgroup /x: only the container's cgroup" exec --cgroup /x live true
bad "--preserve-fds: expected a number" exec --preserve-fds -1 live true
bad "usage: ctrun kill" kill
bad "usage: ctrun kill" kill live TERM extra
bad "unknown signal \"SIGBOGUS\"" kill live SIGBOGUS
bad "unknown signal \"0\"" kill live 0
bad "unknown signal \"-9\"" kill live -9
bad "unknown signal \"99999999999999999999\"" kill live 99999999999999999999
bad "unknown signal \"RTMIN\+9223372036854775807\"" kill live RTMIN+9223372036854775807
bad "unknown signal \"RTMAX-99\"" kill live RTMAX-99
bad "container nosuch does not exist" kill nosuch KILL
bad "container nosuch does not exist" delete nosuch
bad "container nosuch does not exist" state nosuch
bad "container nosuch does not exist" pause nosuch
bad "container nosuch does not exist" ps nosuch
bad "--preserve-fds: expected a number from 0 to 65536, got \"-1\"" create --preserve-fds -1 --bundle "$BUNDLE" p1
bad "--preserve-fds: expected a number from 0 to 65536, got \"99999999999999999999\"" create --preserve-fds 99999999999999999999 --bundle "$BUNDLE" p1
bad "--preserve-fds 40: fd [0-9]+ is not open" create --preserve-fds 40 --bundle "$BUNDLE" p1
bad "option --bundle needs a value" create --bundle
bad "bundle .*/nosuch: No such file" create --bundle "$T/nosuch" p1
bad "bundle rel/ative: No such file" create --bundle rel/ative p1
bad "read .*/config.json" create --bundle "$T" p1
bad "invalid --interval \"1e300\"" events --interval 1e300 live
bad "invalid --interval \"nan\"" events --interval nan live
bad "invalid --interval \"-5s\"" events --interval -5s live
bad "invalid --interval \"5h\"" events --interval 5h live
bad "invalid value for --memory: \"12x\"" update --memory 12x live
bad "invalid value for --memory: \"99999999999t\"" update --memory 99999999999t live
bad "invalid value for --cpu-shares: \"-1\"" update --cpu-shares -1 live
bad "invalid value for --pids-limit: \"1.5\"" update --pids-limit 1.5 live
bad "invalid value for --blkio-weight: \"99999999999999999999\"" update --blkio-weight 99999999999999999999 live
bad "cannot open .*/nosuch" update --resources "$T/nosuch" live
bad "invalid format \"yaml\"" ps --format yaml live
bad "unsupported ps option" ps live '-o;rm'
bad "unknown option or format" list --format yaml
bad "takes no arguments" list extra
bad "takes no arguments" spec extra
bad "takes no arguments" features extra
bad "File .*/config.json exists" spec --bundle "$BUNDLE"
bad "open bundle .*/nosuch" spec --bundle "$T/nosuch"
bad "unknown command \"bogus\"" bogus
bad "--log-format: expected text or json" --log-format xml state live
bad "unknown global option --bogus" --bogus state live
rt state live >/dev/null || fail "the live container is gone after the bad calls"
check "the live container is untouched" test "$(status_of live)" = created

# --- 2. config values ------------------------------------------------------
# badcfg EXPECTED JQ-FILTER: create with the live config changed by the filter
# (its own cgroup: the live one is busy).  Errors found while parsing start
# with "config.json: "; the runtime's own name the field without it.
badcfg() {
  local expect=$1 filter=$2
  jq --arg cg "$CG_PREFIX-cfg" '.linux.cgroupsPath = $cg | '"$filter" "$T/live.json" \
    >"$BUNDLE/config.json" || fail "jq $filter"
  bad "$expect" create --bundle "$BUNDLE" cfg
}
badcfg 'config.json: process.cwd: must be an absolute path' '.process.cwd = "tmp"'
badcfg 'config.json: mounts\[0\].destination: must be an absolute path' '.mounts[0].destination = "proc"'
badcfg 'config.json: hooks.prestart\[0\].path: must be an absolute path' '.hooks = {"prestart": [{"path": "bin/true"}]}'
badcfg 'config.json: linux.devices\[0\].path: must be an absolute path' '.linux.devices = [{"path": "dev/x", "type": "c", "major": 1, "minor": 3}]'
badcfg 'config.json: linux.maskedPaths\[0\]: must be an absolute path' '.linux.maskedPaths = ["proc/kcore"]'
badcfg 'config.json: linux.readonlyPaths\[0\]: must be an absolute path' '.linux.readonlyPaths = ["proc/sys"]'
badcfg 'config.json: linux.namespaces\[[0-9]+\].path: must be an absolute path' '.linux.namespaces = [{"type": "network", "path": "run/netns/x"}]'
badcfg 'config.json: process.rlimits\[0\].soft: soft limit 2048 is above the hard limit 1024' '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 2048, "hard": 1024}]'
badcfg 'config.json: process.rlimits\[0\].type: unknown rlimit "RLIMIT_BOGUS"' '.process.rlimits = [{"type": "RLIMIT_BOGUS", "soft": 1, "hard": 1}]'
badcfg 'config.json: process.rlimits\[0\].hard: expected an integer' '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 1, "hard": 99999999999999999999}]'
badcfg 'config.json: linux.namespaces\[[0-9]+\].type: unknown namespace type "bogus"' '.linux.namespaces += [{"type": "bogus"}]'
badcfg 'config.json: linux.seccomp.defaultAction: unknown seccomp action' '.linux.seccomp = {"defaultAction": "SCMP_ACT_BOGUS"}'
badcfg 'config.json: linux.seccomp.architectures\[0\]: unknown seccomp architecture' '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_BOGUS"]}'
badcfg 'config.json: linux.seccomp.syscalls\[0\].args\[0\].op: unknown seccomp operator' '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_BOGUS"}]}]}'
badcfg 'config.json: linux.seccomp.syscalls\[0\].args\[0\].index: 9 is out of range' '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 9, "value": 1, "op": "SCMP_CMP_EQ"}]}]}'
badcfg 'config.json: process.capabilities.bounding\[[0-9]+\]: unknown capability "CAP_BOGUS"' '.process.capabilities.bounding += ["CAP_BOGUS"]'
badcfg 'config.json: process.ioPriority.class: unknown class' '.process.ioPriority = {"class": "IOPRIO_CLASS_BOGUS", "priority": 1}'
badcfg 'config.json: process.ioPriority.priority: 99 is out of range' '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 99}'
badcfg 'config.json: process.scheduler.policy: unknown policy' '.process.scheduler = {"policy": "SCHED_BOGUS"}'
badcfg 'config.json: linux.rootfsPropagation: unknown propagation' '.linux.rootfsPropagation = "bogus"'
badcfg 'config.json: linux.devices\[0\].type: unknown device type "z"' '.linux.devices = [{"path": "/dev/x", "type": "z", "major": 1, "minor": 3}]'
badcfg 'config.json: linux.personality.domain: unknown personality domain' '.linux.personality = {"domain": "LINUX_BOGUS"}'
badcfg 'config.json: process.oomScoreAdj: 5000 is out of range' '.process.oomScoreAdj = 5000'
badcfg 'config.json: process.oomScoreAdj: .*too big negative integer' '.process.oomScoreAdj = -9223372036854775808'
badcfg 'config.json: linux.uidMappings\[0\].size: must not be 0' '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 1000, "size": 0}] | .linux.gidMappings = [{"containerID": 0, "hostID": 1000, "size": 1}]'
badcfg 'config.json: linux.uidMappings\[0\].size: the mapped range goes past' '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 4294967295, "hostID": 1000, "size": 10}] | .linux.gidMappings = [{"containerID": 0, "hostID": 1000, "size": 1}]'
badcfg 'config.json: hooks.prestart\[0\].timeout: must be greater than 0' '.hooks = {"prestart": [{"path": "/bin/true", "timeout": 0}]}'
badcfg 'config.json: hooks.prestart\[0\].timeout: must be greater than 0, got -3' '.hooks = {"prestart": [{"path": "/bin/true", "timeout": -3}]}'
badcfg 'config.json: process.args: must not be empty' '.process.args = []'
badcfg 'config.json: linux.sysctl.\.\./\.\./etc/x: not a valid name' '.linux.sysctl = {"../../etc/x": "1"}'
badcfg 'config.json: ociVersion: "9.9.9" is not supported' '.ociVersion = "9.9.9"'
badcfg 'config.json: linux.intelRdt.closID: not a valid resctrl group name' '.linux.intelRdt = {"closID": "../x"}'
# values the kernel refuses when the cgroup is set up
badcfg "linux.resources.memory.limit: write '-5'" '.linux.resources.memory = {"limit": -5}'
badcfg "linux.resources.memory.swap: write '-7'" '.linux.resources.memory = {"swap": -7}'
badcfg "linux.resources.memory.swap: write '1048576'" '.linux.resources.memory = {"limit": 104857600, "swap": 1048576}'
badcfg "linux.resources.cpu.quota/period: write '10'" '.linux.resources.cpu = {"quota": 10, "period": 100000}'
badcfg "linux.resources.blockIO.weight" '.linux.resources.blockIO = {"weight": 10000}'
badcfg 'linux.resources.hugepageLimits: page size 3MB is not supported' '.linux.resources.hugepageLimits = [{"pageSize": "3MB", "limit": 1}]'
badcfg "linux.cgroupsPath: '\\.\\./\\.\\./$CG_PREFIX-escape': '.' and '..' are not allowed" '.linux.cgroupsPath = "../../'"$CG_PREFIX"'-escape"'
badcfg 'config.json: hostname: 1100 bytes, longer than the 64' '.hostname = "'"$long"'"'
badcfg 'config.json: domainname: 1100 bytes, longer than the 64' '.domainname = "'"$long"'"'
badcfg 'config.json: process.env\[0\]: "NOEQUALS" is not NAME=VALUE' '.process.env = ["NOEQUALS"]'
check "no cgroup escaped its parent" test -z "$(cgroup_dirs "$CG_PREFIX-escape")"
cp "$T/live.json" "$BUNDLE/config.json"

# --- 3. documents ----------------------------------------------------------
doc() { # doc EXPECTED PYTHON-EXPRESSION-WRITING-BYTES: the config is those bytes
  local expect=$1
  python3 -c "import json, sys; c = json.load(open('$T/live.json')); sys.stdout.buffer.write($2)" \
    >"$BUNDLE/config.json" || fail "python3 $2"
  bad "$expect" create --bundle "$BUNDLE" doc
}
doc 'config.json: 67[0-9]{6} bytes is more than the 16 MiB' \
  "json.dumps(dict(c, annotations={'big': 'x' * (64 << 20)})).encode()"
doc 'config.json: annotations.deep\[0\]\[0\].*maximum parsing depth' \
  "(json.dumps(dict(c, annotations={'deep': 'X'}))).replace('\"X\"', '[' * 10000 + ']' * 10000).encode()"
doc 'config.json: \[0\]\[0\].*maximum parsing depth' "b'[' * 10000 + b']' * 10000"
doc 'config.json: process.args\[0\]: .*unable to decode byte 0xff' \
  "json.dumps(c).replace('\"sleep\"', '\"@\"').encode().replace(b'\"@\"', b'\"\\xff\\xfe\"')"
doc 'config.json: annotations.k: string contains a NUL' "json.dumps(dict(c, annotations={'k': 'a\\u0000b'})).encode()"
doc 'config.json: hostname: string contains a NUL' "json.dumps(dict(c, hostname='a\\u0000b')).encode()"
doc 'config.json: line 1, column' "json.dumps(c).encode()[:-1]"
doc 'config.json: line 1, column' "b'{\"ociVersion\": \"1.2.0\"\\x00, \"root\": {}}'"
doc 'config.json: expected an object, got an array' "b'[]'"
doc 'config.json: line 1, column 0' "b''"
doc 'config.json: line 1, column' "b'\\xef\\xbb\\xbf' + json.dumps(c).encode()"
rm -f "$BUNDLE/config.json"
mkfifo "$BUNDLE/config.json"
bad 'config.json: not a regular file' create --bundle "$BUNDLE" fifo
rm -f "$BUNDLE/config.json"
ln -s /dev/zero "$BUNDLE/config.json"
bad 'config.json' create --bundle "$BUNDLE" zero
rm -f "$BUNDLE/config.json"
cp "$T/live.json" "$BUNDLE/config.json"

# ctrun-xml2oci: inputs the fuzzers found (tests/fuzz/corpus/xml/crash-*)
X2O=${top_builddir:-.}/ctrun-xml2oci
if [ -x "$X2O" ]; then
  "$X2O" "$SRC/tests/fuzz/corpus/xml/crash-blkio-iops-beyond-int64.xml" >/dev/null 2>"$T/x2o.err"
  check "xml2oci: an iops rate beyond int64 is refused (exit 1)" test $? = 1
  check "xml2oci: ... naming the element" grep -q "/domain/blkiotune/device\[1\]/write_iops_sec: value 0*14347467612885211134 is out of range" "$T/x2o.err"
fi

rt delete --force live
check "nothing left at the end" leftovers live "$CG_PREFIX-live"
check "no cgroup of the refused configs" test -z "$(cgroup_dirs "$CG_PREFIX-*")"
echo "$n bad inputs"
finish
