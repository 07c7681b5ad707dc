#!/bin/bash
# SCMP_ACT_NOTIFY with linux.seccomp.listenerPath: the listener fd reaches
# the agent with the state (for create and for exec), and the agent, not
# the kernel, answers the container's notified system calls.
. "$(dirname "$0")/core-lib.sh"

AGENT=${BUILD}/tests/seccomp-agent
[ -x "$AGENT" ] || fail "$AGENT not built"

config '.process.args = ["sh", "-c", "mkdir /dev/shm/made; echo mkdir=$?; test -d /dev/shm/made && echo created || echo not-created"] |
  .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "set-below", "listenerMetadata": "meta-42",
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}' 
jq --arg sock "$T/agent.sock" '.linux.seccomp.listenerPath = $sock' "$BUNDLE/config.json" >"$T/c.json" &&
  mv "$T/c.json" "$BUNDLE/config.json"

start_agent() { # start_agent OUT COUNT
  rm -f "$T/agent.sock"
  "$AGENT" "$T/agent.sock" "$1" "$2" &
  agent=$!
  for i in $(seq 50); do [ -S "$T/agent.sock" ] && break; sleep 0.1; done
}

start_agent "$T/agent1.out" 1
create s1 || fail "create s1: $(cat "$T/s1.out")"
rt start s1
wait_status s1 stopped
wait $agent
check "the agent ran and answered one notification" test $? = 0
check "it got the state of the container" grep -q '"id":"s1"' "$T/agent1.out"
check "with the metadata" grep -q '"metadata":"meta-42"' "$T/agent1.out"
check "and the seccompFd" grep -q '"fds":\["seccompFd"\]' "$T/agent1.out"
check "the fd is a seccomp listener" grep -q 'fd anon_inode:seccomp notify' "$T/agent1.out"
check "the agent's answer is what mkdir returned (0, nothing made)" \
  test "$(tr '\n' ' ' <"$T/s1.out")" = "mkdir=0 not-created "
rt delete s1

# exec: the exec'd process has its own listener, sent the same way
config '.process.args = ["sleep", "1000"] |
  .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "set-below",
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}'
jq --arg sock "$T/agent.sock" '.linux.seccomp.listenerPath = $sock' "$BUNDLE/config.json" >"$T/c.json" &&
  mv "$T/c.json" "$BUNDLE/config.json"
start_agent "$T/agent2.out" 0
create s2 || fail "create s2: $(cat "$T/s2.out")"
wait $agent
rt start s2
start_agent "$T/agent3.out" 1
rt exec s2 sh -c 'mkdir /dev/shm/x; echo mkdir=$?; test -d /dev/shm/x || echo not-created' >"$T/x.out" 2>&1
wait $agent
check "exec: the agent answered the exec'd process's mkdir" \
  test "$(tr '\n' ' ' <"$T/x.out")" = "mkdir=0 not-created "
check "exec: the state it got is the running container's" grep -q '"status":"running"' "$T/agent3.out"

# a listenerPath nobody listens on: create fails and leaves nothing
rm -f "$T/agent.sock"
config '.process.args = ["true"] | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
  "listenerPath": "set-below", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}'
jq --arg sock "$T/agent.sock" '.linux.seccomp.listenerPath = $sock' "$BUNDLE/config.json" >"$T/c.json" &&
  mv "$T/c.json" "$BUNDLE/config.json"
create s3
check "create with a dead listenerPath fails" test $? != 0
check "naming the listener path" grep -q "connect to $T/agent.sock" "$T/s3.out"
check "and leaves no state behind" test ! -e "$ROOT/s3"
cg=$(jq -r .linux.cgroupsPath "$BUNDLE/config.json")
check "and no cgroup" bash -c "! ls -d /sys/fs/cgroup/*/$cg /sys/fs/cgroup/*/*/*/$cg 2>/dev/null | grep -q ."
finish
