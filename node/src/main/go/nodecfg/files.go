package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

const backupSuffix = ".airlock-backup"

var configPathLine = regexp.MustCompile(`^\s*config_path\s*=\s*["']([^"']*)["']`)

func apply(c config) report {
	var r report
	if c.containerdConfig != "" {
		found, err := containerdConfigPath(c.containerdConfig)
		if err != nil {
			r.Error = err.Error()
			return r
		}
		r.ConfigPath = &found
		if found != "" && filepath.Clean(found) != filepath.Clean(c.hostPath) {
			r.Error = fmt.Sprintf("containerd reads registry hosts from %s, not %s: nothing written", found, c.hostPath)
			return r
		}
	}
	created := map[string]bool{}
	for _, f := range c.files {
		content, err := os.ReadFile(filepath.Join(c.source, f.a))
		if err != nil {
			r.Error = fmt.Sprintf("cannot read %s from the ConfigMap: %v", f.a, err)
			return r
		}
		e, err := place(c.target, f.b, content, created)
		if err != nil {
			r.Error = err.Error()
			return r
		}
		r.Files = append(r.Files, e)
	}
	var dirs []string
	for d := range created {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		r.Dirs = append(r.Dirs, dirEntry{d, "created"})
	}
	return r
}

// place writes one file atomically, keeping a file of the site's it replaces once as FILE.airlock-backup.
func place(root, rel string, content []byte, created map[string]bool) (fileEntry, error) {
	e := fileEntry{Path: rel}
	path := filepath.Join(root, rel)
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, content):
		e.Action = "unchanged"
	case err == nil:
		e.Action = "replaced"
		if _, err := os.Lstat(path + backupSuffix); errors.Is(err, fs.ErrNotExist) {
			info, _ := os.Stat(path)
			if err := writeAtomic(path+backupSuffix, old, info.Mode().Perm()); err != nil {
				return e, fmt.Errorf("cannot back up %s: %v", rel, err)
			}
		}
	case errors.Is(err, fs.ErrNotExist):
		e.Action = "created"
		if err := makeDirs(root, filepath.Dir(rel), created); err != nil {
			return e, err
		}
	default:
		return e, fmt.Errorf("cannot read %s: %v", rel, err)
	}
	if _, err := os.Lstat(path + backupSuffix); err == nil {
		e.Backup = true
	}
	if e.Action != "unchanged" {
		if err := writeAtomic(path, content, 0o644); err != nil {
			return e, fmt.Errorf("cannot write %s: %v", rel, err)
		}
	}
	return e, nil
}

// makeDirs creates the missing directories of rel under root, remembering which it made.
func makeDirs(root, rel string, created map[string]bool) error {
	if rel == "." {
		return nil
	}
	if err := makeDirs(root, filepath.Dir(rel), created); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(root, rel), 0o755)
	if err == nil {
		created[rel] = true
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	return fmt.Errorf("cannot create %s: %v", rel, err)
}

func writeAtomic(path string, content []byte, mode fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".airlock-nodecfg-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// containerdConfigPath is the config_path containerd's CRI plugin reads hosts.toml from, "" when unset.
func containerdConfigPath(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", fmt.Errorf("cannot read containerd's configuration: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if m := configPathLine.FindStringSubmatch(s.Text()); m != nil {
			return m[1], nil
		}
	}
	return "", s.Err()
}

func restore(c config) report {
	var r report
	for _, rel := range c.restores {
		path := filepath.Join(c.target, rel)
		e := fileEntry{Path: rel, Action: "restored"}
		if err := os.Rename(path+backupSuffix, path); errors.Is(err, fs.ErrNotExist) {
			e.Action = "absent"
		} else if err != nil {
			r.Error = fmt.Sprintf("cannot restore %s: %v", rel, err)
			return r
		}
		r.Files = append(r.Files, e)
	}
	for _, p := range c.files {
		path := filepath.Join(c.target, p.a)
		e := fileEntry{Path: p.a, Action: "removed"}
		content, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			e.Action = "absent"
		case err != nil:
			r.Error = fmt.Sprintf("cannot read %s: %v", p.a, err)
			return r
		case sha(content) != strings.ToLower(p.b):
			e.Action = "kept" // changed since Airlock wrote it: the site's now
		default:
			if err := os.Remove(path); err != nil {
				r.Error = fmt.Sprintf("cannot remove %s: %v", p.a, err)
				return r
			}
		}
		r.Files = append(r.Files, e)
	}
	dirs := append([]string{}, c.dirs...)
	sort.Sort(sort.Reverse(sort.StringSlice(dirs))) // deepest first
	for _, d := range dirs {
		e := dirEntry{d, "removed"}
		if err := os.Remove(filepath.Join(c.target, d)); errors.Is(err, fs.ErrNotExist) {
			e.Action = "absent"
		} else if err != nil {
			e.Action = "kept" // not empty: something else lives there now
		}
		r.Dirs = append(r.Dirs, e)
	}
	return r
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
