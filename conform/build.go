package conform

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// cachedBuild is a driver built from source kept in the repository, once
// per process, into the user cache directory under a name that hashes the
// source (a changed driver is rebuilt, an unchanged one reused).
type cachedBuild struct {
	once sync.Once
	dir  string
	err  error
}

// get writes files into a fresh directory, runs build there, and moves it
// to its cache place; product is a file build makes, whose presence says a
// cached directory is complete.
func (c *cachedBuild) get(kind string, files map[string][]byte, product string, build func(dir string) error) (string, error) {
	c.once.Do(func() { c.dir, c.err = buildCached(kind, files, product, build) })
	return c.dir, c.err
}

func buildCached(kind string, files map[string][]byte, product string, build func(dir string) error) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		h.Write([]byte(n + "\x00"))
		h.Write(files[n])
	}
	dir := filepath.Join(cache, "clientauth", "conform", kind+"-"+hex.EncodeToString(h.Sum(nil)[:8]))
	if _, err := os.Stat(filepath.Join(dir, product)); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	// Built aside and renamed, so that a concurrent run never sees half a
	// directory.
	tmp, err := os.MkdirTemp(filepath.Dir(dir), kind+"-build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(tmp, n), files[n], 0o644); err != nil {
			return "", err
		}
	}
	if err := build(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, product)); serr != nil {
			return "", err
		}
	}
	return dir, nil
}
