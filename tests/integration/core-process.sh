#!/bin/bash
# The process as seen from inside: user, groups, capabilities, no_new_privs,
# hostname, env, cwd, umask, rlimits, oom_score_adj; and namespaces: listed
# ones are new, unlisted ones inherited, joined ones by path (type checked).
. "$(dirname "$0")/core-lib.sh"

mkdir -p "$BUNDLE/rootfs/work"
config '.process.args = ["sh", "-c", "cat /proc/self/status; echo host=$(hostname); echo cwd=$(pwd); echo umask=$(umask); echo nofile=$(ulimit -Sn)/$(ulimit -Hn); echo oom=$(cat /proc/self/oom_score_adj); echo env=$FOO"]
  | .process.user = {"uid": 1000, "gid": 1001, "additionalGids": [5, 6], "umask": 18}
  | .process.cwd = "/work" | .process.env += ["FOO=bar baz"] | .hostname = "core-test"
  | .process.noNewPrivileges = true | .process.oomScoreAdj = 123
  | .process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 500, "hard": 600}]
  | .process.capabilities = {"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_KILL"],
      "permitted": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}'
run_inside p1 || fail "run p1: $(cat "$T/p1.out")"
out=$T/p1.out
check "uid 1000" grep -Eq '^Uid:\s+1000\s+1000\s+1000\s+1000$' "$out"
check "gid 1001" grep -Eq '^Gid:\s+1001\s+1001\s+1001\s+1001$' "$out"
check "additional gids" grep -Eq '^Groups:\s+5 6\s*$' "$out"
check "bounding set CHOWN+KILL" grep -Eq '^CapBnd:\s+0000000000000021$' "$out"
check "effective KILL (ambient, kept across exec as uid 1000)" grep -Eq '^CapEff:\s+0000000000000020$' "$out"
check "NoNewPrivs" grep -Eq '^NoNewPrivs:\s+1$' "$out"
check "hostname" grep -qx 'host=core-test' "$out"
check "cwd" grep -qx 'cwd=/work' "$out"
check "umask" grep -qx 'umask=0022' "$out"
check "rlimit NOFILE" grep -qx 'nofile=500/600' "$out"
check "oom_score_adj" grep -qx 'oom=123' "$out"
check "env" grep -qx 'env=bar baz' "$out"
rt delete p1

# no namespaces listed but mount: the others are the runtime's
config '.process.args = ["sleep", "30"] | .linux.namespaces = [{"type": "mount"}] | del(.hostname)'
create p2 || fail "create p2: $(cat "$T/p2.out")"
pid=$(rt state p2 | jq .pid)
for ns in pid uts ipc net cgroup; do
  check "unlisted $ns namespace is inherited" \
    test "$(readlink "/proc/$pid/ns/$ns")" = "$(readlink "/proc/self/ns/$ns")"
done
rt delete --force p2

# joined by path: a net namespace held by a process of ours
unshare --net sleep 60 &
holder=$!
sleep 0.3
config '.process.args = ["sleep", "30"] | .linux.namespaces |= map(select(.type != "network")) + [{"type": "network", "path": "/proc/'$holder'/ns/net"}]'
create p3 || { kill $holder; fail "create p3: $(cat "$T/p3.out")"; }
pid=$(rt state p3 | jq .pid)
check "network namespace joined by path" \
  test "$(readlink "/proc/$pid/ns/net")" = "$(readlink "/proc/$holder/ns/net")"
rt delete --force p3
config '.process.args = ["true"] | .linux.namespaces |= map(select(.type != "network")) + [{"type": "network", "path": "/proc/'$holder'/ns/uts"}]'
check "a path of the wrong namespace type is refused" bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' p4 </dev/null 2>'$T/p4.err'"
CONTAINERS="$CONTAINERS p4"
check "and the error names the path" grep -q "/proc/$holder/ns/uts is not a network namespace" "$T/p4.err"
kill $holder; wait $holder 2>/dev/null

# joined pid namespace: the init is forked inside it
unshare --pid --fork sleep 60 &
holder=$!
sleep 0.3
inner=$(pgrep -P $holder sleep || echo $holder)
config '.process.args = ["sh", "-c", "echo mypid=$$"] | .linux.namespaces |= map(select(.type != "pid")) + [{"type": "pid", "path": "/proc/'$inner'/ns/pid"}]'
run_inside p5 || fail "run p5: $(cat "$T/p5.out")"
check "joined pid namespace: the process is not pid 1" bash -c "grep -q '^mypid=' '$T/p5.out' && ! grep -qx 'mypid=1' '$T/p5.out'"
rt delete p5
kill $holder; wait $holder 2>/dev/null

# user namespace with mappings
config '.process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map"]
  | .linux.namespaces += [{"type": "user"}]
  | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
chown -R 100000:100000 "$BUNDLE/rootfs"
run_inside p6 || fail "run p6: $(cat "$T/p6.out")"
check "uid_map written" grep -Eq '^\s*0\s+100000\s+65536$' "$T/p6.out"
check "both maps written" test "$(grep -Ec '^\s*0\s+100000\s+65536$' "$T/p6.out")" = 2
rt delete p6
finish
