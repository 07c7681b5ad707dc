// bench-go: the Go path of tests/bench/bench.sh, as bench-lib.c is the C
// one.  One process keeps libctrun.so.1 loaded through the cgo/ package
// and, for each line "ID BUNDLE" read from stdin, creates, starts, waits
// for and deletes that container, then prints the microseconds it took, or
// "ERR <message>".  bench.sh builds it inside a copy of the cgo/ module
// (as cmd/ctrun-bench), so it needs nothing outside the source tree.
//
//	bench-go STATE_ROOT
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"

	"ctrun.dev/ctrun"
)

func lifecycle(rt *ctrun.Runtime, id, bundle string) error {
	ct, err := rt.Create(id, &ctrun.CreateOptions{Bundle: bundle})
	if err != nil {
		return err
	}
	defer ct.Close()
	if err := ct.Start(); err != nil {
		ct.Delete(ctrun.DeleteForce)
		return err
	}
	status, err := ct.Wait(context.Background())
	if err != nil {
		ct.Delete(ctrun.DeleteForce)
		return err
	}
	if err := ct.Delete(0); err != nil {
		return err
	}
	if status != 0 {
		return fmt.Errorf("the process exited with %d", status)
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, `usage: bench-go STATE_ROOT < lines of "ID BUNDLE"`)
		os.Exit(2)
	}
	rt, err := ctrun.Open(&ctrun.Options{StateRoot: os.Args[1]})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-go:", err)
		os.Exit(1)
	}
	defer rt.Close()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var id, bundle string
		if _, err := fmt.Sscan(in.Text(), &id, &bundle); err != nil {
			fmt.Println("ERR bad line")
			continue
		}
		t0 := time.Now()
		err := lifecycle(rt, id, bundle)
		took := time.Since(t0)
		if err != nil {
			fmt.Printf("ERR %s: %v\n", id, err)
		} else {
			fmt.Println(took.Microseconds())
		}
	}
}
