package ctrun

// #include "helpers.h"
import "C"

import (
	"time"
)

// Status is the status of a container, as the runtime-spec spells it.
type Status string

// The statuses of ctrun_status.
const (
	StatusUnknown  Status = "unknown"
	StatusCreating Status = "creating"
	StatusCreated  Status = "created"
	StatusRunning  Status = "running"
	StatusPaused   Status = "paused"
	StatusStopped  Status = "stopped"
)

// State is a snapshot of a container's state, with runc's fields.
type State struct {
	// OCIVersion is the runtime-spec version of the state.
	OCIVersion string
	// ID is the container id.
	ID string
	// Status is the status when the snapshot was taken.
	Status Status
	// Pid is the pid of the container's init in this pid namespace; 0
	// when stopped.
	Pid int
	// Bundle is the absolute bundle path.
	Bundle string
	// Rootfs is the absolute rootfs path.
	Rootfs string
	// Created is the creation time.
	Created time.Time
	// Annotations are the config's annotations.
	Annotations map[string]string
}

// goState copies a ctrun_state; the caller frees s.
func goState(s *C.ctrun_state) (*State, error) {
	st := &State{
		OCIVersion: C.GoString(C.ctrun_state_get_oci_version(s)),
		ID:         C.GoString(C.ctrun_state_get_id(s)),
		Status:     Status(C.GoString(C.ctrun_state_get_status_name(s))),
		Pid:        int(C.ctrun_state_get_pid(s)),
		Bundle:     C.GoString(C.ctrun_state_get_bundle(s)),
		Rootfs:     C.GoString(C.ctrun_state_get_rootfs(s)),
	}
	if st.Status == "" {
		st.Status = StatusUnknown
	}
	if t, err := time.Parse(time.RFC3339Nano, C.GoString(C.ctrun_state_get_created(s))); err == nil {
		st.Created = t
	}
	n := int(C.ctrun_state_get_annotation_count(s))
	if n > 0 {
		st.Annotations = make(map[string]string, n)
	}
	for i := 0; i < n; i++ {
		var k, v *C.char
		var cerr *C.ctrun_error
		if r := C.ctrun_state_get_annotation(s, C.size_t(i), &k, &v, &cerr); r < 0 {
			return nil, takeError("state", r, cerr)
		}
		st.Annotations[C.GoString(k)] = C.GoString(v)
	}
	return st, nil
}
