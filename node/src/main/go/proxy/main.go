// airlock-proxy runs on every node (a DaemonSet, in an image with nothing but this binary) and
// lets the container runtime pull from the cluster's registry at 127.0.0.1:5000 or [::1]:5000:
// it forwards each connection to the registry Service over mutual TLS.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 1 && args[0] == "--version" {
		fmt.Printf("airlock-proxy %s\n", version)
		return 0
	}
	cfg, err := parseConfig(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "proxy: %v\n", err)
		return 2
	}
	logger := log.New(os.Stderr, "proxy: ", log.LstdFlags|log.LUTC)
	var listeners []net.Listener
	for _, address := range cfg.listen {
		ln, err := net.Listen(network(address), address)
		if err != nil {
			fmt.Fprintf(os.Stderr, "proxy: cannot listen on %s: %v\n", address, err)
			return 2
		}
		listeners = append(listeners, ln)
	}
	p := newProxy(cfg, logger)
	var serving sync.WaitGroup
	for _, ln := range listeners {
		serving.Add(1)
		go func(ln net.Listener) { defer serving.Done(); p.serve(ln) }(ln)
	}
	logger.Printf("forwarding %s to %s over mutual TLS (server name %s), airlock-proxy %s",
		strings.Join(cfg.listen, ", "), cfg.upstream, cfg.tls.ServerName, version)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	sig := <-stop
	logger.Printf("%v: no new connections; waiting up to %v for open ones", sig, cfg.shutdownGrace)
	for _, ln := range listeners {
		ln.Close()
	}
	serving.Wait()
	done := make(chan struct{})
	go func() { p.open.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(cfg.shutdownGrace):
		p.closeAll()
		<-done
	}
	return 0
}

// network keeps each listener to the family of its address, so [::]:5000 never takes IPv4 too.
func network(address string) string {
	if strings.HasPrefix(address, "[") {
		return "tcp6"
	}
	return "tcp4"
}
