// airlock-nodecfg places the registry mirror files on a node and takes them away again. It runs
// once per node as the init container of a DaemonSet Airlock removes when every node reported, in
// an image with nothing but this binary: the files come from a ConfigMap volume, the runtime's
// configuration directory is a hostPath volume, and what it did goes to the termination message
// (one line of JSON) for the installer to record. It never restarts anything.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: airlock-nodecfg apply|restore|hold|--version [options]")
		return 2
	}
	switch args[0] {
	case "--version":
		fmt.Printf("airlock-nodecfg %s\n", version)
		return 0
	case "hold":
		// The DaemonSet's main container: waits, doing nothing, until the DaemonSet is removed.
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		return 0
	case "apply", "restore":
		cfg, err := parseArgs(args[0], args[1:])
		if err != nil {
			fmt.Fprintf(os.Stderr, "nodecfg: %v\n", err)
			return 2
		}
		var r report
		if args[0] == "apply" {
			r = apply(cfg)
		} else {
			r = restore(cfg)
		}
		return finish(cfg, r)
	default:
		fmt.Fprintf(os.Stderr, "nodecfg: unknown command %q (apply, restore, hold, --version)\n", args[0])
		return 2
	}
}

// report is what one node did, as the installer reads it from the termination message.
type report struct {
	Node       string      `json:"node"`
	Root       string      `json:"root"`
	Files      []fileEntry `json:"files"`
	Dirs       []dirEntry  `json:"dirs,omitempty"`
	ConfigPath *string     `json:"configPath,omitempty"`
	Error      string      `json:"error,omitempty"`
}

type fileEntry struct {
	Path   string `json:"path"`
	Action string `json:"action"`
	Backup bool   `json:"backup,omitempty"`
}

type dirEntry struct {
	Path   string `json:"path"`
	Action string `json:"action"`
}

// finish writes the report to the termination message and stdout; a report with an error fails.
func finish(cfg config, r report) int {
	r.Node = os.Getenv("NODE_NAME")
	r.Root = cfg.hostPath
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
	if cfg.report != "" {
		if err := os.WriteFile(cfg.report, line, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "nodecfg: cannot write the report to %s: %v\n", cfg.report, err)
			return 1
		}
	}
	if r.Error != "" {
		fmt.Fprintf(os.Stderr, "nodecfg: %s\n", r.Error)
		return 1
	}
	return 0
}
