package ctrun

// #include "helpers.h"
import "C"

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
	"unsafe"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// CreateOptions tune Runtime.Create and Runtime.Run.
type CreateOptions struct {
	// Bundle is the bundle directory; "" is the current directory.
	Bundle string
	// Config, when set, is written to Bundle/config.json (replacing the
	// file there) before the container is created from it.
	Config *Config
	// PidFile, when set, receives the init's pid.
	PidFile string
	// ConsoleSocket is an AF_UNIX socket that receives the pty master when
	// process.terminal is true.
	ConsoleSocket string
	// NoPivot uses MS_MOVE + chroot instead of pivot_root.
	NoPivot bool
	// NoNewKeyring keeps the caller's session keyring.
	NoNewKeyring bool
	// Stdin, Stdout and Stderr are the init's fds 0, 1 and 2, as in
	// os/exec.Cmd: nil is /dev/null, an *os.File is passed as it is,
	// anything else goes through a pipe that Wait drains.  With
	// process.terminal true the console replaces them.
	Stdin io.Reader
	// Stdout is fd 1 (see Stdin).
	Stdout io.Writer
	// Stderr is fd 2 (see Stdin); it may be the same writer as Stdout.
	Stderr io.Writer
}

// Container is a handle on one container of a Runtime's state root.  The
// container lives until it is deleted, whatever happens to the handle;
// Close frees only the handle.  A Container is safe for concurrent use
// (e.g. Wait in one goroutine, Kill in another).
type Container struct {
	id  string
	log *logSink

	mu sync.RWMutex // Close against the calls using c
	c  *C.ctrun_container

	io *stdio // the init's stdio pipes, when this handle created it

	waitMu sync.Mutex // one collector of the exit status
	exited bool
	status int
}

func newContainer(rt *Runtime, c *C.ctrun_container, io *stdio) *Container {
	ct := &Container{id: C.GoString(C.ctrun_container_get_id(c)), c: c, log: rt.log, io: io}
	rt.log.ref()
	runtime.SetFinalizer(ct, (*Container).Close)
	return ct
}

// ID returns the container id.
func (ct *Container) ID() string { return ct.id }

// acquire read-locks ct for a call using ct.c; release with ct.mu.RUnlock.
func (ct *Container) acquire() (*C.ctrun_container, error) {
	ct.mu.RLock()
	if ct.c == nil {
		ct.mu.RUnlock()
		return nil, ErrClosed
	}
	return ct.c, nil
}

// Close frees the handle, not the container.  Calling it again does nothing.
func (ct *Container) Close() error {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	if ct.c == nil {
		return nil
	}
	C.ctrun_container_free(ct.c)
	ct.c = nil
	ct.log.unref()
	runtime.SetFinalizer(ct, nil)
	return nil
}

// Create creates container id from opts.Bundle (`ctrun create`); its init
// then waits for Start.  On failure nothing is left behind.
func (rt *Runtime) Create(id string, opts *CreateOptions) (*Container, error) {
	if opts == nil {
		opts = &CreateOptions{}
	}
	if opts.Config != nil {
		bundle := opts.Bundle
		if bundle == "" {
			bundle = "."
		}
		if err := opts.Config.WriteBundle(bundle, true); err != nil {
			return nil, err
		}
	}
	io, err := newStdio(opts.Stdin, opts.Stdout, opts.Stderr)
	if err != nil {
		return nil, err
	}
	ctx, err := rt.acquire()
	if err != nil {
		io.abort()
		return nil, err
	}
	defer rt.mu.RUnlock()

	var strs cStrings
	defer strs.free()
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	bundle, pidFile, console := strs.get(opts.Bundle), strs.get(opts.PidFile), strs.get(opts.ConsoleSocket)
	var flags C.uint32_t
	if opts.NoPivot {
		flags |= C.CTRUN_CREATE_NO_PIVOT
	}
	if opts.NoNewKeyring {
		flags |= C.CTRUN_CREATE_NO_NEW_KEYRING
	}
	var c *C.ctrun_container
	var cerr *C.ctrun_error
	in, out, errfd := io.fds()
	r := C.ctrun_go_create(ctx, cid, bundle, pidFile, console, flags, in, out, errfd, &c, &cerr)
	io.keepAlive()
	if r < 0 {
		io.abort()
		return nil, takeError("create", r, cerr)
	}
	io.started()
	return newContainer(rt, c, io), nil
}

