/**
 * @file ctrun/config.h
 * @brief A container configuration (the OCI config.json), parsed and
 * validated, from a file, a JSON string or a libvirt domain XML.
 *
 * A container is created from a bundle directory holding config.json; to
 * create one from a ctrun_config, write it into the bundle with
 * ctrun_config_write_bundle() first.
 */
#ifndef CTRUN_CONFIG_H
#define CTRUN_CONFIG_H

#include <ctrun/common.h>
#include <ctrun/context.h>
#include <ctrun/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed and validated config.json. */
typedef struct ctrun_config ctrun_config;

/**
 * Reads and validates a config.json file.
 * @param path the file, e.g. "bundle/config.json".
 * @param[out] ret_config the config, owned by the caller (ctrun_config_free()).
 * @return 0, or a negative errno with *err set: the errno of open/read,
 * -EINVAL with the JSON path of the bad field ("config.json:
 * process.args: expected an array").
 */
CTRUN_API int ctrun_config_from_file(const char *path, ctrun_config **ret_config,
                                     ctrun_error **err);

/**
 * Parses and validates config.json text.
 * @param json @p len bytes, not necessarily NUL-terminated.
 * @param[out] ret_config the config, owned by the caller (ctrun_config_free()).
 * @return 0, or -EINVAL with *err naming the JSON path of the bad field.
 */
CTRUN_API int ctrun_config_from_json(const char *json, size_t len, ctrun_config **ret_config,
                                     ctrun_error **err);

/** Flags of ctrun_domain_xml_options. */
#define CTRUN_DOMAIN_XML_STRICT 1u /**< elements that cannot be mapped are errors */
#define CTRUN_DOMAIN_XML_LEGACY 2u /**< accept the 2007-2008 libvir-list drafts */

/** The version of ctrun_domain_xml_options this header describes. */
#define CTRUN_DOMAIN_XML_OPTIONS_VERSION 1

/** Options of ctrun_config_from_domain_xml(); start from CTRUN_DOMAIN_XML_OPTIONS_INIT. */
typedef struct ctrun_domain_xml_options {
  unsigned int version;       /**< CTRUN_DOMAIN_XML_OPTIONS_VERSION */
  const char *rootfs;         /**< NULL: the domain's root filesystem; else root.path */
  const char *cgroups_path;   /**< NULL: <resource><partition>/<name> */
  const char *template_dir;   /**< OpenVZ/vz: <source name='T'> is DIR/T */
  const char *net_hook;       /**< NULL, or a program createRuntime/poststop hooks run */
  const char *const *networks; /**< NULL, or NULL-terminated "name=bridge" strings */
  ctrun_log_fn warn;          /**< warnings (each names an XPath); NULL drops them */
  void *warn_userdata;        /**< handed to @ref warn */
  uint32_t flags;             /**< CTRUN_DOMAIN_XML_* */
} ctrun_domain_xml_options;

/** Initializer of ctrun_domain_xml_options: the defaults. */
#define CTRUN_DOMAIN_XML_OPTIONS_INIT {.version = CTRUN_DOMAIN_XML_OPTIONS_VERSION}

/**
 * Converts a libvirt container domain (LXC, OpenVZ, vz) to a config, with
 * the mapping of ctrun-xml2oci(1).  The library does no host look-ups here:
 * user names in the rootfs and device nodes given by path are errors; use
 * ctrun-xml2oci for those.
 * @param xml @p len bytes of domain XML.
 * @param opts NULL for the defaults.
 * @param[out] ret_config the config, owned by the caller (ctrun_config_free()).
 * @return 0, or a negative errno with *err set: -EINVAL naming the XPath
 * ("/domain/devices/filesystem[1]/source: ..."), -ENOSYS when the library
 * was built without the converter.
 */
CTRUN_API int ctrun_config_from_domain_xml(const char *xml, size_t len,
                                           const ctrun_domain_xml_options *opts,
                                           ctrun_config **ret_config, ctrun_error **err);

/**
 * A default config like `ctrun spec` writes: rootfs "rootfs", sh, the
 * default mounts, masked and read-only paths and capabilities.
 * @param[out] ret_config the config, owned by the caller (ctrun_config_free()).
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_config_new_default(ctrun_config **ret_config, ctrun_error **err);

/** Flags of ctrun_config_to_json(). */
#define CTRUN_JSON_PRETTY 1u /**< indented, one member a line */

/**
 * Serializes @p config to config.json text.
 * @param flags 0 or CTRUN_JSON_PRETTY.
 * @param[out] ret_json a NUL-terminated string owned by the caller (ctrun_free()).
 * @return 0, or a negative errno with *err set (-EINVAL for unknown flags).
 */
CTRUN_API int ctrun_config_to_json(const ctrun_config *config, uint32_t flags, char **ret_json,
                                   ctrun_error **err);

/** Flags of ctrun_config_write_bundle(). */
#define CTRUN_CONFIG_WRITE_REPLACE 1u /**< replace an existing config.json */

/**
 * Writes @p config as @p bundle/config.json, atomically (a temporary file
 * renamed into place).  Without CTRUN_CONFIG_WRITE_REPLACE an existing
 * config.json is kept and the call fails with -EEXIST, as `ctrun spec` does.
 * @return 0, or a negative errno with *err set.
 */
CTRUN_API int ctrun_config_write_bundle(const ctrun_config *config, const char *bundle,
                                        uint32_t flags, ctrun_error **err);

/** Frees @p config; NULL is allowed. */
CTRUN_API void ctrun_config_free(ctrun_config *config);

#ifdef __cplusplus
}
#endif
#endif
