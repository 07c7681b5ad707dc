#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdbool.h>
#include <sched.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include "hooks/net-nl.h"

/* libnl maps errno to NLE_* (nl_syserr2nlerr) but not back. */
static int nle_errno(int nle) {
  switch (nle < 0 ? -nle : nle) {
  case NLE_EXIST:
    return EEXIST;
  case NLE_OBJ_NOTFOUND:
  case NLE_NODEV:
    return ENODEV;
  case NLE_PERM:
    return EPERM;
  case NLE_BUSY:
    return EBUSY;
  case NLE_NOMEM:
    return ENOMEM;
  case NLE_OPNOTSUPP:
    return EOPNOTSUPP;
  case NLE_AF_NOSUPPORT:
    return EAFNOSUPPORT;
  case NLE_RANGE:
    return ERANGE;
  case NLE_AGAIN:
    return EAGAIN;
  case NLE_INTR:
    return EINTR;
  case NLE_NOADDR:
    return EADDRNOTAVAIL;
  case NLE_NOACCESS:
    return EACCES;
  default:
    return EINVAL;
  }
}

/* libnl reduces the kernel's errno to an NLE_* code (ENETUNREACH becomes
 * "Unspecific failure") and drops its extended ack text ("Nexthop has
 * invalid gateway").  An error callback on each socket keeps both for the
 * failure being reported.  The hook is single-threaded and reports a failure
 * right after the request, so one slot is enough. */
static struct {
  int errnum;
  char text[256];
} kernel_error;

static int record_kernel_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
                               void *userdata) {
  const struct nlmsghdr *hdr =
      (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
  kernel_error.errnum = -e->error;
  kernel_error.text[0] = '\0';
  if (hdr->nlmsg_flags & NLM_F_ACK_TLVS) {
    size_t off = sizeof(*e);
    if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
      off += e->msg.nlmsg_len - NLMSG_HDRLEN;
    size_t total = hdr->nlmsg_len - NLMSG_HDRLEN;
    if (off < total) {
      struct nlattr *tlv, *head = (struct nlattr *)((char *)e + NLMSG_ALIGN(off));
      int rem = (int)(total - NLMSG_ALIGN(off)), i;
      nla_for_each_attr(tlv, head, rem, i) {
        if (nla_type(tlv) == NLMSGERR_ATTR_MSG)
          nla_strlcpy(kernel_error.text, tlv, sizeof(kernel_error.text));
      }
    }
  }
  return NL_STOP; /* libnl then returns -nl_syserr2nlerr(e->error) */
}

static void forget_kernel_error(void) { kernel_error.errnum = 0; }

int nl_error(ctrun_error **err, int nle, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  int code = nle < 0 ? -nle : nle;
  int errnum = kernel_error.errnum;
  bool from_kernel = errnum > 0 && nl_syserr2nlerr(errnum) == code;
  char text[sizeof(kernel_error.text)];
  snprintf(text, sizeof(text), "%s", kernel_error.text);
  forget_kernel_error();
  if (!from_kernel) /* libnl's own failure */
    return error_set(err, nle_errno(nle), "%s: %s", msg, nl_geterror(nle));
  if (text[0])
    return error_set(err, errnum, "%s: %s", msg, text);
  return error_set(err, errnum, "%s", msg);
}

int net_socket_open(struct nl_sock **ret_sock, ctrun_error **err) {
  _cleanup_nlsock_ struct nl_sock *sk = nl_socket_alloc();
  if (sk == NULL)
    return error_set(err, ENOMEM, "allocate a netlink socket");
  int r = nl_connect(sk, NETLINK_ROUTE);
  if (r < 0)
    return nl_error(err, r, "connect a netlink socket");
  /* libnl sets no O_CLOEXEC flag itself */
  int fd = nl_socket_get_fd(sk);
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
    return error_set(err, errno, "set FD_CLOEXEC on the netlink socket");
  /* the kernel's error text; an old kernel without it still works */
  int one = 1;
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
  r = nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, record_kernel_error, NULL);
  if (r < 0)
    return nl_error(err, r, "set up the netlink socket");
  *ret_sock = TAKE_PTR(sk);
  return 0;
}

