/* linux.namespaces -> clone flags (new ones) and fds to setns (by path),
 * plus the uid/gid map and time offsets text the parent writes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "runtime/plan.h"
#include "spec/cleanup.h"
#include "spec/names.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static int map_text(const spec_id_mapping *m, size_t n, char **ret, ctrun_error **err) {
  size_t cap = n * 40 + 1;
  char *buf = malloc(cap);
  if (buf == NULL)
    return error_set(err, ENOMEM, "id mappings");
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(buf + len, cap - len, "%u %u %u\n", m[i].container_id,
                            m[i].host_id, m[i].size);
  *ret = buf;
  return 0;
}

static int open_ns(const spec_namespace *ns, int flag, struct ns_join *ret, ctrun_error **err) {
  int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "linux.namespaces: open %s namespace %s", ns->type, ns->path);
  int type = ioctl(fd, NS_GET_NSTYPE);
  if (type < 0) {
    int e = errno;
    close(fd);
    return error_set(err, e == ENOTTY ? EINVAL : e,
                     "linux.namespaces: %s is not a namespace file", ns->path);
  }
  if (type != flag) {
    close(fd);
    return error_set(err, EINVAL, "linux.namespaces: %s is not a %s namespace", ns->path,
                     ns->type);
  }
  ret->fd = fd;
  ret->type = flag;
  return 0;
}

int plan_namespaces(const spec_config *cfg, struct container_plan *p, ctrun_error **err) {
  const spec_linux *lx = &cfg->linux_;
  for (size_t i = 0; i < lx->n_namespaces; i++) {
    const spec_namespace *ns = &lx->namespaces[i];
    int flag;
    if (!spec_namespace_flag(ns->type, &flag))
      return error_set(err, EINVAL, "linux.namespaces[%zu].type: unknown namespace \"%s\"", i,
                       ns->type);
    bool by_path = ns->path != NULL && ns->path[0] != '\0';
    if (by_path) {
      if (p->n_joins >= PLAN_MAX_JOIN)
        return error_set(err, EINVAL, "linux.namespaces: too many namespaces");
      struct ns_join j;
      int r = open_ns(ns, flag, &j, err);
      if (r < 0)
        return r;
      /* the user namespace is joined first: it owns the others */
      if (flag == CLONE_NEWUSER && p->n_joins > 0) {
        memmove(&p->joins[1], &p->joins[0], p->n_joins * sizeof(p->joins[0]));
        p->joins[0] = j;
      } else {
        p->joins[p->n_joins] = j;
      }
      p->n_joins++;
      if (flag == CLONE_NEWPID)
        p->join_pid = true;
    } else if (flag == CLONE_NEWTIME) {
      /* a new time namespace needs its offsets written before a process
       * enters it: the child unshares it and forks (see spawn.c) */
      p->new_time = true;
    } else if (flag == CLONE_NEWCGROUP) {
      /* rooted at the container's cgroup: unshared after cgroup_enter */
      p->new_cgroup = true;
    } else {
      p->clone_flags |= (unsigned long)flag;
    }
    if (flag == CLONE_NEWUSER) {
      p->user_ns = true;
      p->new_user = !by_path;
    }
    if (flag == CLONE_NEWNET && !by_path)
      p->new_net = true;
    if (flag == CLONE_NEWUTS)
      p->uts_ns = true;
  }
  /* in fork mode the intermediate must not be pid 1 of the new pid
   * namespace (its exit would end the namespace): it unshares and forks */
  if ((p->join_pid || p->new_time) && (p->clone_flags & CLONE_NEWPID)) {
    p->clone_flags &= ~(unsigned long)CLONE_NEWPID;
    p->unshare_pid = true;
  }
  if (p->new_user) {
    int r = map_text(lx->uid_mappings, lx->n_uid_mappings, &p->uid_map, err);
    if (r < 0)
      return r;
    r = map_text(lx->gid_mappings, lx->n_gid_mappings, &p->gid_map, err);
    if (r < 0)
      return r;
  } else if (lx->n_uid_mappings > 0 || lx->n_gid_mappings > 0) {
    if (!p->user_ns)
      return error_set(err, EINVAL,
                       "linux.uidMappings: mappings need a new user namespace in linux.namespaces");
  }
  if (lx->time_offsets_present) {
    if (!p->new_time)
      return error_set(err, EINVAL, "linux.timeOffsets: needs a new time namespace");
    if (asprintf(&p->timens_offsets, "monotonic %lld %u\nboottime %lld %u\n",
                 (long long)lx->time_monotonic.secs, lx->time_monotonic.nanosecs,
                 (long long)lx->time_boottime.secs, lx->time_boottime.nanosecs) < 0)
      return error_set(err, ENOMEM, "linux.timeOffsets");
  }
  if (!p->uts_ns && cfg->hostname && cfg->hostname[0])
    return error_set(err, EINVAL, "hostname: setting the hostname needs a private UTS namespace");
  if (!p->uts_ns && cfg->domainname && cfg->domainname[0])
    return error_set(err, EINVAL,
                     "domainname: setting the domainname needs a private UTS namespace");
  return 0;
}
