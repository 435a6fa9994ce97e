package clientauth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/errs"
	"github.com/clientauth/clientauth/internal/testutil"
)

// requirementIDs reads the IDs defined in spec/requirements.md (the first
// column of its requirement tables).
func requirementIDs(t *testing.T) map[ca.Requirement]bool {
	b := testutil.ReadFile(t, "spec/requirements.md")
	ids := map[ca.Requirement]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\| ([0-9]{4}-[0-9.]+-[a-zA-Z_]+) \|`).FindAllStringSubmatch(string(b), -1) {
		ids[ca.Requirement(m[1])] = true
	}
	if len(ids) < 100 {
		t.Fatalf("only %d requirement IDs found", len(ids))
	}
	return ids
}

func TestBoundsTable(t *testing.T) {
	ids := requirementIDs(t)
	for i, b := range ca.AllBounds() {
		if i == 0 {
			continue // NoBound
		}
		switch {
		case int(b.ID) != i:
			t.Errorf("row %d has ID %d", i, b.ID)
		case b.Struct == "" || b.Versions == 0 || b.Section == "":
			t.Errorf("row %d (%s) is incomplete", i, b.Struct)
		case b.Min < 0 || b.Min > b.Max:
			t.Errorf("%s: min %d > max %d", b.Struct, b.Min, b.Max)
		case b.Min%b.Elem != 0 && b.Min != 0 || b.Max%b.Elem != 0:
			t.Errorf("%s: bounds are not whole elements of %d", b.Struct, b.Elem)
		case b.Width > 0 && b.Max > b.PrefixMax():
			t.Errorf("%s: max %d does not fit a %d-byte prefix", b.Struct, b.Max, b.Width)
		case b.Width > 1 && b.Max <= 1<<(8*(b.Width-1))-1:
			// 8446-3.4-a: the prefix is as wide as the ceiling needs, no wider.
			t.Errorf("%s: a %d-byte prefix is wider than max %d needs", b.Struct, b.Width, b.Max)
		case !ids[b.Requirement]:
			t.Errorf("%s cites %q, which requirements.md does not define", b.Struct, b.Requirement)
		}
		for _, v := range ca.Versions {
			if r := b.RequirementIn(v); !ids[r] {
				t.Errorf("%s cites %q under %v, which requirements.md does not define", b.Struct, r, v)
			}
		}
	}
}

// TestRequirementPerVersion: the framing rows cite RFC 8446 §6 under TLS 1.3
// and RFC 5246 §7.4 before it (issue 15: a TLS 1.2 message cited 8446-6-a),
// and an error re-cited for its version follows the row.
func TestRequirementPerVersion(t *testing.T) {
	for _, id := range []ca.CheckID{ca.CheckHeaderLength, ca.CheckTruncated, ca.CheckPastEnd, ca.CheckTrailing, ca.CheckFinishedLength} {
		c := ca.CheckOf(id)
		if got := c.RequirementIn(ca.VersionTLS13); got != "8446-6-a" {
			t.Errorf("check %d under TLS 1.3 cites %s", id, got)
		}
		for _, v := range []ca.Version{ca.VersionTLS10, ca.VersionTLS11, ca.VersionTLS12} {
			if got := c.RequirementIn(v); got != "5246-7.4-a" {
				t.Errorf("check %d under %v cites %s, want 5246-7.4-a", id, v, got)
			}
		}
	}
	if got := ca.CheckOf(ca.CheckDistinguishedNameDER).RequirementIn(ca.VersionTLS12); got != "5246-7.4.4-h" {
		t.Errorf("DN check under TLS 1.2 cites %s", got)
	}
	if got := ca.BoundOf(ca.BoundHandshakeLength).RequirementIn(ca.VersionTLS11); got != "5246-7.4-a" {
		t.Errorf("handshake length under TLS 1.1 cites %s", got)
	}
	var e ca.Error
	errs.Check(&e, ca.CheckTrailing, ca.ContainerCR, "", [3]int32{}, 9, 1)
	if errs.InVersion(&e, ca.VersionTLS12).Requirement != "5246-7.4-a" || errs.InVersion(&e, ca.VersionTLS13).Requirement != "8446-6-a" {
		t.Errorf("InVersion: %s", e.Requirement)
	}
	errs.Bound(&e, ca.BoundCRCertificateTypes, "", [3]int32{}, 4, 0)
	if errs.InVersion(&e, ca.VersionTLS12).Requirement != "5246-7.4.4-b" {
		t.Errorf("a row without a per-version column changed its citation: %s", e.Requirement)
	}
}

func TestDeviationsTable(t *testing.T) {
	ids := requirementIDs(t)
	all := ca.Deviations(0)
	for i, d := range ca.KnownDeviations() {
		if int(d.Deviation) != i || d.Name == "" || len(d.Stacks) == 0 || d.Description == "" {
			t.Errorf("deviation %d is incomplete", i)
		}
		if !ids[d.Relaxes] {
			t.Errorf("%s relaxes %q, which requirements.md does not define", d.Name, d.Relaxes)
		}
		if got, ok := ca.ParseDeviation(d.Name); !ok || got != d.Deviation || got.String() != d.Name {
			t.Errorf("%s does not round-trip", d.Name)
		}
		all |= ca.Tolerating(d.Deviation)
	}
	if got, ok := ca.ParseDeviations(all.String()); !ok || got != all {
		t.Errorf("set %q does not round-trip", all.String())
	}
	if _, ok := ca.ParseDeviations("no_such_deviation"); ok {
		t.Error("ParseDeviations accepts an unknown name")
	}
	if (ca.Params{Tolerate: all}).Validate() != nil || (ca.Params{Tolerate: 0x80}).Validate() == nil {
		t.Error("Validate does not tell known deviations from unknown bits")
	}
	if ca.CRAuthoritiesBound(ca.Params{Version: ca.VersionTLS10}) != ca.BoundCRAuthorities10 ||
		ca.CRAuthoritiesBound(ca.Params{Version: ca.VersionTLS10, Tolerate: ca.Tolerating(ca.DeviationEmptyCAList10)}) != ca.BoundCRAuthorities {
		t.Error("the TLS 1.0 CA-list row does not follow the tolerance")
	}
}

func TestChecksTable(t *testing.T) {
	ids := requirementIDs(t)
	for i := 1; i < int(ca.NumChecks); i++ {
		c := ca.CheckOf(ca.CheckID(i))
		if int(c.ID) != i || c.Reason == "" || c.Alert == 0 {
			t.Errorf("check %d is incomplete", i)
		}
		for _, v := range ca.Versions {
			if r := c.RequirementIn(v); r != "" && !ids[r] {
				t.Errorf("check %d cites %q under %v, which requirements.md does not define", i, r, v)
			}
		}
		if c.Requirement == "" && c.Alert != ca.AlertInternalError {
			t.Errorf("check %d rejects peers' messages without citing a requirement", i)
		}
	}
}

func TestExtensionsTable(t *testing.T) {
	seen := map[ca.ExtensionType]bool{}
	names := map[string]bool{}
	for _, e := range ca.Extensions() {
		if seen[e.Type] || names[e.Name] {
			t.Errorf("%d %s listed twice", e.Type, e.Name)
		}
		seen[e.Type], names[e.Name] = true, true
		if (e.CRBody == ca.BodyEmpty) != (e.EmptyBound != ca.NoBound) {
			t.Errorf("%s: an empty body needs its bound, and only it", e.Name)
		}
		if (e.CRBody != ca.BodyOpaque && e.InCR == 0) || (e.CTBody != ca.BodyOpaque && e.InCT == 0) {
			t.Errorf("%s: a body rule for a message it is not allowed in", e.Name)
		}
		if got, ok := ca.LookupExtension(e.Type); !ok || got.Name != e.Name || e.Type.String() != e.Name {
			t.Errorf("lookup of %d", e.Type)
		}
	}
	// 8446-4.2-T: the RFC 8446 table's CertificateRequest column, plus RFC 8879.
	for _, typ := range []ca.ExtensionType{5, 13, 18, 27, 47, 48, 50} {
		if p, _ := ca.CRPlacement(typ, ca.RFC8446); p != ca.PlacementAllowed {
			t.Errorf("%v not allowed in a CertificateRequest", typ)
		}
	}
	if p, _ := ca.CRPlacement(0, ca.RFC8446); p != ca.PlacementForbidden {
		t.Error("server_name allowed in an RFC 8446 CertificateRequest")
	}
	if p, _ := ca.CRPlacement(0, ca.RFC9846); p != ca.PlacementAllowed {
		t.Error("server_name forbidden in an RFC 9846 CertificateRequest")
	}
	for _, typ := range []ca.ExtensionType{0x0a0a, 0xfafa, 0xff01, 23, 65281} {
		if p, _ := ca.CRPlacement(typ, ca.RFC8446); p != ca.PlacementUnknown {
			t.Errorf("%v should be unknown", typ)
		}
	}
}

func TestErrorRendering(t *testing.T) {
	var e ca.Error
	errs.Bound(&e, ca.BoundSerializedSCT, ca.ExtensionContainer(ca.TypeCertificate, 18), [3]int32{2, 1, 4}, 77, 0)
	want := "certificate.certificate_list[2].extensions[1].signed_certificate_timestamp.sct_list[4]"
	if e.Field() != want {
		t.Errorf("Field() = %s, want %s", e.Field(), want)
	}
	if got := e.Error(); got != want+" at offset 77: length 0 outside SerializedSCT<1..2^16-1> (decode_error, 6962-3.3-a)" {
		t.Errorf("Error() = %s", got)
	}
	var err error = &e
	if !errors.Is(err, ca.AlertDecodeError) || errors.Is(err, ca.AlertIllegalParameter) || !errors.Is(err, ca.Requirement("6962-3.3-a")) {
		t.Error("errors.Is")
	}
	var target *ca.Error
	if !errors.As(err, &target) || target.Offset != 77 {
		t.Error("errors.As")
	}
}

func TestParamsValidate(t *testing.T) {
	for _, p := range []ca.Params{
		{Version: 0x0300}, {Profile: 7}, {KeyExchange: 99}, {FinishedLen: 8}, {FinishedLen: 100},
		{Version: ca.VersionTLS12, PostHandshake: true}, {CertType: 9},
	} {
		if p.Validate() == nil || (p.Supported() && p.FinishedLen == 0 && !p.PostHandshake && p.CertType == 0) {
			t.Errorf("%+v accepted", p)
		}
	}
	if err := (ca.Params{}).Validate(); err != nil {
		t.Error(err)
	}
}

// TestSchemeValuesNamed: a rejected signature scheme is printed by name.
func TestSchemeValuesNamed(t *testing.T) {
	var e ca.Error
	errs.Check(&e, ca.CheckCVAlgorithmNotRequested, "certificate_verify", "", [3]int32{}, 4, 0x0401)
	if got := e.Error(); !strings.Contains(got, "rsa_pkcs1_sha256 (0x0401)") {
		t.Errorf("%s", got)
	}
}

// TestCRSchemeListCheck: the list form decides every scheme as
// CRSchemeCheck does, in every version, and names the first that fails.
func TestCRSchemeListCheck(t *testing.T) {
	for _, v := range ca.Versions {
		for hi := 0; hi < 256; hi++ {
			for _, lo := range []int{0, 1, 2, 3, 4, 7, 8, 0xff} {
				s := ca.SignatureScheme(hi<<8 | lo)
				raw := []byte{4, 1, byte(hi), byte(lo), 0, 0}
				i, c := ca.CRSchemeListCheck(v, raw)
				want := ca.CRSchemeCheck(v, s)
				if want == ca.NoCheck {
					want = ca.CRSchemeCheck(v, 0) // the third scheme, 0x0000
					if c != want || want != ca.NoCheck && i != 2 {
						t.Fatalf("%v %v: (%d, %v), want the third or none (%v)", v, s, i, c, want)
					}
					continue
				}
				if i != 1 || c != want {
					t.Fatalf("%v %v: (%d, %v), want (1, %v)", v, s, i, c, want)
				}
			}
		}
	}
}
