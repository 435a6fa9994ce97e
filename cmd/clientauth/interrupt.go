package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// runInterruptible is the long run of conform and harvest: run(ctx, cfg)
// under a context that Ctrl-C cancels (the run stops its handshakes and
// returns what it has). An error is one stderr line, exit 2; otherwise
// report writes the result, still under that context (a Ctrl-C then does
// not kill a half-written report), and gives the exit status.
func runInterruptible[C, R any](stderr io.Writer, name string, run func(context.Context, C) (R, error), cfg C, report func(R) int) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "clientauth %s: %v\n", name, err)
		return exitUsage
	}
	return report(r)
}

// notifyInterrupt routes SIGINT and SIGTERM to c until stop is called (the
// fuzz runner, which stops its go test child itself); tests replace it to
// interrupt a run without signalling themselves.
var notifyInterrupt = func(c chan<- os.Signal) (stop func()) {
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	return func() { signal.Stop(c) }
}
