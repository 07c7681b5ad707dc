/* <features> (privnet, the capability policy), <idmap>, <lxc:namespace>
 * and <seclabel>. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

/* Kernel order.  `lv` is libvirt's name; NULL for the ones libvirt cannot
 * name, which a default/allow policy keeps and deny clears. */
static const struct {
  const char *oci, *lv;
} capabilities[] = {
    {"CAP_CHOWN", "chown"},
    {"CAP_DAC_OVERRIDE", "dac_override"},
    {"CAP_DAC_READ_SEARCH", "dac_read_search"},
    {"CAP_FOWNER", "fowner"},
    {"CAP_FSETID", "fsetid"},
    {"CAP_KILL", "kill"},
    {"CAP_SETGID", "setgid"},
    {"CAP_SETUID", "setuid"},
    {"CAP_SETPCAP", "setpcap"},
    {"CAP_LINUX_IMMUTABLE", "linux_immutable"},
    {"CAP_NET_BIND_SERVICE", "net_bind_service"},
    {"CAP_NET_BROADCAST", "net_broadcast"},
    {"CAP_NET_ADMIN", "net_admin"},
    {"CAP_NET_RAW", "net_raw"},
    {"CAP_IPC_LOCK", "ipc_lock"},
    {"CAP_IPC_OWNER", "ipc_owner"},
    {"CAP_SYS_MODULE", "sys_module"},
    {"CAP_SYS_RAWIO", "sys_rawio"},
    {"CAP_SYS_CHROOT", "sys_chroot"},
    {"CAP_SYS_PTRACE", "sys_ptrace"},
    {"CAP_SYS_PACCT", "sys_pacct"},
    {"CAP_SYS_ADMIN", "sys_admin"},
    {"CAP_SYS_BOOT", "sys_boot"},
    {"CAP_SYS_NICE", "sys_nice"},
    {"CAP_SYS_RESOURCE", "sys_resource"},
    {"CAP_SYS_TIME", "sys_time"},
    {"CAP_SYS_TTY_CONFIG", "sys_tty_config"},
    {"CAP_MKNOD", "mknod"},
    {"CAP_LEASE", "lease"},
    {"CAP_AUDIT_WRITE", "audit_write"},
    {"CAP_AUDIT_CONTROL", "audit_control"},
    {"CAP_SETFCAP", "setfcap"},
    {"CAP_MAC_OVERRIDE", "mac_override"},
    {"CAP_MAC_ADMIN", "mac_admin"},
    {"CAP_SYSLOG", "syslog"},
    {"CAP_WAKE_ALARM", "wake_alarm"},
    {"CAP_BLOCK_SUSPEND", "block_suspend"},
    {"CAP_AUDIT_READ", NULL},
    {"CAP_PERFMON", NULL},
    {"CAP_BPF", NULL},
    {"CAP_CHECKPOINT_RESTORE", NULL},
};

#define CAP_BIT(i) (UINT64_C(1) << (i))
#define ALL_CAPS (CAP_BIT(ARRAY_SIZE(capabilities)) - 1)

static int cap_index(const char *lv) {
  for (size_t i = 0; i < ARRAY_SIZE(capabilities); i++)
    if (capabilities[i].lv && strcmp(capabilities[i].lv, lv) == 0)
      return (int)i;
  return -1;
}

static int cap_index_oci(const char *oci) {
  for (size_t i = 0; i < ARRAY_SIZE(capabilities); i++)
    if (strcmp(capabilities[i].oci, oci) == 0)
      return (int)i;
  return -1;
}

/* libvirt's "default" policy drops these five (lxcContainerDropCapabilities);
 * CAP_SYS_BOOT stays because reboot() in a pid namespace is safe. */
static const char *const default_drops[] = {"CAP_SYS_MODULE", "CAP_SYS_TIME", "CAP_MKNOD",
                                            "CAP_AUDIT_CONTROL", "CAP_MAC_ADMIN"};

static int parse_capabilities(xml_ctx *c, xmlNode *caps) {
  _cleanup_free_ char *policy = xml_attr(caps, "policy");
  const char *pol = policy ? policy : "default";
  uint64_t held = ALL_CAPS;
  const struct xml_host *h = c->opts->host;
  if (h && h->held_capabilities && h->held_capabilities(&held, h->userdata) == 0)
    held &= ALL_CAPS;
  uint64_t kept;
  if (strcmp(pol, "default") == 0) {
    kept = held;
    for (size_t i = 0; i < ARRAY_SIZE(default_drops); i++)
      kept &= ~CAP_BIT(cap_index_oci(default_drops[i]));
  } else if (strcmp(pol, "allow") == 0)
    kept = held;
  else if (strcmp(pol, "deny") == 0)
    kept = 0;
  else
    return xml_fail(c, caps, "unknown capability policy '%s' (default, allow or deny)", pol);
  xml_foreach(n, caps) {
    xml_mark(n);
    int i = n->ns == NULL ? cap_index((const char *)n->name) : -1;
    if (i < 0)
      return xml_fail(c, n, "unexpected capability feature '%s'", (const char *)n->name);
    _cleanup_free_ char *state = xml_attr(n, "state");
    if (state == NULL || strcmp(state, "on") == 0)
      kept |= CAP_BIT(i) & held;
    else if (strcmp(state, "off") == 0)
      kept &= ~CAP_BIT(i);
    else
      return xml_fail(c, n, "invalid state '%s' (on or off)", state);
  }
  c->caps_kept = kept;
  return 0;
}

