/* The entry point, the root element, identity and <os>. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "spec/cleanup-xml.h"
#include "spec/xml/xml-internal.h"

static void silent_error(void *ctx, const char *msg, ...) {}

/* The first error is the one that names the faulty line; libxml2's "last
 * error" is often a follow-up ("Premature end of data"). */
struct first_error {
  int line;
  char message[512];
};

static void keep_first_error(void *userdata, xmlErrorPtr e) {
  struct first_error *fe = userdata;
  if (fe->line != 0 || e == NULL || e->level < XML_ERR_ERROR)
    return;
  fe->line = e->line > 0 ? e->line : 1;
  snprintf(fe->message, sizeof(fe->message), "%s", e->message ? e->message : "not well-formed");
  size_t n = strlen(fe->message);
  while (n > 0 && isspace((unsigned char)fe->message[n - 1]))
    fe->message[--n] = '\0';
}

static int parse_document(const char *text, size_t len, xmlDocPtr *ret, ctrun_error **err) {
  if (len > INT_MAX)
    return error_set(err, EFBIG, "domain XML is too large");
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == NULL)
    return error_set(err, ENOMEM, "creating the XML parser");
  /* Errors go to handlers that are thread-local in libxml2: capture them
   * for this parse only (encoding errors bypass XML_PARSE_NOERROR). */
  struct first_error fe = {0};
  xmlGenericErrorFunc saved_fn = xmlGenericError;
  void *saved_ctx = xmlGenericErrorContext;
  xmlStructuredErrorFunc saved_sfn = xmlStructuredError;
  void *saved_sctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(NULL, silent_error);
  xmlSetStructuredErrorFunc(&fe, keep_first_error);
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, text, (int)len, "domain.xml", NULL, XML_PARSE_NONET);
  xmlSetGenericErrorFunc(saved_ctx, saved_fn);
  xmlSetStructuredErrorFunc(saved_sctx, saved_sfn);
  xmlFreeParserCtxt(ctxt);
  if (doc == NULL)
    return error_set(err, 0, "malformed XML at line %d: %s", fe.line,
                     fe.line ? fe.message : "not well-formed");
  /* A domain never has a DTD; refusing one keeps entity expansion out. */
  if (doc->intSubset || doc->extSubset) {
    xmlFreeDoc(doc);
    return error_set(err, 0, "malformed XML: a <!DOCTYPE> is not allowed in a domain");
  }
  *ret = doc;
  return 0;
}

static int driver_from_type(xml_ctx *c, xmlNode *domain, const char *type) {
  if (type == NULL)
    return xml_fail(c, domain, "missing attribute 'type' (lxc, openvz or vz)");
  if (strcmp(type, "lxc") == 0)
    c->driver = XML_DRIVER_LXC;
  else if (strcmp(type, "openvz") == 0)
    c->driver = XML_DRIVER_OPENVZ;
  else if (strcmp(type, "vz") == 0)
    c->driver = XML_DRIVER_VZ;
  else if (strcmp(type, "linuxcontainer") == 0 || strcmp(type, "vserver") == 0) {
    if (!c->opts->legacy)
      return xml_fail(c, domain, "domain type '%s' is from the 2008 drafts: pass --legacy", type);
    c->driver = XML_DRIVER_LXC;
  } else
    return xml_fail(c, domain, "domain type '%s' is not a container driver (lxc, openvz or vz)",
                    type);
  return annotate(c, "domain-type", type);
}

/* libvirt's UUID syntax: 32 hex digits, dashes allowed between pairs. */
static int normalize_uuid(const char *in, char out[37]) {
  int nd = 0;
  char hex[32];
  for (const char *s = in; *s; s++) {
    if (*s == '-' && nd % 2 == 0)
      continue;
    if (!isxdigit((unsigned char)*s) || nd >= 32)
      return -EINVAL;
    hex[nd++] = (char)tolower((unsigned char)*s);
  }
  if (nd != 32)
    return -EINVAL;
  snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
  return 0;
}

static int annotate_text(xml_ctx *c, xmlNode *domain, const char *elem, const char *key) {
  xmlNode *n = xml_child(domain, elem);
  if (n == NULL)
    return 0;
  _cleanup_free_ char *t = xml_text(n);
  if (t == NULL)
    return xml_oom(c);
  return *t ? annotate(c, key, t) : 0;
}

