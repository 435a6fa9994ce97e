package clientauth_test

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/testutil"
)

// TestEveryPackageDocumentedAndListed: each package says what it owns in its
// doc comment, and the README's layout table names it (its own directory or
// its parent's), so a new package cannot arrive unexplained.
func TestEveryPackageDocumentedAndListed(t *testing.T) {
	readme := testutil.ReadFile(t, "README.md")
	_, layout, ok := strings.Cut(string(readme), "## Layout")
	if !ok {
		t.Fatal("README.md has no Layout section")
	}
	layout, _, _ = strings.Cut(layout, "\n## ")
	// The paths a row names stand in its first cell.
	var named strings.Builder
	for _, line := range strings.Split(layout, "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 2 {
			named.WriteString(cells[1])
		}
	}
	first := named.String()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if n := d.Name(); path != "." && (strings.HasPrefix(n, ".") || n == "testdata") {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(path, build.ImportComment)
		if err != nil || len(bp.GoFiles) == 0 {
			return nil
		}
		if strings.TrimSpace(bp.Doc) == "" {
			t.Errorf("package %s has no doc comment", path)
		}
		if path == "." {
			return nil
		}
		listed := false
		for p := filepath.ToSlash(path); p != "." && !listed; p = filepath.ToSlash(filepath.Dir(p)) {
			listed = strings.Contains(first, "`"+p+"`") || strings.Contains(first, "`"+p+"/`")
		}
		if !listed {
			t.Errorf("README's layout table does not name %s or a parent of it", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
