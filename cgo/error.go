package ctrun

// #include "helpers.h"
import "C"

import (
	"errors"
	"io/fs"
	"syscall"
)

// ErrorCode is the broad class of a failure (ctrun_error_code).
type ErrorCode int

// The classes of ctrun_error_code.
const (
	// ErrSystem is another system error: see Error.Errno.
	ErrSystem ErrorCode = C.CTRUN_ERROR_SYSTEM
	// ErrInvalidArgument is a bad argument, id, option, config.json,
	// process or domain XML.
	ErrInvalidArgument ErrorCode = C.CTRUN_ERROR_INVALID_ARGUMENT
	// ErrNotFound is no such container, file or value.
	ErrNotFound ErrorCode = C.CTRUN_ERROR_NOT_FOUND
	// ErrExists is a container id that is taken.
	ErrExists ErrorCode = C.CTRUN_ERROR_EXISTS
	// ErrWrongState is an operation the container's status does not allow.
	ErrWrongState ErrorCode = C.CTRUN_ERROR_WRONG_STATE
	// ErrStaleHandle is a container that was deleted (and maybe re-created).
	ErrStaleHandle ErrorCode = C.CTRUN_ERROR_STALE_HANDLE
	// ErrNotSupported is something this build of the library cannot do.
	ErrNotSupported ErrorCode = C.CTRUN_ERROR_NOT_SUPPORTED
	// ErrNoMemory is ENOMEM.
	ErrNoMemory ErrorCode = C.CTRUN_ERROR_NO_MEMORY
	// ErrPermission is EPERM or EACCES.
	ErrPermission ErrorCode = C.CTRUN_ERROR_PERMISSION
)

// ErrClosed is returned by the methods of a Runtime or Container after Close.
var ErrClosed = errors.New("ctrun: use of a closed handle")

// Error is a failure reported by libctrun: the contents of its error
// object (ctrun_error), copied when the call returned.  Use errors.As to
// get it, errors.Is with fs.ErrNotExist, fs.ErrExist, fs.ErrPermission or
// a syscall.Errno to test it.
type Error struct {
	// Op is the operation of this package that failed, e.g. "create".
	Op string
	// Code is the class of the failure.
	Code ErrorCode
	// Errno is the errno behind the failure; 0 for bad input.
	Errno syscall.Errno
	// Message says what failed, with the context the library gathered,
	// e.g. "create container web: config.json: process.args: expected an
	// array"; it does not include the text of Errno.
	Message string
}

// Error returns "ctrun <op>: <message>: <strerror>".
func (e *Error) Error() string {
	s := "ctrun " + e.Op + ": " + e.Message
	if e.Errno != 0 {
		s += ": " + e.Errno.Error()
	}
	return s
}

// Unwrap returns the Errno (nil when it is 0), so that errors.Is(err,
// syscall.ENOENT) and errors.Is(err, fs.ErrNotExist) work.
func (e *Error) Unwrap() error {
	if e.Errno == 0 {
		return nil
	}
	return e.Errno
}

// Is matches the fs sentinel errors by class, also when the errno alone
// would not (ENODATA is "not found" too).
func (e *Error) Is(target error) bool {
	switch target {
	case fs.ErrNotExist:
		return e.Code == ErrNotFound
	case fs.ErrExist:
		return e.Code == ErrExists
	case fs.ErrPermission:
		return e.Code == ErrPermission
	}
	return false
}

// takeError turns a failed call into an *Error and frees the C object.
// r is the call's negative errno, used when the library left no object.
func takeError(op string, r C.int, cerr *C.ctrun_error) error {
	if cerr == nil {
		return errnoError(op, syscall.Errno(-r), "")
	}
	defer C.ctrun_error_free(cerr)
	return &Error{
		Op:      op,
		Code:    ErrorCode(C.ctrun_error_get_code(cerr)),
		Errno:   syscall.Errno(C.ctrun_error_get_errno(cerr)),
		Message: C.GoString(C.ctrun_error_get_message(cerr)),
	}
}

// errnoError is an *Error for a failure on the Go side of a call.
func errnoError(op string, errno syscall.Errno, msg string) error {
	code := ErrSystem
	switch errno {
	case 0, syscall.EINVAL:
		code = ErrInvalidArgument
	case syscall.ENOENT, syscall.ENODATA:
		code = ErrNotFound
	case syscall.EEXIST:
		code = ErrExists
	case syscall.EBUSY, syscall.ESRCH:
		code = ErrWrongState
	case syscall.ESTALE:
		code = ErrStaleHandle
	case syscall.ENOSYS, syscall.EOPNOTSUPP:
		code = ErrNotSupported
	case syscall.ENOMEM:
		code = ErrNoMemory
	case syscall.EPERM, syscall.EACCES:
		code = ErrPermission
	}
	if msg == "" {
		msg = op
	}
	if errno == syscall.EINVAL {
		errno = 0 // as the library does: bad input, no system error
	}
	return &Error{Op: op, Code: code, Errno: errno, Message: msg}
}