/* <metadata> holds other applications' XML: kept whole, as text. */
static int annotate_metadata(xml_ctx *c, xmlNode *domain) {
  xmlNode *md = xml_child(domain, "metadata");
  if (md == NULL)
    return 0;
  xml_mark_tree(md);
  xmlBufferPtr buf = xmlBufferCreate();
  if (buf == NULL)
    return xml_oom(c);
  xml_foreach(child, md) xmlNodeDump(buf, md->doc, child, 0, 0);
  int r = xmlBufferLength(buf) > 0 ? annotate(c, "metadata", (const char *)xmlBufferContent(buf))
                                   : 0;
  xmlBufferFree(buf);
  return r;
}

/* <clock> matters to the LXC driver only through <timer name='rtc'|'hpet'>
 * under localtime (it then creates /dev/rtc, /dev/hpet): not supported. */
static int parse_clock(xml_ctx *c, xmlNode *domain) {
  int r;
  xmlNode *clock = xml_child(domain, "clock");
  if (clock == NULL)
    return 0;
  _cleanup_free_ char *offset = xml_attr(clock, "offset");
  _cleanup_free_ char *adj = xml_attr(clock, "adjustment");
  _cleanup_free_ char *basis = xml_attr(clock, "basis");
  _cleanup_free_ char *tz = xml_attr(clock, "timezone");
  xml_foreach(t, clock) {
    if (!xml_is(t, "timer"))
      continue;
    xml_mark_tree(t);
    if ((r = xml_drop(c, t, "timer devices are not created, ignored")) < 0)
      return r;
  }
  return 0;
}

int xml_parse_identity(xml_ctx *c, xmlNode *domain) {
  int r;
  _cleanup_free_ char *id = xml_attr(domain, "id");
  if (id && (r = annotate(c, "id", id)) < 0)
    return r;
  xmlNode *name = xml_child(domain, "name");
  if (name == NULL)
    return xml_fail(c, domain, "missing <name>");
  c->name = xml_text(name);
  if (c->name == NULL)
    return xml_oom(c);
  if (*c->name == '\0')
    return xml_fail(c, name, "the name is empty");
  if (strchr(c->name, '/'))
    return xml_fail(c, name, "name '%s' cannot contain '/'", c->name);
  if ((r = annotate(c, "name", c->name)) < 0)
    return r;

  xmlNode *uuid = xml_child(domain, "uuid");
  if (uuid) {
    _cleanup_free_ char *t = xml_text(uuid);
    char norm[37];
    if (t == NULL)
      return xml_oom(c);
    if (normalize_uuid(t, norm) < 0)
      return xml_fail(c, uuid, "malformed uuid '%s'", t);
    c->uuid = strdup(norm);
    if (c->uuid == NULL)
      return xml_oom(c);
    if ((r = annotate(c, "uuid", norm)) < 0)
      return r;
  }
  if ((r = annotate_text(c, domain, "title", "title")) < 0 ||
      (r = annotate_text(c, domain, "description", "description")) < 0 ||
      (r = annotate_metadata(c, domain)) < 0)
    return r;
  /* OCI has no restart policy: the actions are kept for a manager. */
  static const char *const actions[] = {"on_poweroff", "on_reboot", "on_crash"};
  for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
    if ((r = annotate_text(c, domain, actions[i], actions[i])) < 0)
      return r;
  return parse_clock(c, domain);
}

/* libvirt runs a 32-bit guest arch under personality(PER_LINUX32) when it
 * is the host's 32-bit alternative (lxcContainerGetAlt32bitArch). */
static const char *host_arch(const char **alt32) {
#if defined(__x86_64__)
  *alt32 = "i686";
  return "x86_64";
#elif defined(__aarch64__)
  *alt32 = "armv7l";
  return "aarch64";
#elif defined(__s390x__)
  *alt32 = "s390";
  return "s390x";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  *alt32 = "ppc";
  return "ppc64";
#else
  *alt32 = NULL;
  return NULL;
#endif
}

