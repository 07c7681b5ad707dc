// Package ctrun runs OCI containers in-process through libctrun.so.1, the
// C library of the ctrun runtime, without exec'ing a runtime binary.
//
// Open makes a Runtime (a state root, a log sink, a cgroup manager).  A
// Config comes from a config.json file (ConfigFromFile), JSON bytes
// (ConfigFromJSON), a *specs.Spec (ConfigFromSpec) or a libvirt domain XML
// (ConfigFromDomainXML, the library's converter).  Runtime.Create makes a
// container from a bundle and returns a Container handle: Start, Wait,
// Kill, Delete, State, Exec, Pause, Resume, Update, Processes, Stats.
// Runtime.Run does create, start, wait and delete in one call.
//
// Waiting: Container.Wait and Process.Wait take a context.  They wait on
// the process's pidfd in Go's netpoller, so any number of waits cost no
// thread, and no goroutine is ever blocked inside C.
//
// Stdio: CreateOptions.Stdin/Stdout/Stderr (and ExecOptions') become the
// process's fds 0, 1 and 2 through the library's stdio option; the
// program's own fds 0..2 are never touched, so containers created at the
// same time from different goroutines each get their own.
//
// Errors: a failure of the library is an *Error carrying its error object
// (class, errno, message).  errors.Is(err, fs.ErrNotExist) holds for an
// unknown container, errors.Is(err, fs.ErrExist) for a taken id, and
// errors.Is(err, syscall.EBUSY) and the like for the errno.
//
// Memory: Runtime, Container, Config and Process hold C objects; Close
// frees them.  Finalizers free what is forgotten, but only as a safety net.
// Every type is safe for concurrent use.
//
// Building: the library is found with pkg-config (libctrun.pc when
// installed; in a build tree, PKG_CONFIG_PATH=<builddir> picks up
// libctrun-uninstalled.pc).  The only dependency outside the standard
// library, github.com/opencontainers/runtime-spec/specs-go, is vendored from
// Debian's golang-github-opencontainers-specs-dev; nothing is fetched.
package ctrun
