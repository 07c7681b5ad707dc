#ifndef CTRUN_SPEC_CLEANUP_XML_H
#define CTRUN_SPEC_CLEANUP_XML_H
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include "spec/cleanup.h"

DEFINE_CLEANUP_FUNC(xmlDocPtr, xmlFreeDoc)
DEFINE_CLEANUP_FUNC(xmlXPathContextPtr, xmlXPathFreeContext)
DEFINE_CLEANUP_FUNC(xmlXPathObjectPtr, xmlXPathFreeObject)
#define _cleanup_xmldoc_ _cleanup_(xmlFreeDocp)
#define _cleanup_xpathctx_ _cleanup_(xmlXPathFreeContextp)
#define _cleanup_xpathobj_ _cleanup_(xmlXPathFreeObjectp)

static inline void xml_freep(void *p) {
  xmlFree(*(void **)p);
  *(void **)p = NULL;
}
#define _cleanup_xmlfree_ _cleanup_(xml_freep)
#endif
