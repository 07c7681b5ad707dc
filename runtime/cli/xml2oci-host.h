/* The host look-ups ctrun-xml2oci hands to the converter (spec/ makes no
 * syscalls itself). */
#ifndef CTRUN_CLI_XML2OCI_HOST_H
#define CTRUN_CLI_XML2OCI_HOST_H

#include "spec/xml/xml.h"

struct xml2oci_host_data {
  const char *bundle;     /* relative root paths are relative to it */
  const char *state_root; /* ctrun's --root, for <lxc:shareuts type='name'> */
};

void xml2oci_host_init(struct xml_host *h, struct xml2oci_host_data *data);

#endif