int xml_parse_features(xml_ctx *c, xmlNode *domain) {
  int r;
  /* No <capabilities> is the default policy. */
  c->caps_kept = ALL_CAPS;
  uint64_t held;
  const struct xml_host *h = c->opts->host;
  if (h && h->held_capabilities && h->held_capabilities(&held, h->userdata) == 0)
    c->caps_kept &= held;
  for (size_t i = 0; i < ARRAY_SIZE(default_drops); i++)
    c->caps_kept &= ~CAP_BIT(cap_index_oci(default_drops[i]));
  xmlNode *features = xml_child(domain, "features");
  xml_foreach(n, features) {
    xml_mark(n);
    if (xml_is(n, "privnet")) {
      c->ns.private_net = true;
    } else if (xml_is(n, "capabilities")) {
      if ((r = parse_capabilities(c, n)) < 0)
        return r;
    } else if ((r = xml_drop(c, n, "feature of a virtual machine, ignored")) < 0) {
      return r;
    }
  }
  return 0;
}

/* Writes the capability sets.  A non-root <inituser> loses its permitted
 * and effective sets, as after libvirt's setuid() without keepcaps. */
int xml_apply_capabilities(xml_ctx *c, bool root_user) {
  spec_capabilities *caps = &c->cfg->process->capabilities;
  caps->present = true;
  caps->bounding.present = caps->effective.present = caps->permitted.present =
      caps->inheritable.present = true;
  for (size_t i = 0; i < ARRAY_SIZE(capabilities); i++) {
    if (!(c->caps_kept & CAP_BIT(i)))
      continue;
    const char *name = capabilities[i].oci;
    if (strv_add(&caps->bounding, name) < 0 || strv_add(&caps->inheritable, name) < 0)
      return xml_oom(c);
    if (root_user && (strv_add(&caps->effective, name) < 0 || strv_add(&caps->permitted, name) < 0))
      return xml_oom(c);
  }
  return 0;
}

bool xml_mknod_kept(const xml_ctx *c) { return c->caps_kept & CAP_BIT(cap_index_oci("CAP_MKNOD")); }

/* ---- <idmap> ---- */

static int cmp_mapping(const void *a, const void *b) {
  const spec_id_mapping *x = a, *y = b;
  return (x->container_id > y->container_id) - (x->container_id < y->container_id);
}

static int parse_map_entry(xml_ctx *c, xmlNode *n, spec_id_mapping *m) {
  static const char *const names[] = {"start", "target", "count"};
  uint64_t v[3];
  for (int i = 0; i < 3; i++) {
    _cleanup_free_ char *a = xml_attr(n, names[i]);
    if (a == NULL)
      return xml_fail(c, n, "missing attribute '%s'", names[i]);
    int r = xml_parse_u64(c, n, a, UINT32_MAX, &v[i]);
    if (r < 0)
      return error_prefix(c->err, r, "attribute '%s'", names[i]);
  }
  if (v[2] == 0)
    return xml_fail(c, n, "count must not be 0");
  *m = (spec_id_mapping){(uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2]};
  return 0;
}

int xml_parse_idmap(xml_ctx *c, xmlNode *domain) {
  xmlNode *idmap = xml_child(domain, "idmap");
  if (idmap == NULL)
    return 0;
  spec_linux *l = &c->cfg->linux_;
  xml_foreach(n, idmap) {
    bool uid = xml_is(n, "uid");
    if (!uid && !xml_is(n, "gid"))
      continue;
    xml_mark(n);
    spec_id_mapping **maps = uid ? &l->uid_mappings : &l->gid_mappings;
    size_t *nm = uid ? &l->n_uid_mappings : &l->n_gid_mappings;
    /* the kernel takes at most 340 lines per map */
    if (*nm >= 340)
      return xml_fail(c, n, "more than 340 %s mappings", uid ? "uid" : "gid");
    spec_id_mapping *grown = realloc(*maps, (*nm + 1) * sizeof(**maps));
    if (grown == NULL)
      return xml_oom(c);
    *maps = grown;
    int r = parse_map_entry(c, n, &grown[*nm]);
    if (r < 0)
      return r;
    (*nm)++;
  }
  if ((l->n_uid_mappings == 0) != (l->n_gid_mappings == 0) ||
      (l->n_uid_mappings == 0 && xml_first(idmap)))
    return xml_fail(c, idmap, "uid and gid should be mapped both");
  if (l->n_uid_mappings == 0)
    return 0;
  qsort(l->uid_mappings, l->n_uid_mappings, sizeof(spec_id_mapping), cmp_mapping);
  qsort(l->gid_mappings, l->n_gid_mappings, sizeof(spec_id_mapping), cmp_mapping);
  if (l->uid_mappings[0].container_id != 0 || l->gid_mappings[0].container_id != 0)
    return xml_fail(c, idmap, "you must map the root user of the container");
  c->ns.userns = true;
  return 0;
}

