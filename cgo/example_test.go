package ctrun

import (
	"context"
	"fmt"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Runs `echo` in a busybox container and prints its output and exit
// status.  (As root; the tests make the rootfs and the state root.)
func Example() {
	// a busybox root, a private state root, an empty bundle directory
	rootfs, stateRoot, bundle := testRootfs, exampleStateRoot, exampleBundle

	rt, err := Open(&Options{StateRoot: stateRoot})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rt.Close()

	// the default config, changed: read-only rootfs, no terminal, a command
	// and a cgroup relative to ours
	def, err := DefaultConfig()
	if err != nil {
		fmt.Println(err)
		return
	}
	spec, err := def.Spec()
	def.Close()
	if err != nil {
		fmt.Println(err)
		return
	}
	spec.Root = &specs.Root{Path: rootfs, Readonly: true}
	spec.Process.Terminal = false
	spec.Process.Args = []string{"echo", "hello from a container"}
	spec.Linux.CgroupsPath = cgroupPrefix + "/example" // relative: under our own cgroup
	cfg, err := ConfigFromSpec(spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cfg.Close()

	// create (writing the config into the bundle), start, wait, delete
	status, err := rt.Run(context.Background(), "example", &CreateOptions{
		Bundle: bundle,
		Config: cfg,
		Stdout: os.Stdout,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("exit status", status)
	// Output:
	// hello from a container
	// exit status 0
}