static int parse_os_type(xml_ctx *c, xmlNode *os) {
  xmlNode *type = xml_child(os, "type");
  if (type == NULL)
    return xml_fail(c, os, "missing <type> (expected 'exe' for a container)");
  _cleanup_free_ char *t = xml_text(type);
  _cleanup_free_ char *arch = xml_attr(type, "arch");
  _cleanup_free_ char *machine = xml_attr(type, "machine");
  if (t == NULL)
    return xml_oom(c);
  if (strcmp(t, "exe") != 0)
    return xml_fail(c, type, "os type '%s' is a virtual machine, not a container (expected 'exe')",
                    t);
  if (machine)
    return xml_drop(c, type, "attribute 'machine' has no meaning for a container, ignored");
  if (arch) {
    const char *alt32;
    const char *host = host_arch(&alt32);
    if (alt32 && strcmp(arch, alt32) == 0) {
      c->arch_personality = strdup("LINUX32");
      if (c->arch_personality == NULL)
        return xml_oom(c);
    } else if (host == NULL || strcmp(arch, host) != 0)
      return xml_fail(c, type, "architecture '%s' cannot run on this host (%s)", arch,
                      host ? host : "unknown");
  }
  return 0;
}

/* initenv names follow the RNG: [a-zA-Z_]+[a-zA-Z0-9_]* */
static bool env_name_ok(const char *s) {
  if (!(isalpha((unsigned char)*s) || *s == '_'))
    return false;
  for (; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_'))
      return false;
  return true;
}

static int parse_os_child(xml_ctx *c, xmlNode *n) {
  int r;
  _cleanup_free_ char *t = xml_text(n);
  if (t == NULL)
    return xml_oom(c);
  xml_mark(n);
  if (xml_is(n, "initarg")) {
    if (*t == '\0')
      return xml_fail(c, n, "no data supplied for <initarg>");
    if (strv_add(&c->cfg->process->args, t) < 0)
      return xml_oom(c);
  } else if (xml_is(n, "initenv")) {
    _cleanup_free_ char *name = xml_attr(n, "name");
    if (name == NULL || !env_name_ok(name))
      return xml_fail(c, n, "environment name '%s' is invalid (expected [a-zA-Z_][a-zA-Z0-9_]*)",
                      name ? name : "");
    if (kv_set(&c->initenv, name, t) < 0)
      return xml_oom(c);
  } else if (xml_is(n, "initdir")) {
    if (t[0] != '/')
      return xml_fail(c, n, "initdir '%s' must be an absolute path", t);
    free(c->cfg->process->cwd);
    c->cfg->process->cwd = TAKE_PTR(t);
  } else if (xml_is(n, "inituser")) {
    free(c->inituser);
    c->inituser = TAKE_PTR(t);
  } else if (xml_is(n, "initgroup")) {
    free(c->initgroup);
    c->initgroup = TAKE_PTR(t);
  } else if (xml_is(n, "cmdline")) {
    free(c->cmdline);
    c->cmdline = TAKE_PTR(t);
  } else if (xml_is(n, "kernel") || xml_is(n, "initrd") || xml_is(n, "loader") ||
             xml_is(n, "boot") || xml_is(n, "bootmenu") || xml_is(n, "smbios") ||
             xml_is(n, "bios") || xml_is(n, "nvram") || xml_is(n, "dtb")) {
    if ((r = xml_drop(c, n, "boot setting of a virtual machine, ignored")) < 0)
      return r;
  } else {
    n->_private = NULL; /* reported by the final walk */
  }
  return 0;
}

int xml_parse_os(xml_ctx *c, xmlNode *domain) {
  int r;
  spec_process *p = c->cfg->process;
  xmlNode *os = xml_child(domain, "os");
  c->os = os;
  if (os == NULL)
    return xml_fail(c, domain, "missing <os>");
  if ((r = parse_os_type(c, os)) < 0)
    return r;
  xmlNode *init = xml_child(os, "init");
  _cleanup_free_ char *path = init ? xml_text(init) : NULL;
  if (init && path == NULL)
    return xml_oom(c);
  if (path == NULL || *path == '\0') {
    /* The OpenVZ driver fills /sbin/init in before libvirt's own check. */
    if (c->driver == XML_DRIVER_LXC)
      return xml_fail(c, os, "init binary must be specified (<init>)");
    free(path);
    path = strdup("/sbin/init");
    if (path == NULL)
      return xml_oom(c);
  }
  if (strv_add(&p->args, path) < 0)
    return xml_oom(c);
  xml_foreach(n, os) {
    if (xml_is(n, "type") || xml_is(n, "init"))
      continue;
    if ((r = parse_os_child(c, n)) < 0)
      return r;
  }
  return 0;
}

static void ctx_free(xml_ctx *c) {
  free(c->name);
  free(c->uuid);
  free(c->ns.share_net);
  free(c->ns.share_ipc);
  free(c->ns.share_uts);
  mounts_free(c->mounts, c->n_mounts);
  free(c->inituser);
  free(c->initgroup);
  for (size_t i = 0; i < c->initenv.n; i++) {
    free(c->initenv.items[i].key);
    free(c->initenv.items[i].value);
  }
  free(c->initenv.items);
  free(c->cmdline);
  free(c->arch_personality);
  free(c->legacy_hostname);
  for (size_t i = 0; i < c->n_dev_rules; i++) {
    free(c->dev_rules[i].type);
    free(c->dev_rules[i].access);
  }
  free(c->dev_rules);
  xml_net_free(c);
  if (c->cfg)
    spec_config_free(c->cfg);
}

static int convert(xml_ctx *c, xmlNode *domain) {
  int r;
  _cleanup_free_ char *type = xml_attr(domain, "type");
  if ((r = driver_from_type(c, domain, type)) < 0)
    return r;
  if ((r = xml_parse_identity(c, domain)) < 0)
    return r;
  /* The drafts put the init command in <container>; legacy handles both. */
  r = c->opts->legacy ? xml_parse_legacy(c, domain) : xml_parse_os(c, domain);
  if (r < 0)
    return r;
  if ((r = xml_parse_features(c, domain)) < 0 || (r = xml_parse_idmap(c, domain)) < 0 ||
      (r = xml_parse_lxc_namespace(c, domain)) < 0 || (r = xml_parse_seclabels(c, domain)) < 0 ||
      (r = xml_parse_tune(c, domain)) < 0)
    return r;
  xmlNode *devices = xml_child(domain, "devices");
  if ((r = xml_parse_filesystems(c, devices)) < 0 || (r = xml_parse_interfaces(c, devices)) < 0 ||
      (r = xml_parse_devices(c, devices)) < 0 || (r = xml_net_finish(c)) < 0 ||
      (r = xml_set_user(c, c->os, c->inituser, c->initgroup)) < 0 ||
      (r = xml_apply_defaults(c)) < 0)
    return r;
  xml_mark(domain);
  return xml_report_unused(c, domain);
}

static int new_config(spec_config **ret) {
  spec_config *cfg = calloc(1, sizeof(*cfg));
  if (cfg == NULL)
    return -ENOMEM;
  cfg->process = calloc(1, sizeof(*cfg->process));
  cfg->oci_version = strdup("1.2.0");
  if (cfg->process == NULL || cfg->oci_version == NULL) {
    free(cfg->process);
    free(cfg->oci_version);
    free(cfg);
    return -ENOMEM;
  }
  *ret = cfg;
  return 0;
}

int xml_domain_to_config(const char *text, size_t len, const struct xml_options *opts,
                         spec_warn_fn warn, void *userdata, spec_config **ret,
                         ctrun_error **err) {
  static const struct xml_options no_options;
  _cleanup_xmldoc_ xmlDocPtr doc = NULL;
  int r = parse_document(text, len, &doc, err);
  if (r < 0)
    return r;
  xmlNode *domain = xmlDocGetRootElement(doc);
  if (domain == NULL || !xml_is(domain, "domain"))
    return error_set(err, 0, "%s%s: the root element must be <domain>", domain ? "/" : "",
                     domain ? (const char *)domain->name : "(empty document)");
  xml_ctx c = {.opts = opts ? opts : &no_options, .warn = warn, .userdata = userdata, .err = err};
  if (new_config(&c.cfg) < 0)
    return error_set(err, ENOMEM, "converting the domain");
  r = convert(&c, domain);
  if (r == 0) {
    r = spec_config_validate(c.cfg, warn, userdata, err);
    if (r < 0)
      r = error_prefix(err, r, "the converted configuration is invalid");
  }
  if (r == 0)
    *ret = TAKE_PTR(c.cfg);
  ctx_free(&c);
  return r;
}
