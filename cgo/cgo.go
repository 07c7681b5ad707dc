package ctrun

// The library is found with pkg-config: an installed libctrun, or, in a
// build tree, libctrun-uninstalled.pc (PKG_CONFIG_PATH=<builddir>).

/*
#cgo pkg-config: libctrun
#cgo CFLAGS: -Wall -Wextra -Wno-unused-parameter
#include "helpers.h"
*/
import "C"
