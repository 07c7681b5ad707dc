/**
 * @file ctrun/stats.h
 * @brief Resource usage of a container (`ctrun events --stats`), read from
 * its cgroup: one accessor and an enum of fields, so that new fields never
 * change the ABI.
 */
#ifndef CTRUN_STATS_H
#define CTRUN_STATS_H

#include <ctrun/common.h>
#include <ctrun/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A snapshot of a container's resource usage. */
typedef struct ctrun_stats ctrun_stats;

/** The values a ctrun_stats may hold. */
typedef enum ctrun_stats_field {
  CTRUN_STATS_CPU_TOTAL_NS = 0,          /**< CPU time, nanoseconds */
  CTRUN_STATS_CPU_USER_NS = 1,           /**< user CPU time, nanoseconds */
  CTRUN_STATS_CPU_KERNEL_NS = 2,         /**< system CPU time, nanoseconds */
  CTRUN_STATS_CPU_PERIODS = 3,           /**< CFS periods elapsed */
  CTRUN_STATS_CPU_THROTTLED_PERIODS = 4, /**< periods throttled */
  CTRUN_STATS_CPU_THROTTLED_NS = 5,      /**< time throttled, nanoseconds */
  CTRUN_STATS_MEMORY_USAGE = 6,          /**< bytes */
  CTRUN_STATS_MEMORY_LIMIT = 7,          /**< bytes; UINT64_MAX: none */
  CTRUN_STATS_MEMORY_MAX_USAGE = 8,      /**< bytes */
  CTRUN_STATS_MEMORY_FAILCNT = 9,        /**< times the limit was hit */
  CTRUN_STATS_MEMORY_CACHE = 10,         /**< bytes */
  CTRUN_STATS_MEMORY_RSS = 11,           /**< bytes */
  CTRUN_STATS_SWAP_USAGE = 12,           /**< bytes (cgroup v1: memory+swap) */
  CTRUN_STATS_SWAP_LIMIT = 13,           /**< bytes */
  CTRUN_STATS_PIDS_CURRENT = 14,         /**< processes */
  CTRUN_STATS_PIDS_LIMIT = 15            /**< 0: no limit */
} ctrun_stats_field;

/**
 * One value of @p s.
 * @param[out] ret_value the value.
 * @return 0; -ENODATA with *err set when the container's cgroup has no
 * such value (its controller is not there); -EINVAL for a NULL @p s or
 * @p ret_value or an unknown @p field.
 */
CTRUN_API int ctrun_stats_get(const ctrun_stats *s, ctrun_stats_field field, uint64_t *ret_value,
                              ctrun_error **err);

/** Frees @p s; NULL is allowed. */
CTRUN_API void ctrun_stats_free(ctrun_stats *s);

#ifdef __cplusplus
}
#endif
#endif
