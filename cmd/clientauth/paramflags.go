package main

import (
	"flag"
	"fmt"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// paramFlags are the negotiation flags that check and dissect share: what
// the two peers settled, which the parser needs as ca.Params. There is one
// flag per field of ca.ParamFields (the key with "-" for "_"), plus -params
// for the whole text form, so a vector group's or a manifest entry's context
// is always expressible on the command line.
type paramFlags struct {
	p    ca.Params
	set  []string // flags given, in order
	text *string  // -params
}

// defaultParams is the context without flags; the version is explicit, so
// nothing depends on the Go zero value's meaning.
var defaultParams = ca.Params{Version: ca.VersionTLS13}

type paramFlag struct {
	f  ca.ParamField
	pf *paramFlags
}

func (v paramFlag) String() string {
	if v.pf == nil {
		return ""
	}
	s, _ := v.pf.p.Get(v.f.Key)
	return s
}

func (v paramFlag) Set(s string) error {
	v.pf.set = append(v.pf.set, "-"+v.f.Flag())
	if err := v.pf.p.Set(v.f.Key, s); err != nil {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "clientauth: "+v.f.Key+" "))
	}
	return nil
}

func (v paramFlag) IsBoolFlag() bool { return v.f.Kind == ca.ParamBool }

func addParamFlags(fs *flag.FlagSet) *paramFlags {
	pf := &paramFlags{p: defaultParams}
	for _, f := range ca.ParamFields() {
		fs.Var(paramFlag{f: f, pf: pf}, f.Flag(), f.Doc)
	}
	pf.text = fs.String("params", "", "")
	return pf
}

// given reports whether any parameter flag was on the command line.
func (f *paramFlags) given() bool { return len(f.set) > 0 || *f.text != "" }

// params returns the validated Params; an error is a usage error naming
// the rule broken.
func (f *paramFlags) params() (ca.Params, error) {
	p := f.p
	if *f.text != "" {
		if len(f.set) > 0 {
			return p, usagef("-params gives the whole context; %s cannot be combined with it", strings.Join(f.set, ", "))
		}
		if err := p.UnmarshalText([]byte(*f.text)); err != nil {
			return p, usagef("-params: %s", strings.TrimPrefix(err.Error(), "clientauth: "))
		}
		return p, nil
	}
	if err := p.Validate(); err != nil {
		return p, usagef("%s (flags %s)", strings.TrimPrefix(err.Error(), "clientauth: "), f.describe())
	}
	return p, nil
}

func (f *paramFlags) describe() string {
	if len(f.set) == 0 {
		return "none"
	}
	return strings.Join(f.set, " ")
}

// flagsFor renders p as the command-line flags that select it.
func flagsFor(p ca.Params) []string {
	var out []string
	for _, f := range ca.ParamFields() {
		v, _ := p.Get(f.Key)
		out = append(out, "-"+f.Flag()+"="+v)
	}
	return out
}

// paramFlagsUsage is the flags part of check's and dissect's usage, from
// the table.
func paramFlagsUsage() string {
	var b strings.Builder
	for _, f := range ca.ParamFields() {
		arg := strings.Join(f.Values, "|")
		switch {
		case f.Kind == ca.ParamBool:
			arg = ""
		case arg == "":
			arg = "N"
		}
		def, _ := defaultParams.Get(f.Key)
		if f.Kind == ca.ParamInt {
			def = "per version"
		}
		left := "-" + f.Flag()
		if arg != "" {
			left += " " + arg
		}
		fmt.Fprintf(&b, "  %s\n        %s (default %s)\n", left, f.Doc, def)
	}
	b.WriteString("  -params TEXT\n        the whole context in its text form, e.g. \"" + defaultParams.String() + "\"\n" +
		"        (as corpus check prints it); not combined with the flags above\n")
	return b.String()
}
