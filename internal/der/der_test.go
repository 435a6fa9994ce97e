package der

import (
	"encoding/hex"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A Name with one RDN holding CN=Example CA (UTF8String).
const exampleName = "3015311330110603550403" + "0c0a4578616d706c65204341"

func TestIsName(t *testing.T) {
	for _, c := range []struct {
		hex  string
		want bool
	}{
		{exampleName, true},
		{"3000", true}, // the empty RDNSequence
		{"301e310b300906035504061302555331" + "0f300d060355040a0c064578616d706c", true},  // C=US, O=Exampl
		{"301e310b300906035504061302555331" + "0f300d060355040a0c074578616d706c", false}, // the last value's length runs past its ATV
		{"3018310b3009060355040613025553" + "3109300706035504030c00", true},              // two RDNs, an empty UTF8String value
		{"300c0c0a4578616d706c65204341", false},                                          // a SEQUENCE holding a bare UTF8String (issue 15)
		{"30", false},                                                                    // one byte
		{"00", false},                                                                    // not a SEQUENCE
		{"30023100", false},                                                              // an empty RDN: SET SIZE (1..MAX)
		{"3000" + "00", false},                                                           // a byte after the Name
		{"3004310230" + "00", false},
		{"3009310730050600" + "0500", false},           // an empty OID
		{"300a3108300606018003" + "0500", false},       // OID subidentifier with a leading 0x80
		{"300a310830060602558" + "1" + "0500", false},  // OID ending inside a subidentifier
		{"300b3109300706035504030500" + "00", false},   // a byte after the value inside the ATV
		{"300931073005060355040305", false},            // the value runs past the ATV
		{"3080310730050603550403" + "05000000", false}, // indefinite length
		{"30810931073005060355040305" + "00", false},   // long form for a short length
	} {
		if got := IsName(unhex(t, c.hex)); got != c.want {
			t.Errorf("IsName(%s) = %v, want %v", c.hex, got, c.want)
		}
	}
}

func TestIsOID(t *testing.T) {
	for _, c := range []struct {
		hex  string
		want bool
	}{
		{"550403", true}, {"2a864886f70d", true}, {"", false}, {"2a86", false}, {"2a8001", false}, {"00", true},
	} {
		if got := IsOID(unhex(t, c.hex)); got != c.want {
			t.Errorf("IsOID(%s) = %v, want %v", c.hex, got, c.want)
		}
	}
}

func TestIsCertificate(t *testing.T) {
	spki := Wrap(nil, TagSequence, append(Wrap(nil, TagSequence, nil), Wrap(nil, TagBitString, []byte{0})...))
	cert := Wrap(nil, TagSequence, append(append(Wrap(nil, TagSequence, spki), Wrap(nil, TagSequence, nil)...), Wrap(nil, TagBitString, []byte{0})...))
	for _, c := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"certificate shape", cert, true},
		{"bare SubjectPublicKeyInfo", spki, false},
		{"one SEQUENCE", Wrap(nil, TagSequence, make([]byte, 10)), false},
		{"trailing byte", append(cert[:len(cert):len(cert)], 0), false},
		{"four elements", Wrap(nil, TagSequence, append(cert[2:len(cert):len(cert)], 5, 0)), false},
		{"signature not a BIT STRING", Wrap(nil, TagSequence, append(append(Wrap(nil, TagSequence, nil), Wrap(nil, TagSequence, nil)...), Wrap(nil, TagOID, []byte{1})...)), false},
		{"empty", nil, false},
	} {
		if got := IsCertificate(c.b); got != c.want {
			t.Errorf("%s: IsCertificate = %v, want %v", c.name, got, c.want)
		}
	}
	if !IsSubjectPublicKeyInfo(spki) || IsSubjectPublicKeyInfo(cert) {
		t.Error("IsSubjectPublicKeyInfo does not tell an SPKI from a certificate")
	}
}

func TestNoAllocs(t *testing.T) {
	name := unhex(t, exampleName)
	cert := Wrap(nil, TagSequence, append(append(Wrap(nil, TagSequence, nil), Wrap(nil, TagSequence, nil)...), Wrap(nil, TagBitString, []byte{0})...))
	if n := testing.AllocsPerRun(100, func() { IsName(name); IsCertificate(cert) }); n != 0 {
		t.Errorf("%v allocations per check, want 0", n)
	}
}

// TestIsNameShortMatchesGeneral: the inlined short-form walk decides exactly
// as the general walk, on names with short and long lengths and on every
// one-byte change and truncation of them.
func TestIsNameShortMatchesGeneral(t *testing.T) {
	general := func(b []byte) bool {
		rdns, rest, ok := split(b, TagSequence)
		return ok && len(rest) == 0 && isRDNSequence(rdns)
	}
	long := Wrap(nil, TagSequence, Wrap(nil, TagSet, Wrap(nil, TagSequence,
		append(Wrap(nil, TagOID, []byte{0x55, 4, 3}), Wrap(nil, 0x0c, make([]byte, 200))...))))
	for _, name := range [][]byte{unhex(t, exampleName), unhex(t, "3018310b3009060355040613025553"+"3109300706035504030c00"), long} {
		check := func(b []byte) {
			if got, want := IsName(b), general(b); got != want {
				t.Fatalf("IsName(%x) = %v, the general walk says %v", b, got, want)
			}
		}
		for i := range name {
			check(name[:i])
			for _, v := range []byte{0, 1, 0x7f, 0x80, 0x81, 0xff, name[i] + 1, name[i] - 1} {
				b := append([]byte(nil), name...)
				b[i] = v
				check(b)
			}
		}
		check(name)
	}
}

// TestSplitMatchesLongForm: the inline length forms of split decide as the
// general long-form reader does, for every length prefix of 1..4 bytes.
func TestSplitMatchesLongForm(t *testing.T) {
	for k := 1; k <= 4; k++ {
		for _, first := range []byte{0, 1, 0x7f, 0x80, 0xff} {
			b := make([]byte, 2+k+300)
			b[0], b[1], b[2] = TagSequence, 0x80|byte(k), first
			for i := 3; i < 2+k; i++ {
				b[i] = 1
			}
			for _, cut := range []int{2 + k, 2 + k + 1, 2 + k + 255, len(b)} {
				c1, r1, ok1 := split(b[:cut], TagSequence)
				c2, r2, ok2 := splitLong(b[:cut])
				if ok1 != ok2 || len(c1) != len(c2) || len(r1) != len(r2) {
					t.Errorf("k=%d first=%#x cut=%d: split (%d, %d, %v), splitLong (%d, %d, %v)", k, first, cut, len(c1), len(r1), ok1, len(c2), len(r2), ok2)
				}
			}
		}
	}
}
