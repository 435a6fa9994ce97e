package capture

import (
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// TestTestdata reads the committed captures (testdata/README.md): the
// client-authentication messages come out and parse, decrypted with the key
// log (TLS 1.2: its two Finished messages).
func TestTestdata(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version ca.Version
		count   int
	}{{"go-tls13", ca.VersionTLS13, 11}, {"go-tls12", ca.VersionTLS12, 12}} {
		var first []Message
		for _, ext := range []string{".pcapng", ".pcap"} {
			t.Run(tc.name+ext, func(t *testing.T) {
				msgs := readCommitted(t, tc.name, ext)
				if len(msgs) != tc.count {
					t.Errorf("%d messages, want %d", len(msgs), tc.count)
				}
				checkMessages(t, msgs, tc.version, 0)
				if first == nil {
					first = msgs
				} else {
					sameMessages(t, msgs, first)
				}
			})
		}
	}
}

// TestRegenerateTestdata rewrites testdata/ when CAPTURE_REGEN=1.
func TestRegenerateTestdata(t *testing.T) {
	if os.Getenv("CAPTURE_REGEN") != "1" {
		t.Skip("set CAPTURE_REGEN=1 to rewrite testdata/")
	}
	p := testPKI(t, false)
	for name, v := range map[string]uint16{"go-tls13": tls.VersionTLS13, "go-tls12": tls.VersionTLS12} {
		c, keyLog := goHandshake(t, p, v, nil)
		var b bytes.Buffer
		if err := WritePcapng(&b, []Conn{c}); err != nil {
			t.Fatal(err)
		}
		for ext, data := range map[string][]byte{".pcapng": b.Bytes(), ".keys": keyLog, ".pcap": writePcap(t, framesOf(t, c, 0, 512))} {
			if err := os.WriteFile(filepath.Join("testdata", name+ext), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestManyConns: several connections, one not TLS and one written without
// Segments; Conn counts every TCP connection, as tshark's tcp.stream does.
func TestManyConns(t *testing.T) {
	p := testPKI(t, false)
	c13, keyLog := goHandshake(t, p, tls.VersionTLS13, nil)
	c12, _ := goHandshake(t, p, tls.VersionTLS12, nil)
	http := Conn{Client: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Server: []byte("HTTP/1.1 200 OK\r\n\r\n")}
	bare := c13
	bare.Segments, bare.ClientAddr, bare.ServerAddr = nil, nil, nil
	var b bytes.Buffer
	if err := WritePcapng(&b, []Conn{http, c13, c12, bare}); err != nil {
		t.Fatal(err)
	}
	msgs, err := Read(bytes.NewReader(b.Bytes()), Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	count := map[int]int{}
	for _, m := range msgs {
		count[m.Conn]++
	}
	want13, _ := FromStreams(c13.Client, c13.Server, Options{KeyLog: keyLog})
	want12, _ := FromStreams(c12.Client, c12.Server, Options{})
	if count[0] != 0 || count[1] != len(want13) || count[2] != len(want12) || count[3] != len(want13) {
		t.Errorf("messages per connection %v, want 0, %d, %d, %d", count, len(want13), len(want12), len(want13))
	}
	// The key log has no line for the TLS 1.2 connection and does not
	// need one; a capture of TLS 1.3 only with a foreign key log fails.
	if _, err := Read(bytes.NewReader(b.Bytes()), Options{KeyLog: []byte("CLIENT_RANDOM " + string(bytes.Repeat([]byte("ab"), 32)) + " 00\n")}); err == nil {
		t.Errorf("a key log matching no TLS 1.3 connection was accepted")
	}
}

// TestLinkTypes re-frames the same packets as raw IP, Linux cooked, BSD
// loopback and 802.1Q-tagged Ethernet, and over IPv6.
func TestLinkTypes(t *testing.T) {
	c, keyLog, want := goTLS13(t)
	v6 := c
	v6.ClientAddr = &net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 50000}
	v6.ServerAddr = &net.TCPAddr{IP: net.ParseIP("2001:db8::2"), Port: 443}
	for _, tc := range []struct {
		name string
		conn Conn
		lt   layers.LinkType
		head func(eth []byte) []byte
	}{
		{"ethernet IPv6", v6, layers.LinkTypeEthernet, func(e []byte) []byte { return e }},
		{"raw IPv4", c, layers.LinkTypeRaw, func(e []byte) []byte { return e[14:] }},
		{"raw IPv6", v6, layers.LinkTypeRaw, func(e []byte) []byte { return e[14:] }},
		{"linux cooked", c, layers.LinkTypeLinuxSLL, func(e []byte) []byte {
			return append([]byte{0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0}, e[14:]...)
		}},
		{"loopback", c, layers.LinkTypeNull, func(e []byte) []byte { return append([]byte{2, 0, 0, 0}, e[14:]...) }},
		{"802.1Q", c, layers.LinkTypeEthernet, func(e []byte) []byte {
			return append(append(bytes.Clone(e[:12]), 0x81, 0, 0, 7), e[12:]...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w := pcapgo.NewWriter(&b)
			w.WriteFileHeader(65536, tc.lt)
			for _, f := range framesOf(t, tc.conn, 0, mss) {
				d := tc.head(f.data)
				f.ci.CaptureLength, f.ci.Length = len(d), len(d)
				if err := w.WritePacket(f.ci, d); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Read(&b, Options{KeyLog: keyLog})
			if err != nil {
				t.Fatal(err)
			}
			sameMessages(t, got, want)
		})
	}
}

// TestEarlyData: a rejected 0-RTT record between the ClientHello (which
// offers early_data) and the client's handshake records is skipped, as the
// server skips it (8446 §4.2.10); without the offer it is a decrypt error.
func TestEarlyData(t *testing.T) {
	c, keyLog, want := goTLS13(t)
	recs := splitRecords(t, c.Client)
	early := record(recordApplicationData, bytes.Repeat([]byte{0x42}, 80))
	build := func(ch []byte) []byte {
		out := append(bytes.Clone(ch), early...)
		for _, r := range recs[1:] {
			out = append(out, r...)
		}
		return out
	}
	if _, err := FromStreams(build(recs[0]), c.Server, Options{KeyLog: keyLog}); err == nil {
		t.Errorf("an undecryptable record without an early_data offer was accepted")
	}
	// Add an empty early_data extension to the ClientHello.
	ch := bytes.Clone(recs[0])
	body := ch[9:]
	off := 2 + 32
	off += 1 + int(body[off])
	off += 2 + (int(body[off])<<8 | int(body[off+1]))
	off += 1 + int(body[off])
	extLen := int(body[off])<<8 | int(body[off+1])
	body[off], body[off+1] = byte((extLen+4)>>8), byte(extLen+4)
	ch = append(ch, 0, byte(ca.ExtEarlyData), 0, 0)
	hsLen := int(ch[6])<<16 | int(ch[7])<<8 | int(ch[8]) + 4
	ch[6], ch[7], ch[8] = byte(hsLen>>16), byte(hsLen>>8), byte(hsLen)
	recLen := int(ch[3])<<8 | int(ch[4]) + 4
	ch[3], ch[4] = byte(recLen>>8), byte(recLen)
	got, err := FromStreams(build(ch), c.Server, Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d", len(got), len(want))
	}
	for i := 1; i < len(got); i++ {
		if !bytes.Equal(got[i].Bytes, want[i].Bytes) {
			t.Errorf("message %d differs", i)
		}
	}
}

// TestMemoryBounded: reading costs memory in proportion to the input, for
// a capture of many connections and for hostile files alike.
func TestMemoryBounded(t *testing.T) {
	p := testPKI(t, false)
	c, keyLog := goHandshake(t, p, tls.VersionTLS13, nil)
	conns := make([]Conn, 100)
	for i := range conns {
		conns[i] = c
		conns[i].ClientAddr = &net.TCPAddr{IP: net.IPv4(10, 0, 1, byte(i)), Port: 40000 + i}
	}
	var many bytes.Buffer
	if err := WritePcapng(&many, conns); err != nil {
		t.Fatal(err)
	}
	// A ClientHello claiming 16 MB, then a megabyte of records continuing
	// it, in 100-byte segments.
	var hostile bytes.Buffer
	w := pcapgo.NewWriter(&hostile)
	w.WriteFileHeader(65536, layers.LinkTypeEthernet)
	huge := Conn{Client: record(recordHandshake, []byte{1, 0xff, 0xff, 0xff})}
	for i := 0; i < 64; i++ {
		huge.Client = append(huge.Client, record(recordHandshake, make([]byte, 1<<14))...)
	}
	for _, f := range framesOf(t, huge, 0, 100) {
		w.WritePacket(f.ci, f.data)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want int
	}{{"100 connections", many.Bytes(), 100 * 11}, {"16 MB message claim", hostile.Bytes(), 0}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		msgs, err := Read(bytes.NewReader(tc.in), Options{KeyLog: keyLog})
		runtime.ReadMemStats(&after)
		if err != nil || len(msgs) != tc.want {
			t.Errorf("%s: %d messages, %v; want %d", tc.name, len(msgs), err, tc.want)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d bytes in, %d allocated (%.1fx)", tc.name, len(tc.in), alloc, float64(alloc)/float64(len(tc.in)))
		if alloc > 16*uint64(len(tc.in))+1<<20 {
			t.Errorf("%s: %d bytes allocated for %d bytes of input", tc.name, alloc, len(tc.in))
		}
	}
}

// TestTruncated cuts the committed captures inside packets, the way a
// capture stopped mid-write ends: every whole packet before the cut is
// read, the messages they complete come out as in the whole file, and the
// truncation is reported (ErrTruncated), not hidden.
func TestTruncated(t *testing.T) {
	keyLog := readTestdata(t, "go-tls13.keys")
	for _, name := range []string{"go-tls13.pcap", "go-tls13.pcapng"} {
		data := readTestdata(t, name)
		full, err := Read(bytes.NewReader(data), Options{KeyLog: keyLog})
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			server bool
			index  int
		}
		byKey := map[key][]byte{}
		for _, m := range full {
			byKey[key{m.Params.FromServer, m.Index}] = m.Bytes
		}
		starts := packetStarts(t, data, strings.HasSuffix(name, ".pcapng"))
		most := 0
		for i, start := range starts[1:] {
			for _, into := range []int{3, 17, 40} { // inside the header, just after it, inside the frame
				cut := data[:start+into]
				res, err := ReadAll(bytes.NewReader(cut), Options{KeyLog: keyLog})
				if err != nil {
					t.Fatalf("%s cut at %d: %v", name, len(cut), err)
				}
				if res.Truncated == nil || !strings.Contains(res.Truncated.Error(), "file truncated") {
					t.Fatalf("%s cut at %d: truncation not reported (%v)", name, len(cut), res.Truncated)
				}
				if res.Packets != i+1 {
					t.Errorf("%s cut in packet %d: %d whole packets read", name, i+2, res.Packets)
				}
				for _, m := range res.Messages {
					if !bytes.Equal(byKey[key{m.Params.FromServer, m.Index}], m.Bytes) {
						t.Errorf("%s cut at %d: %v differs from the whole file's", name, len(cut), m.Type())
					}
				}
				most = max(most, len(res.Messages))
				msgs, err := Read(bytes.NewReader(cut), Options{KeyLog: keyLog})
				if !errorsIsTruncated(err) || len(msgs) != len(res.Messages) {
					t.Errorf("%s cut at %d: Read gave %d messages, %v", name, len(cut), len(msgs), err)
				}
			}
		}
		if most != len(full) {
			t.Errorf("%s: at most %d of %d messages before the last packet", name, most, len(full))
		}
	}
}

func errorsIsTruncated(err error) bool { return errors.Is(err, ErrTruncated) }

// packetStarts returns the offsets of the packet records (pcap) or of the
// blocks after the interface description (pcapng).
func packetStarts(t *testing.T, data []byte, ng bool) []int {
	t.Helper()
	var out []int
	if !ng {
		for off := 24; off+16 <= len(data); off += 16 + int(binary.LittleEndian.Uint32(data[off+8:])) {
			out = append(out, off)
		}
		return out
	}
	for off := 0; off+12 <= len(data); off += int(binary.LittleEndian.Uint32(data[off+4:])) {
		if binary.LittleEndian.Uint32(data[off:]) == 6 {
			out = append(out, off)
		}
	}
	return out
}