/* ---- <lxc:namespace> ---- */

static bool is_lxc(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, XML_LXC_NS) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

static int share_path(xml_ctx *c, xmlNode *n, const char *proc_name, char **ret) {
  _cleanup_free_ char *type = xml_attr(n, "type");
  _cleanup_free_ char *value = xml_attr(n, "value");
  if (type == NULL || value == NULL || *value == '\0')
    return xml_fail(c, n, "'type' and 'value' are required");
  int r;
  if (strcmp(type, "netns") == 0) {
    if (strcmp(proc_name, "net") != 0)
      return xml_fail(c, n, "type 'netns' is only valid for sharenet");
    if (strchr(value, '/') || strcmp(value, ".") == 0 || strcmp(value, "..") == 0)
      return xml_fail(c, n, "netns name '%s' is not a plain name", value);
    r = asprintf(ret, "/run/netns/%s", value);
  } else if (strcmp(type, "pid") == 0) {
    uint64_t pid;
    if ((r = xml_parse_u64(c, n, value, INT32_MAX, &pid)) < 0)
      return r;
    if (pid == 0)
      return xml_fail(c, n, "pid must be positive");
    r = asprintf(ret, "/proc/%llu/ns/%s", (unsigned long long)pid, proc_name);
  } else if (strcmp(type, "name") == 0) {
    /* another container: ctrun's own state says which pid is its init */
    const struct xml_host *h = c->opts->host;
    int64_t pid;
    if (h == NULL || h->container_pid == NULL ||
        h->container_pid(value, &pid, h->userdata) < 0)
      return xml_fail(c, n, "container '%s' is not running (its namespace cannot be joined)",
                      value);
    r = asprintf(ret, "/proc/%lld/ns/%s", (long long)pid, proc_name);
  } else {
    return xml_fail(c, n, "unknown namespace source type '%s' (name, pid or netns)", type);
  }
  return r < 0 ? xml_oom(c) : 0;
}

int xml_parse_lxc_namespace(xml_ctx *c, xmlNode *domain) {
  int r;
  xml_foreach(ns, domain) {
    if (!is_lxc(ns, "namespace"))
      continue;
    xml_mark(ns);
    xml_foreach(n, ns) {
      char **slot;
      const char *proc;
      if (is_lxc(n, "sharenet")) {
        slot = &c->ns.share_net, proc = "net";
        c->ns.share_net_node = n;
      } else if (is_lxc(n, "shareipc"))
        slot = &c->ns.share_ipc, proc = "ipc";
      else if (is_lxc(n, "shareuts"))
        slot = &c->ns.share_uts, proc = "uts";
      else
        continue;
      xml_mark(n);
      free(*slot);
      *slot = NULL;
      if ((r = share_path(c, n, proc, slot)) < 0)
        return r;
    }
  }
  return 0;
}

/* ---- <seclabel> ---- */

static int parse_seclabel(xml_ctx *c, xmlNode *n) {
  _cleanup_free_ char *type = xml_attr(n, "type");
  _cleanup_free_ char *model = xml_attr(n, "model");
  _cleanup_free_ char *relabel = xml_attr(n, "relabel");
  spec_process *p = c->cfg->process;
  const char *t = type ? type : "dynamic";
  if (strcmp(t, "none") == 0)
    return 0;
  if (strcmp(t, "dynamic") == 0)
    return xml_drop(c, n, "dynamic labels are generated by libvirt's security driver; "
                          "ctrun-xml2oci does not generate labels (use type='static')");
  if (strcmp(t, "static") != 0)
    return xml_fail(c, n, "unknown seclabel type '%s' (none, dynamic or static)", t);
  bool apparmor = model && strcmp(model, "apparmor") == 0;
  if (model && !apparmor && strcmp(model, "selinux") != 0)
    return xml_drop(c, n, "security model '%s' is not supported", model);
  xmlNode *label = xml_child(n, "label");
  if (label == NULL)
    return xml_fail(c, n, "a static seclabel needs <label>");
  char *text = xml_text(label);
  if (text == NULL)
    return xml_oom(c);
  if (apparmor) {
    free(p->apparmor_profile);
    p->apparmor_profile = text;
  } else {
    free(p->selinux_label);
    p->selinux_label = text;
  }
  xmlNode *image = xml_child(n, "imagelabel");
  if (image && !apparmor) {
    free(c->cfg->linux_.mount_label);
    c->cfg->linux_.mount_label = xml_text(image);
    if (c->cfg->linux_.mount_label == NULL)
      return xml_oom(c);
  }
  return 0;
}

int xml_parse_seclabels(xml_ctx *c, xmlNode *domain) {
  xml_foreach(n, domain) {
    if (!xml_is(n, "seclabel"))
      continue;
    xml_mark(n);
    int r = parse_seclabel(c, n);
    if (r < 0)
      return r;
  }
  return 0;
}