// Load opens a handle on the existing container id.  For an unknown id the
// error matches fs.ErrNotExist.
func (rt *Runtime) Load(id string) (*Container, error) {
	ctx, err := rt.acquire()
	if err != nil {
		return nil, err
	}
	defer rt.mu.RUnlock()
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	var c *C.ctrun_container
	var cerr *C.ctrun_error
	if r := C.ctrun_container_open(ctx, cid, &c, &cerr); r < 0 {
		return nil, takeError("load", r, cerr)
	}
	return newContainer(rt, c, nil), nil
}

// Run creates container id, starts it, waits for it and deletes it, and
// returns the exit status of its init (128+N when killed by signal N).
// When ctx ends first, the container is killed (SIGKILL) and deleted, and
// Run returns ctx.Err().
func (rt *Runtime) Run(ctx context.Context, id string, opts *CreateOptions) (int, error) {
	ct, err := rt.Create(id, opts)
	if err != nil {
		return -1, err
	}
	defer ct.Close()
	status, err := -1, ct.Start()
	if err == nil {
		status, err = ct.Wait(ctx)
	}
	if err != nil {
		// created or running: kill, collect, delete; the first error counts
		ct.Kill(syscall.SIGKILL, 0)
		ct.Wait(context.Background())
		ct.Delete(DeleteForce)
		return -1, err
	}
	return status, ct.Delete(0)
}

// Start starts a created container (`ctrun start`).
func (ct *Container) Start() error {
	return ct.call("start", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_start(c, cerr)
	})
}

// call runs one library call on the handle.
func (ct *Container) call(op string, fn func(*C.ctrun_container, **C.ctrun_error) C.int) error {
	c, err := ct.acquire()
	if err != nil {
		return err
	}
	defer ct.mu.RUnlock()
	var cerr *C.ctrun_error
	if r := fn(c, &cerr); r < 0 {
		return takeError(op, r, cerr)
	}
	return nil
}

// KillFlags modify Kill.
type KillFlags uint32

// KillAll signals every process of the container's cgroup, not only its init.
const KillAll KillFlags = C.CTRUN_KILL_ALL

// Kill sends sig to the container's init (through a pidfd, so a reused pid
// is never signalled), or to all its processes with KillAll.
func (ct *Container) Kill(sig syscall.Signal, flags KillFlags) error {
	return ct.call("kill", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_kill(c, C.int(sig), C.uint32_t(flags), cerr)
	})
}

// DeleteFlags modify Delete.
type DeleteFlags uint32

// DeleteForce kills a created, running or paused container first.
const DeleteForce DeleteFlags = C.CTRUN_DELETE_FORCE

// Delete deletes a stopped container (`ctrun delete`): poststop hooks,
// cgroup, state.  A created container is not stopped: it needs
// DeleteForce.  An init this process created and did not Wait for is
// reaped here.  The handle then only serves Close.
func (ct *Container) Delete(flags DeleteFlags) error {
	// The library does not reap: when this handle created the init and
	// nobody collected it yet, keep a pidfd to reap it after the delete,
	// or, when it is gone already, collect it now.
	pidfd := -1
	if _, exited := ct.exitStatus(); ct.io != nil && !exited {
		var fd C.int
		err := ct.call("delete", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
			return C.ctrun_container_get_pidfd(c, &fd, cerr)
		})
		if err == nil {
			pidfd = int(fd)
			defer syscall.Close(pidfd)
		} else {
			ct.collect() // a zombie or not ours: returns at once
		}
	}
	err := ct.call("delete", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_delete(c, C.uint32_t(flags), cerr)
	})
	if err != nil || pidfd < 0 {
		return err
	}
	ct.waitMu.Lock()
	defer ct.waitMu.Unlock()
	if !ct.exited {
		// gone or killed by the delete: this returns at once
		var status C.int
		if C.ctrun_go_reap(C.int(pidfd), &status) == 0 {
			ct.exited, ct.status = true, int(status)
		}
	}
	return nil
}

// State returns the container's state now (`ctrun state`).
func (ct *Container) State() (*State, error) {
	var s *C.ctrun_state
	err := ct.call("state", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_state(c, &s, cerr)
	})
	if err != nil {
		return nil, err
	}
	defer C.ctrun_state_free(s)
	return goState(s)
}

// Pid returns the pid of the container's init, 0 when it is stopped.
func (ct *Container) Pid() (int, error) {
	var pid C.int
	err := ct.call("pid", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_get_pid(c, &pid, cerr)
	})
	return int(pid), err
}

// Pause freezes every process of the container (`ctrun pause`).
func (ct *Container) Pause() error {
	return ct.call("pause", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_pause(c, cerr)
	})
}

// Resume thaws a paused container (`ctrun resume`).
func (ct *Container) Resume() error {
	return ct.call("resume", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_resume(c, cerr)
	})
}

