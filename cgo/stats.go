package ctrun

// #include "helpers.h"
import "C"

// Stats is a snapshot of a container's resource usage, from its cgroup.
// A value the cgroup does not have (its controller is not there) is
// absent from Values.
type Stats struct {
	// Values holds the fields that the cgroup had.
	Values map[StatsField]uint64
}

// Get returns one value and whether the cgroup had it.
func (s *Stats) Get(f StatsField) (uint64, bool) {
	v, ok := s.Values[f]
	return v, ok
}

// StatsField names a value of Stats (ctrun_stats_field).
type StatsField int

// The fields of ctrun_stats_field.
const (
	StatsCPUTotalNs          StatsField = C.CTRUN_STATS_CPU_TOTAL_NS          // CPU time, ns
	StatsCPUUserNs           StatsField = C.CTRUN_STATS_CPU_USER_NS           // user CPU time, ns
	StatsCPUKernelNs         StatsField = C.CTRUN_STATS_CPU_KERNEL_NS         // system CPU time, ns
	StatsCPUPeriods          StatsField = C.CTRUN_STATS_CPU_PERIODS           // CFS periods elapsed
	StatsCPUThrottledPeriods StatsField = C.CTRUN_STATS_CPU_THROTTLED_PERIODS // periods throttled
	StatsCPUThrottledNs      StatsField = C.CTRUN_STATS_CPU_THROTTLED_NS      // time throttled, ns
	StatsMemoryUsage         StatsField = C.CTRUN_STATS_MEMORY_USAGE          // bytes
	StatsMemoryLimit         StatsField = C.CTRUN_STATS_MEMORY_LIMIT          // bytes; MaxUint64: none
	StatsMemoryMaxUsage      StatsField = C.CTRUN_STATS_MEMORY_MAX_USAGE      // bytes
	StatsMemoryFailcnt       StatsField = C.CTRUN_STATS_MEMORY_FAILCNT        // times the limit was hit
	StatsMemoryCache         StatsField = C.CTRUN_STATS_MEMORY_CACHE          // bytes
	StatsMemoryRSS           StatsField = C.CTRUN_STATS_MEMORY_RSS            // bytes
	StatsSwapUsage           StatsField = C.CTRUN_STATS_SWAP_USAGE            // bytes (v1: memory+swap)
	StatsSwapLimit           StatsField = C.CTRUN_STATS_SWAP_LIMIT            // bytes
	StatsPidsCurrent         StatsField = C.CTRUN_STATS_PIDS_CURRENT          // processes
	StatsPidsLimit           StatsField = C.CTRUN_STATS_PIDS_LIMIT            // 0: no limit
)

// allStatsFields lists every StatsField, in order.
var allStatsFields = []StatsField{
	StatsCPUTotalNs, StatsCPUUserNs, StatsCPUKernelNs, StatsCPUPeriods,
	StatsCPUThrottledPeriods, StatsCPUThrottledNs, StatsMemoryUsage, StatsMemoryLimit,
	StatsMemoryMaxUsage, StatsMemoryFailcnt, StatsMemoryCache, StatsMemoryRSS,
	StatsSwapUsage, StatsSwapLimit, StatsPidsCurrent, StatsPidsLimit,
}

// goStats copies every value of s; the caller frees s.
func goStats(s *C.ctrun_stats) *Stats {
	st := &Stats{Values: make(map[StatsField]uint64, len(allStatsFields))}
	for _, f := range allStatsFields {
		var v C.uint64_t
		if C.ctrun_stats_get(s, C.ctrun_stats_field(f), &v, nil) == 0 {
			st.Values[f] = uint64(v)
		}
	}
	return st
}
