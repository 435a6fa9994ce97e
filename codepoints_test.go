package clientauth_test

import (
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// codePointTypes are the wire vocabularies whose values must be spelled by
// name: a bare 13 or 0x0401 in logic is a second copy of a fact vocab.go
// already holds, and it reads as nothing.
var codePointTypes = []string{"ExtensionType", "SignatureScheme"}

// TestNoNumericCodePoints type-checks every non-test package of the module
// and fails on an integer literal whose type is one of codePointTypes outside
// vocab.go, which declares the names. Test files and test data may use
// numbers: they are the wire.
func TestNoNumericCodePoints(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module from source")
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	const module = "github.com/clientauth/clientauth"
	var found []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if n := d.Name(); path != "." && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor") {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(path, 0)
		if err != nil || len(bp.GoFiles) == 0 {
			return nil // no non-test Go files under the default build tags
		}
		var files []*ast.File
		for _, name := range bp.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(path, name), nil, 0)
			if err != nil {
				return err
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		conf := types.Config{Importer: imp.(types.ImporterFrom)}
		if _, err := conf.Check(module+"/"+filepath.ToSlash(path), fset, files, info); err != nil {
			t.Errorf("type-check %s: %v", path, err)
			return nil
		}
		for _, f := range files {
			name := filepath.Base(fset.Position(f.Pos()).Filename)
			if path == "." && (name == "vocab.go") {
				continue
			}
			// A literal that masks or shifts a value (s&63, s|1) is a bit
			// position, not a code point.
			bitOperand := map[ast.Expr]bool{}
			ast.Inspect(f, func(n ast.Node) bool {
				if b, ok := n.(*ast.BinaryExpr); ok {
					switch b.Op {
					case token.AND, token.OR, token.XOR, token.AND_NOT, token.SHL, token.SHR:
						bitOperand[b.X], bitOperand[b.Y] = true, true
					}
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.INT || bitOperand[lit] || lit.Value == "0" { // 0: the zero value, "none"
					return true
				}
				named, ok := info.Types[lit].Type.(*types.Named)
				if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != module {
					return true
				}
				for _, want := range codePointTypes {
					if named.Obj().Name() == want {
						found = append(found, fset.Position(lit.Pos()).String()+": "+want+" "+lit.Value)
					}
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("numeric code point (use the name from vocab.go): %s", f)
	}
}
