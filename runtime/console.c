/* process.terminal in the child: a pty from the container's own devpts,
 * opened and paired by fd (TIOCGPTPEER), never through a path of the
 * rootfs that the image could redirect. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/mount-util.h"
#include "runtime/pathres.h"
#include "runtime/rootfs-child.h"
#include "runtime/rootfs.h"

/* dev/console as an empty regular file to mount the slave on; a symlink
 * there is removed (inside the rootfs's /dev), never followed. */
static int console_target(int root_fd, struct child_error *e) {
  int dev = pathres_open(root_fd, "dev", O_PATH | O_DIRECTORY, PATHRES_NO_SYMLINKS);
  if (dev < 0)
    return child_fail(e, -dev, "console: opening /dev in the rootfs");
  int fd = openat(dev, "console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
      close(fd);
      fd = -1;
      if (unlinkat(dev, "console", 0) < 0) {
        close(dev);
        return child_fail(e, errno, "console: removing the symlink /dev/console");
      }
    } else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      close(fd);
      close(dev);
      return child_fail(e, EISDIR, "console: /dev/console is a directory");
    }
  }
  if (fd < 0) {
    int f = openat(dev, "console", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (f < 0) {
      close(dev);
      return child_fail(e, errno, "console: creating /dev/console");
    }
    close(f);
    fd = openat(dev, "console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      close(dev);
      return child_fail(e, errno, "console: opening /dev/console");
    }
  }
  close(dev);
  return fd;
}

static int open_pair(int root_fd, int *ret_slave, struct child_error *e) {
  int master = pathres_open(root_fd, "dev/pts/ptmx", O_RDWR | O_NOCTTY, PATHRES_NO_SYMLINKS);
  if (master < 0)
    return child_fail(e, -master, "console: opening /dev/pts/ptmx in the rootfs");
  if (mnt_fs_magic(master) != DEVPTS_SUPER_MAGIC) {
    close(master);
    return child_fail(e, EXDEV, "console: /dev/pts/ptmx is not on a devpts");
  }
  int unlock = 0;
  if (ioctl(master, TIOCSPTLCK, &unlock) < 0) {
    int saved = errno;
    close(master);
    return child_fail(e, saved, "console: unlocking the pty");
  }
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) {
    int saved = errno;
    close(master);
    return child_fail(e, saved, "console: opening the pty slave");
  }
  *ret_slave = slave;
  return master;
}

/* The slave as stdin, stdout, stderr and controlling terminal. */
static int attach_slave(int slave, struct child_error *e) {
  for (int fd = 0; fd <= 2; fd++)
    if (slave != fd && dup3(slave, fd, 0) < 0)
      return child_fail(e, errno, "console: dup3 onto fd %d", fd);
  if (ioctl(0, TIOCSCTTY, 0) < 0)
    return child_fail(e, errno, "console: making the pty the controlling terminal");
  return 0;
}

/* The pair, optionally the slave bound onto /dev/console of the rootfs,
 * then the slave as stdio. */
static int console_open(int root_fd, bool bind_console, int *ret_master, struct child_error *e) {
  int slave = -1;
  int master = open_pair(root_fd, &slave, e);
  if (master < 0)
    return master;
  int r = 0;
  int target = bind_console ? console_target(root_fd, e) : -1;
  if (bind_console && target < 0)
    r = target;
  if (r == 0 && bind_console) {
    int tree = mnt_clone(slave, "", false);
    if (tree < 0)
      r = child_fail(e, -tree, "console: open_tree of the pty slave");
    else if ((r = mnt_move(tree, target)) < 0)
      r = child_fail(e, -r, "console: bind mount onto /dev/console");
    if (tree >= 0)
      close(tree);
    close(target);
  }
  if (r == 0)
    r = attach_slave(slave, e);
  if (slave > 2)
    close(slave);
  if (r < 0) {
    close(master);
    return r;
  }
  *ret_master = master;
  return 0;
}

int console_setup(int root_fd, int *ret_master, struct child_error *e) {
  return console_open(root_fd, true, ret_master, e);
}

int console_setup_exec(int *ret_master, struct child_error *e) {
  int root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0)
    return child_fail(e, errno, "console: opening the container's root");
  int r = console_open(root_fd, false, ret_master, e);
  close(root_fd);
  return r;
}
