/**
 * @file ctrun/common.h
 * @brief What every public header of libctrun shares: the export macro,
 * the version macros and ctrun_free().
 */
#ifndef CTRUN_COMMON_H
#define CTRUN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CTRUN_API __attribute__((visibility("default")))
#else
#define CTRUN_API
#endif

/** The runtime-spec version of the documents this library reads and writes. */
#define CTRUN_SPEC_VERSION "1.2.0"

/**
 * Frees memory the library handed to the caller: the strings of the
 * *_json() functions and the arrays of ctrun_container_ps().  NULL is
 * allowed.  Use it instead of free() so that a caller with another
 * allocator still works.
 */
CTRUN_API void ctrun_free(void *p);

/**
 * The library version, e.g. "0.1.0".
 * @return a static string; never NULL.
 */
CTRUN_API const char *ctrun_version(void);

/**
 * The runtime-spec version this library implements (CTRUN_SPEC_VERSION of
 * the library that is loaded, not of the headers compiled against).
 * @return a static string; never NULL.
 */
CTRUN_API const char *ctrun_spec_version(void);

#ifdef __cplusplus
}
#endif
#endif
