/* A terminal for foreground run and exec without --console-socket, as runc
 * gives one: the library sends the pty master over a socketpair instead of
 * a socket path, and ctrun relays its own stdin/stdout to it, with the
 * caller's terminal in raw mode and window size changes passed on. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "runtime/cli/cli.h"
#include "runtime/fdpass.h"

int cli_console_pair(int *ret_local, int *ret_remote) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return -errno;
  *ret_local = sv[0];
  *ret_remote = sv[1];
  return 0;
}

/* The master, when the process asked for a terminal: it was sent before
 * create or exec returned, so nothing is waited for. */
int cli_console_receive(int local) {
  char data[16];
  int fd;
  return fd_recv(local, data, sizeof(data), MSG_DONTWAIT, &fd) > 0 ? fd : -1;
}

void cli_tty_resize(int master) {
  struct winsize ws;
  if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
    ioctl(master, TIOCSWINSZ, &ws);
}

bool cli_tty_raw(struct termios *saved) {
  if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, saved) < 0)
    return false;
  struct termios raw = *saved;
  cfmakeraw(&raw);
  raw.c_oflag = saved->c_oflag; /* keep output processing (\n -> \r\n) as it is */
  return tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
}

int cli_copy(int from, int to) {
  char buf[8192];
  ssize_t n;
  do
    n = read(from, buf, sizeof(buf));
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return n == 0 ? 0 : -errno;
  for (ssize_t off = 0; off < n;) {
    ssize_t w = write(to, buf + off, (size_t)(n - off));
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -errno;
    off += w;
  }
  return (int)n;
}
