/* Element walking, XPath names and the three kinds of message. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/cleanup-xml.h"
#include "spec/xml/xml-internal.h"

/* Any non-NULL value: libxml2 leaves _private to the application. */
static char used_mark;

void xml_mark(xmlNode *n) {
  if (n)
    n->_private = &used_mark;
}

void xml_mark_tree(xmlNode *n) {
  xml_mark(n);
  for (xmlAttr *a = n->properties; a; a = a->next)
    a->_private = &used_mark;
  xml_foreach(child, n) xml_mark_tree(child);
}

bool xml_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns == NULL &&
         strcmp((const char *)n->name, name) == 0;
}

static xmlNode *element_from(xmlNode *n) {
  while (n && n->type != XML_ELEMENT_NODE)
    n = n->next;
  return n;
}

xmlNode *xml_first(xmlNode *parent) { return parent ? element_from(parent->children) : NULL; }
xmlNode *xml_next(xmlNode *n) { return n ? element_from(n->next) : NULL; }

xmlNode *xml_child(xmlNode *parent, const char *name) {
  xml_foreach(child, parent) {
    if (xml_is(child, name)) {
      xml_mark(child);
      return child;
    }
  }
  return NULL;
}

char *xml_attr(xmlNode *n, const char *name) {
  if (n == NULL)
    return NULL;
  xmlAttr *a = xmlHasNsProp(n, (const xmlChar *)name, NULL);
  if (a == NULL)
    return NULL;
  a->_private = &used_mark;
  _cleanup_xmlfree_ xmlChar *v = xmlNodeGetContent((xmlNode *)a);
  return v ? strdup((const char *)v) : strdup("");
}

char *xml_text(xmlNode *n) {
  _cleanup_xmlfree_ xmlChar *v = xmlNodeGetContent(n);
  const char *s = v ? (const char *)v : "";
  while (isspace((unsigned char)*s))
    s++;
  size_t len = strlen(s);
  while (len > 0 && isspace((unsigned char)s[len - 1]))
    len--;
  return strndup(s, len);
}

char *xml_path(const xmlNode *n) {
  _cleanup_xmlfree_ xmlChar *p = xmlGetNodePath(n);
  return strdup(p ? (const char *)p : "?");
}

static int vmessage(xml_ctx *c, const xmlNode *n, char **ret, const char *fmt, va_list ap) {
  _cleanup_free_ char *path = n ? xml_path(n) : strdup("/domain");
  _cleanup_free_ char *msg = NULL;
  if (path == NULL || vasprintf(&msg, fmt, ap) < 0)
    return -ENOMEM;
  if (asprintf(ret, "%s: %s", path, msg) < 0)
    return -ENOMEM;
  return 0;
}

int xml_oom(xml_ctx *c) { return error_set(c->err, ENOMEM, "converting the domain"); }

int xml_fail(xml_ctx *c, const xmlNode *n, const char *fmt, ...) {
  _cleanup_free_ char *m = NULL;
  va_list ap;
  va_start(ap, fmt);
  int r = vmessage(c, n, &m, fmt, ap);
  va_end(ap);
  if (r < 0)
    return xml_oom(c);
  return error_set(c->err, 0, "%s", m);
}

static void vwarn(xml_ctx *c, const xmlNode *n, const char *fmt, va_list ap) {
  _cleanup_free_ char *m = NULL;
  if (c->warn && vmessage(c, n, &m, fmt, ap) == 0)
    c->warn(m, c->userdata);
}

int xml_drop(xml_ctx *c, const xmlNode *n, const char *fmt, ...) {
  va_list ap;
  /* what is dropped goes whole: no second message for its content */
  if (n)
    xml_mark_tree((xmlNode *)n);
  va_start(ap, fmt);
  if (c->opts->strict) {
    _cleanup_free_ char *m = NULL;
    int r = vmessage(c, n, &m, fmt, ap);
    va_end(ap);
    if (r < 0)
      return xml_oom(c);
    return error_set(c->err, 0, "%s (--strict)", m);
  }
  vwarn(c, n, fmt, ap);
  va_end(ap);
  return 0;
}

void xml_note(xml_ctx *c, const xmlNode *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vwarn(c, n, fmt, ap);
  va_end(ap);
}

int xml_report_unused(xml_ctx *c, xmlNode *n) {
  xml_foreach(child, n) {
    int r;
    if (child->_private == NULL) {
      r = xml_drop(c, child, "element not understood, ignored");
      if (r < 0)
        return r;
      continue; /* its content was not used either: one message is enough */
    }
    for (xmlAttr *a = child->properties; a; a = a->next) {
      if (a->_private == NULL) {
        r = xml_drop(c, child, "attribute '%s' not understood, ignored", (const char *)a->name);
        if (r < 0)
          return r;
      }
    }
    r = xml_report_unused(c, child);
    if (r < 0)
      return r;
  }
  return 0;
}

int xml_parse_u64(xml_ctx *c, xmlNode *n, const char *text, uint64_t max, uint64_t *ret) {
  const char *s = text ? text : "";
  while (isspace((unsigned char)*s))
    s++;
  if (!isdigit((unsigned char)*s))
    return xml_fail(c, n, "expected a non-negative integer, got '%s'", text ? text : "");
  char *end;
  errno = 0;
  uintmax_t v = strtoumax(s, &end, 10);
  while (isspace((unsigned char)*end))
    end++;
  if (*end != '\0')
    return xml_fail(c, n, "expected a non-negative integer, got '%s'", text);
  if (errno == ERANGE || v > max)
    return xml_fail(c, n, "value %s is out of range (at most %" PRIu64 ")", text, max);
  *ret = v;
  return 0;
}

int xml_parse_i64(xml_ctx *c, xmlNode *n, const char *text, int64_t min, int64_t max,
                  int64_t *ret) {
  const char *s = text ? text : "";
  char *end;
  errno = 0;
  intmax_t v = strtoimax(s, &end, 10);
  while (isspace((unsigned char)*end))
    end++;
  if (end == s || *end != '\0')
    return xml_fail(c, n, "expected an integer, got '%s'", s);
  if (errno == ERANGE || v < min || v > max)
    return xml_fail(c, n, "value %s is out of range (%" PRId64 " to %" PRId64 ")", s, min, max);
  *ret = v;
  return 0;
}

int xml_scaled(xml_ctx *c, xmlNode *n, const char *unit_attr, uint64_t scale, uint64_t *ret) {
  _cleanup_free_ char *text = xml_text(n);
  _cleanup_free_ char *unit = xml_attr(n, unit_attr);
  _cleanup_error_ ctrun_error *e = NULL;
  if (text == NULL)
    return xml_oom(c);
  int r = xml_scale_integer(text, unit, scale, INT64_MAX, ret, &e);
  if (r < 0)
    return xml_fail(c, n, "%s", e ? e->message : "bad value");
  return 0;
}