int net_socket_open_in(int netns_fd, struct nl_sock **ret_sock,
                       ctrun_error **err) {
  _cleanup_close_ int self =
      open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0)
    return error_set(err, errno, "open /proc/thread-self/ns/net");
  if (setns(netns_fd, CLONE_NEWNET) < 0)
    return error_set(err, errno, "enter the container's network namespace");
  int r = net_socket_open(ret_sock, err);
  if (setns(self, CLONE_NEWNET) < 0) {
    /* Only this socket's namespace matters for what follows, but a process
     * stuck in the wrong namespace must not go on. */
    if (r == 0)
      nl_socket_free(*ret_sock);
    return error_set(err, errno, "return to the host network namespace");
  }
  return r;
}

int net_netns_open(pid_t pid, int *ret_fd, ctrun_error **err) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "open %s", path);
  *ret_fd = fd;
  return 0;
}

int net_link_find(struct nl_sock *sk, const char *name,
                  struct rtnl_link **ret_link, ctrun_error **err) {
  struct rtnl_link *link = NULL;
  int r = rtnl_link_get_kernel(sk, 0, name, &link);
  if (r == -NLE_OBJ_NOTFOUND || r == -NLE_NODEV) {
    forget_kernel_error();
    *ret_link = NULL;
    return 0;
  }
  if (r < 0)
    return nl_error(err, r, "look up interface %s", name);
  *ret_link = link;
  return 0;
}

int net_link_get(struct nl_sock *sk, const char *name,
                 struct rtnl_link **ret_link, ctrun_error **err) {
  int r = net_link_find(sk, name, ret_link, err);
  if (r < 0)
    return r;
  if (*ret_link == NULL)
    return error_set(err, 0, "interface \"%s\" not found", name);
  return 0;
}

const char *net_link_kind(struct rtnl_link *link) {
  const char *kind = rtnl_link_get_type(link);
  return kind ? kind : "";
}

int net_link_delete(struct nl_sock *sk, const char *name, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *link = rtnl_link_alloc();
  if (link == NULL)
    return error_set(err, ENOMEM, "delete %s", name);
  rtnl_link_set_name(link, name);
  int r = rtnl_link_delete(sk, link);
  if (r == -NLE_OBJ_NOTFOUND || r == -NLE_NODEV) {
    forget_kernel_error();
    return 0;
  }
  if (r < 0)
    return nl_error(err, r, "delete interface %s", name);
  return 0;
}

int net_link_apply(struct nl_sock *sk, struct rtnl_link *link,
                   const struct net_link_change *change, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *c = rtnl_link_alloc();
  if (c == NULL)
    return error_set(err, ENOMEM, "change %s", rtnl_link_get_name(link));
  if (change->mac) {
    _cleanup_nladdr_ struct nl_addr *a = nl_addr_build(AF_LLC, change->mac, 6);
    if (a == NULL)
      return error_set(err, ENOMEM, "change %s", rtnl_link_get_name(link));
    rtnl_link_set_addr(c, a);
  }
  if (change->mtu)
    rtnl_link_set_mtu(c, change->mtu);
  if (change->master)
    rtnl_link_set_master(c, change->master);
  if (change->up == 1)
    rtnl_link_set_flags(c, IFF_UP);
  else if (change->up == 0)
    rtnl_link_unset_flags(c, IFF_UP);
  if (change->name)
    rtnl_link_set_name(c, change->name);
  if (change->netns_fd >= 0)
    rtnl_link_set_ns_fd(c, change->netns_fd);
  int r = rtnl_link_change(sk, link, c, 0);
  if (r < 0)
    return nl_error(err, r, "configure interface %s", rtnl_link_get_name(link));
  return 0;
}
