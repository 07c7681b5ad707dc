package ctrun

// #include "helpers.h"
import "C"

import (
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"unsafe"
)

// LogLevel is the severity of a message of the library.
type LogLevel int

// The levels of ctrun_log_level.
const (
	LogError   LogLevel = C.CTRUN_LOG_ERROR
	LogWarning LogLevel = C.CTRUN_LOG_WARNING
	LogInfo    LogLevel = C.CTRUN_LOG_INFO
	LogDebug   LogLevel = C.CTRUN_LOG_DEBUG
)

// String returns "error", "warning", "info" or "debug".
func (l LogLevel) String() string {
	switch l {
	case LogError:
		return "error"
	case LogWarning:
		return "warning"
	case LogInfo:
		return "info"
	case LogDebug:
		return "debug"
	}
	return "unknown"
}

// LogFunc receives the library's messages.  It may be called from several
// goroutines at once; it must not call back into the Runtime.
type LogFunc func(level LogLevel, message string)

// CgroupManager says how linux.cgroupsPath is mapped to a cgroup.
type CgroupManager uint32

// The managers of ctrun_cgroup_manager.
const (
	// CgroupfsManager: a path, relative to the caller's own cgroup, or absolute.
	CgroupfsManager CgroupManager = C.CTRUN_CGROUP_MANAGER_CGROUPFS
	// SystemdManager: "slice:prefix:name", mapped to
	// <slice>/<prefix>-<name>.scope on the cgroupfs (no D-Bus calls).
	SystemdManager CgroupManager = C.CTRUN_CGROUP_MANAGER_SYSTEMD
)

// Options configure a Runtime.  The zero value is the defaults.
type Options struct {
	// StateRoot is where the containers' state lives; "" is /run/ctrun.
	StateRoot string
	// Log receives the library's messages; nil drops them.
	Log LogFunc
	// CgroupManager maps linux.cgroupsPath.
	CgroupManager CgroupManager
}

// Runtime is a libctrun context: a state root, a log sink and a cgroup
// manager.  It is safe for concurrent use.  Close it when done; the
// containers it made stay valid until they are closed themselves.
type Runtime struct {
	mu        sync.RWMutex // Close against the calls using ctx
	ctx       *C.ctrun_context
	stateRoot string
	log       *logSink // nil without Options.Log
}

// Open makes a Runtime (ctrun_context_new).
func Open(opts *Options) (*Runtime, error) {
	if opts == nil {
		opts = &Options{}
	}
	var croot *C.char
	if opts.StateRoot != "" {
		croot = C.CString(opts.StateRoot)
		defer C.free(unsafe.Pointer(croot))
	}
	rt := &Runtime{}
	var handle C.uintptr_t
	if opts.Log != nil {
		rt.log = newLogSink(opts.Log)
		handle = C.uintptr_t(rt.log.handle)
	}
	var cerr *C.ctrun_error
	if r := C.ctrun_go_context_new(croot, C.uint32_t(opts.CgroupManager), handle, &rt.ctx, &cerr); r < 0 {
		rt.log.unref()
		return nil, takeError("open", r, cerr)
	}
	rt.stateRoot = C.GoString(C.ctrun_context_get_state_root(rt.ctx))
	runtime.SetFinalizer(rt, (*Runtime).Close)
	return rt, nil
}

// StateRoot returns the directory of the containers' state.
func (rt *Runtime) StateRoot() string { return rt.stateRoot }

// Close frees the context.  Containers made with it stay usable.  Calling
// Close again does nothing.
func (rt *Runtime) Close() error {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.ctx == nil {
		return nil
	}
	C.ctrun_context_free(rt.ctx)
	rt.ctx = nil
	rt.log.unref()
	runtime.SetFinalizer(rt, nil)
	return nil
}

