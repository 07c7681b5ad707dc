/* libctrun: the public C ABI.  Frozen in issue "libctrun.so.1"; until then
 * it holds the error object and the version. */
#ifndef CTRUN_CTRUN_H
#define CTRUN_CTRUN_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CTRUN_API __attribute__((visibility("default")))
#else
#define CTRUN_API
#endif

/** An error: an errno (0 when it is not a system error) and a message. */
typedef struct ctrun_error ctrun_error;

/** The errno of @p e, or 0. */
CTRUN_API int ctrun_error_errno(const ctrun_error *e);
/** The message of @p e; owned by @p e. */
CTRUN_API const char *ctrun_error_message(const ctrun_error *e);
/** Frees @p e; NULL is allowed. */
CTRUN_API void ctrun_error_free(ctrun_error *e);
/** The library version, e.g. "0.1.0"; a static string. */
CTRUN_API const char *ctrun_version(void);

#ifdef __cplusplus
}
#endif
#endif
