package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

type config struct {
	source, target, hostPath, report string
	files                            []pair // apply: KEY=REL; restore --remove: REL=SHA256
	restores                         []string
	dirs                             []string
	containerdConfig                 string
}

type pair struct{ a, b string }

type pairs []pair

func (p *pairs) String() string { return fmt.Sprint(*p) }
func (p *pairs) Set(v string) error {
	i := strings.IndexByte(v, '=')
	if i <= 0 || i == len(v)-1 {
		return fmt.Errorf("%q is not A=B", v)
	}
	*p = append(*p, pair{v[:i], v[i+1:]})
	return nil
}

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func parseArgs(cmd string, args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.target, "target", "/host", "the runtime's configuration directory, mounted")
	fs.StringVar(&c.hostPath, "host-path", "", "where --target is on the node (for the report)")
	fs.StringVar(&c.report, "report", "/dev/termination-log", "where the JSON report goes")
	var ps pairs
	var restores, dirs list
	if cmd == "apply" {
		fs.StringVar(&c.source, "source", "/airlock/files", "the ConfigMap volume")
		fs.Var(&ps, "file", "KEY=REL: ConfigMap key KEY goes to --target/REL")
		fs.StringVar(&c.containerdConfig, "containerd-config", "", "containerd's config.toml, mounted")
	} else {
		fs.Var(&ps, "remove", "REL=SHA256: a file Airlock created, removed while it still holds that")
		fs.Var(&restores, "restore", "REL: a file Airlock replaced, put back from REL.airlock-backup")
		fs.Var(&dirs, "dir", "REL: a directory Airlock created, removed when empty")
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.hostPath == "" {
		return c, errors.New("--host-path is required")
	}
	for _, rel := range append(append([]string{}, restores...), dirs...) {
		if err := checkRel(rel); err != nil {
			return c, err
		}
	}
	for _, p := range ps {
		rel := p.b
		if cmd == "restore" {
			rel = p.a
		}
		if err := checkRel(rel); err != nil {
			return c, err
		}
	}
	c.files, c.restores, c.dirs = ps, restores, dirs
	return c, nil
}

// checkRel refuses paths that would leave the mounted directory.
func checkRel(rel string) error {
	clean := filepath.Clean(rel)
	if filepath.IsAbs(rel) || clean != rel || clean == "." || strings.HasPrefix(clean, "..") {
		return fmt.Errorf("%q is not a relative path inside the target", rel)
	}
	return nil
}
