#!/bin/bash
# process.terminal with --console-socket: the pty master reaches the socket
# and the process's stdio is the pty; --preserve-fds passes fds 3..3+N-1.
. "$(dirname "$0")/core-lib.sh"

[ -x "${BUILD}/tests/core-recvfd" ] || fail "${BUILD}/tests/core-recvfd not built"

config '.process.terminal = true | .process.args = ["sh", "-c", "tty; test -t 0 && echo stdin-is-a-tty"]'
console_receiver "$T/console.out"
create t1 --console-socket "$T/console.sock" || fail "create t1: $(cat "$T/t1.out")"
rt start t1
wait_status t1 stopped
console_received
check "the console socket got a pty master" test $? = 0
check "the process runs on /dev/pts/N" grep -Eq '^/dev/pts/[0-9]+' "$T/console.out"
check "its stdin is the terminal" grep -q stdin-is-a-tty "$T/console.out"
rt delete t1

check "a terminal without --console-socket is refused" \
  bash -c "! timeout 30 '$RT' --root '$ROOT' create --bundle '$BUNDLE' t2 </dev/null 2>/dev/null"
CONTAINERS="$CONTAINERS t2"
check "and so is run --detach" \
  bash -c "! timeout 30 '$RT' --root '$ROOT' run -d --bundle '$BUNDLE' t2 </dev/null 2>/dev/null"

# In the foreground without --console-socket, ctrun itself is the terminal
# (as runc): it relays its stdin and stdout to the pty.  script(1) gives
# ctrun a terminal of its own, as a user's shell would.  timeout runs in the
# foreground: otherwise it makes a process group of its own, which is not the
# terminal's foreground group when script's shell forks (dash, SHELL unset,
# as in CI), and ctrun's tcsetattr on it stops ctrun with SIGTTOU.
if command -v script >/dev/null; then
  config '.process.terminal = true | .process.args = ["sh", "-c", "tty; read l; echo got:$l; exit 5"]'
  CONTAINERS="$CONTAINERS r1 r2"
  (sleep 1; echo hello) | script -qec "timeout --foreground -k 5 30 '$RT' --root '$ROOT' run --bundle '$BUNDLE' r1" /dev/null >"$T/r1.out" 2>&1
  rc=$?
  check "run: the process runs on a pty" grep -Eq '^/dev/pts/[0-9]+' "$T/r1.out"
  check "run: our stdin reaches it" grep -q 'got:hello' "$T/r1.out"
  check "run: its exit code comes back through the relay ($rc)" test $rc = 5
  config '.process.args = ["sleep", "1000"]'
  create r2 || fail "create r2"
  rt start r2
  (sleep 1; echo 'echo in-exec $(tty); exit 3') |
    script -qec "timeout --foreground -k 5 30 '$RT' --root '$ROOT' exec -t r2 sh" /dev/null >"$T/r2.out" 2>&1
  rc=$?
  check "exec -t: an interactive shell on a pty" grep -Eq 'in-exec /dev/pts/[0-9]+' "$T/r2.out"
  check "exec -t: its exit code ($rc)" test $rc = 3
  rt delete --force r2
else
  echo "SKIP: the terminal relay checks (no script(1))"
fi

config '.process.args = ["sh", "-c", "echo through-fd3 >&3; echo through-fd4 >&4; exec ls /proc/self/fd"]'
exec 3>"$T/fd3.out" 4>"$T/fd4.out"
create t3 --preserve-fds 2 || fail "create t3: $(cat "$T/t3.out")"
exec 3>&- 4>&-
rt start t3
wait_status t3 stopped
check "fd 3 is preserved" grep -qx through-fd3 "$T/fd3.out"
check "fd 4 is preserved" grep -qx through-fd4 "$T/fd4.out"
# ls's own directory fd is the lowest free one: 5
check "no other fd leaks into the container" test "$(tr '\n' ' ' <"$T/t3.out")" = "0 1 2 3 4 5 "
rt delete t3

config '.process.args = ["ls", "/proc/self/fd"]'
exec 3>"$T/fd3.out"
create t4 || fail "create t4"
exec 3>&-
rt start t4
wait_status t4 stopped
check "without --preserve-fds only 0-2 are open (3 is ls's)" test "$(tr '\n' ' ' <"$T/t4.out")" = "0 1 2 3 "
rt delete t4

exec 3>"$T/fd3.out"
check "--preserve-fds beyond the open fds is refused" \
  bash -c "! timeout 30 '$RT' --root '$ROOT' create --preserve-fds 2 --bundle '$BUNDLE' t5 </dev/null 2>'$T/t5.err' 4>&-"
exec 3>&-
CONTAINERS="$CONTAINERS t5"
check "and names the fd" grep -q "fd 4 is not open" "$T/t5.err"
finish