// acquire read-locks rt for a call using rt.ctx; release with rt.mu.RUnlock.
func (rt *Runtime) acquire() (*C.ctrun_context, error) {
	rt.mu.RLock()
	if rt.ctx == nil {
		rt.mu.RUnlock()
		return nil, ErrClosed
	}
	return rt.ctx, nil
}

// List returns the state of every container of the state root, sorted by id.
func (rt *Runtime) List() ([]State, error) {
	ctx, err := rt.acquire()
	if err != nil {
		return nil, err
	}
	defer rt.mu.RUnlock()
	var list **C.ctrun_state
	var n C.size_t
	var cerr *C.ctrun_error
	if r := C.ctrun_container_list(ctx, &list, &n, &cerr); r < 0 {
		return nil, takeError("list", r, cerr)
	}
	defer C.ctrun_state_list_free(list, n)
	if n == 0 {
		return nil, nil
	}
	states := make([]State, 0, int(n))
	for _, s := range unsafe.Slice(list, int(n)) {
		st, err := goState(s)
		if err != nil {
			return nil, err
		}
		states = append(states, *st)
	}
	return states, nil
}

// Features is the runtime-spec "features" document of the library.
type Features struct {
	// OCIVersionMin is the oldest runtime-spec version the library accepts.
	OCIVersionMin string `json:"ociVersionMin,omitempty"`
	// OCIVersionMax is the newest runtime-spec version the library accepts.
	OCIVersionMax string `json:"ociVersionMax,omitempty"`
	// Hooks are the hook phases it runs.
	Hooks []string `json:"hooks,omitempty"`
	// MountOptions are the mount options it knows.
	MountOptions []string `json:"mountOptions,omitempty"`
	// Linux is the "linux" object, left as JSON.
	Linux json.RawMessage `json:"linux,omitempty"`
	// Annotations are the runtime's annotations (e.g. its version).
	Annotations map[string]string `json:"annotations,omitempty"`
	// JSON is the whole document as the library wrote it.
	JSON []byte `json:"-"`
}

// Features returns what the library supports (ctrun_features_to_json).
func (rt *Runtime) Features() (*Features, error) {
	var cjson *C.char
	var cerr *C.ctrun_error
	if r := C.ctrun_features_to_json(0, &cjson, &cerr); r < 0 {
		return nil, takeError("features", r, cerr)
	}
	defer C.ctrun_free(unsafe.Pointer(cjson))
	f := &Features{JSON: []byte(C.GoString(cjson))}
	if err := json.Unmarshal(f.JSON, f); err != nil {
		return nil, err
	}
	return f, nil
}

// Version returns the version of the libctrun that is loaded.
func Version() string { return C.GoString(C.ctrun_version()) }

// SpecVersion returns the runtime-spec version the loaded library implements.
func SpecVersion() string { return C.GoString(C.ctrun_spec_version()) }

// logSink is a LogFunc behind a cgo.Handle, freed when the last holder
// (the Runtime, its Containers) lets it go: the C context, and so its log
// callback, lives until the last container handle is freed.
type logSink struct {
	fn     LogFunc
	handle cgo.Handle
	refs   int32
}

func newLogSink(fn LogFunc) *logSink {
	s := &logSink{fn: fn, refs: 1}
	s.handle = cgo.NewHandle(s)
	return s
}

func (s *logSink) ref() {
	if s != nil {
		atomic.AddInt32(&s.refs, 1)
	}
}

func (s *logSink) unref() {
	if s != nil && atomic.AddInt32(&s.refs, -1) == 0 {
		s.handle.Delete()
	}
}

//export ctrunGoLog
func ctrunGoLog(level C.int, message *C.char, handle C.uintptr_t) {
	if s, ok := cgo.Handle(handle).Value().(*logSink); ok {
		s.fn(LogLevel(level), C.GoString(message))
	} else if f, ok := cgo.Handle(handle).Value().(LogFunc); ok {
		f(LogLevel(level), C.GoString(message))
	}
}