// Update changes the container's cgroup resources (`ctrun update -r`).
func (ct *Container) Update(res *specs.LinuxResources) error {
	data, err := json.Marshal(res)
	if err != nil {
		return err
	}
	cdata := C.CBytes(data)
	defer C.free(cdata)
	return ct.call("update", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_update(c, (*C.char)(cdata), C.size_t(len(data)), cerr)
	})
}

// Processes returns the pids of every process in the container's cgroup
// (`ctrun ps`).
func (ct *Container) Processes() ([]int, error) {
	var pids *C.int
	var n C.size_t
	err := ct.call("ps", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_ps(c, &pids, &n, cerr)
	})
	if err != nil || n == 0 {
		return nil, err
	}
	defer C.ctrun_free(unsafe.Pointer(pids))
	out := make([]int, int(n))
	for i, p := range unsafe.Slice(pids, int(n)) {
		out[i] = int(p)
	}
	return out, nil
}

// Stats returns the container's resource usage now, from its cgroup.
func (ct *Container) Stats() (*Stats, error) {
	var s *C.ctrun_stats
	err := ct.call("stats", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_stats(c, &s, cerr)
	})
	if err != nil {
		return nil, err
	}
	defer C.ctrun_stats_free(s)
	return goStats(s), nil
}

// Wait waits until the container's init exits and returns its exit status
// (128+N when killed by signal N; -1 when the init is not a child of this
// process, so its status cannot be collected).  When the handle created
// the container with pipes for its stdio, Wait also waits until they are
// drained.  Cancelling ctx ends the wait with ctx.Err() and leaves the
// container alone.
//
// No goroutine blocks in C: the init's pidfd (ctrun_container_get_pidfd)
// waits in Go's netpoller, and the status is collected once it is
// readable.
func (ct *Container) Wait(ctx context.Context) (int, error) {
	if status, ok := ct.exitStatus(); ok {
		return status, ct.drain(ctx)
	}
	c, err := ct.acquire()
	if err != nil {
		return -1, err
	}
	var fd C.int
	var cerr *C.ctrun_error
	r := C.ctrun_container_get_pidfd(c, &fd, &cerr)
	ct.mu.RUnlock()
	if r < 0 && -r != C.ESRCH {
		return -1, takeError("wait", r, cerr)
	}
	if r == 0 {
		C.ctrun_error_free(cerr)
		// non-blocking, so that os.NewFile puts it in the netpoller
		if err := syscall.SetNonblock(int(fd), true); err != nil {
			syscall.Close(int(fd))
			return -1, err
		}
		f := os.NewFile(uintptr(fd), "pidfd")
		err := waitReadable(ctx, f)
		f.Close()
		if err != nil {
			return -1, err
		}
	} else {
		C.ctrun_error_free(cerr) // gone already: the library's wait says how
	}
	status, err := ct.collect()
	if err != nil {
		return -1, err
	}
	return status, ct.drain(ctx)
}

func (ct *Container) exitStatus() (int, bool) {
	ct.waitMu.Lock()
	defer ct.waitMu.Unlock()
	return ct.status, ct.exited
}

// collect gets the exit status of an init that has exited; the library's
// wait returns at once then.  Only one caller reaps, the others read.
func (ct *Container) collect() (int, error) {
	ct.waitMu.Lock()
	defer ct.waitMu.Unlock()
	if ct.exited {
		return ct.status, nil
	}
	var status C.int
	err := ct.call("wait", func(c *C.ctrun_container, cerr **C.ctrun_error) C.int {
		return C.ctrun_container_wait(c, &status, cerr)
	})
	if err != nil {
		return -1, err
	}
	ct.exited, ct.status = true, int(status)
	return ct.status, nil
}

// drain waits for the stdio copiers after the init exited.
func (ct *Container) drain(ctx context.Context) error {
	if err := ct.io.wait(ctx.Done()); err != nil {
		if err == errWaitCancelled {
			return ctx.Err()
		}
		return err
	}
	return nil
}

// aLongTimeAgo is a deadline in the past: it wakes a blocked Read at once.
var aLongTimeAgo = time.Unix(1, 0)

// waitReadable waits in the netpoller until f (a non-blocking pidfd) is
// readable or ctx ends.
func waitReadable(ctx context.Context, f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	if ctx.Done() != nil {
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			select {
			case <-ctx.Done():
				f.SetReadDeadline(aLongTimeAgo) // wakes the Read below
			case <-stop:
			}
		}()
	}
	var perr error
	err = rc.Read(func(fd uintptr) bool {
		r := C.ctrun_go_readable(C.int(fd))
		if r < 0 {
			perr = syscall.Errno(-r)
			return true
		}
		return r > 0
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return perr
}
