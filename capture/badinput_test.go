package capture

import (
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenCapture is one relayed TLS 1.3 connection as pcapng, with its key
// log, shared by the bad-input tests.
func goldenCapture(t testing.TB) (pcapng, pcap, keyLog []byte, c Conn) {
	t.Helper()
	p := testPKI(t, false)
	c, keyLog = goHandshake(t, p, tls.VersionTLS13, nil)
	var b bytes.Buffer
	if err := WritePcapng(&b, []Conn{c}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), writePcap(t, framesOf(t, c, 0, mss)), keyLog, c
}

// TestBadInput: every malformed input gives a one-line error naming the
// problem, and no panic.
func TestBadInput(t *testing.T) {
	ng, pc, keyLog, c := goldenCapture(t)
	random := make([]byte, 3<<20)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	otherKeyLog := []byte(strings.NewReplacer("a", "b", "b", "a").Replace(string(keyLog)))
	corruptBlock := bytes.Clone(ng)
	binary.LittleEndian.PutUint32(corruptBlock[len(corruptBlock)-4:], 0x7777) // trailing length of the last block
	hugeCaplen := bytes.Clone(ng)
	// The first Enhanced Packet Block follows the section header and the
	// interface description: set its captured length to 4 GiB - 1.
	off := 0
	for off < len(hugeCaplen) && binary.LittleEndian.Uint32(hugeCaplen[off:]) != 6 {
		off += int(binary.LittleEndian.Uint32(hugeCaplen[off+4:]))
	}
	binary.LittleEndian.PutUint32(hugeCaplen[off+8+12:], 0xffffffff)
	hugePcap := bytes.Clone(pc)
	binary.LittleEndian.PutUint32(hugePcap[24+8:], 0xfffffff0)

	for _, tc := range []struct {
		name, want string
		in         []byte
		keyLog     []byte
		max        int64
	}{
		{"empty", "too short", nil, nil, 0},
		{"wrong magic", "not a pcap or pcapng file", []byte("GET / HTTP/1.1\r\n\r\n"), nil, 0},
		{"random 3 MB", "not a pcap or pcapng file", random, nil, 0},
		{"truncated pcap header", "truncated file header", pc[:20], nil, 0},
		{"truncated pcap", "file truncated", pc[:len(pc)-7], nil, 0},
		{"truncated pcap record header", "file truncated", pc[:24+10], nil, 0},
		{"pcap captured length beyond snaplen", "capture length", hugePcap, nil, 0},
		{"truncated pcapng", "ends inside block", ng[:len(ng)-9], nil, 0},
		{"pcapng cut in its section header", "past the end of the file", ng[:20], nil, 0},
		{"corrupt pcapng block", "trailing block length", corruptBlock, nil, 0},
		{"pcapng captured length 4 GiB", "captured length 4294967295 exceeds the block", hugeCaplen, nil, 0},
		{"pcapng section only", "", ng[:binary.LittleEndian.Uint32(ng[4:])], nil, 0},
		{"key log of another connection", "key log matches none", ng, otherKeyLog, 0},
		{"not a key log", "no NSS key log line", ng, []byte("hello\nworld\n"), 0},
		{"over the size limit", "larger than the limit", ng, nil, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tc.in), Options{KeyLog: tc.keyLog, MaxBytes: tc.max})
			if tc.want == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}

	// FromStreams: a key log without this connection, garbage streams, a
	// corrupt protected record.
	if _, err := FromStreams(c.Client, c.Server, Options{KeyLog: otherKeyLog}); err == nil || !strings.Contains(err.Error(), "no secrets for the ClientHello random") {
		t.Errorf("FromStreams with another key log: %v", err)
	}
	if _, err := FromStreams(random[:1000], random[1000:2000], Options{}); err == nil || !strings.Contains(err.Error(), "not TLS") {
		t.Errorf("FromStreams on random bytes: %v", err)
	}
	bad := bytes.Clone(c.Server)
	bad[len(bad)-3] ^= 1 // inside the last protected record
	if _, err := FromStreams(c.Client, bad, Options{KeyLog: keyLog}); err == nil || !strings.Contains(err.Error(), "conn 0 server->client record") || !strings.Contains(err.Error(), "cannot decrypt") {
		t.Errorf("FromStreams with a corrupt record: %v", err)
	}
	// A key log whose secrets are swapped between the directions.
	swapped := strings.NewReplacer("CLIENT_HANDSHAKE", "SERVER_HANDSHAKE", "SERVER_HANDSHAKE", "CLIENT_HANDSHAKE").Replace(string(keyLog))
	if _, err := FromStreams(c.Client, c.Server, Options{KeyLog: []byte(swapped)}); err == nil || !strings.Contains(err.Error(), "record 2") {
		t.Errorf("FromStreams with swapped secrets: %v", err)
	}
}

// TestMutatedCaptures flips, inserts, deletes and truncates bytes of valid
// pcap and pcapng files and of the streams themselves: Read and FromStreams
// may fail, but must return, without panicking, and not blow up memory.
func TestMutatedCaptures(t *testing.T) {
	ng, pc, keyLog, c := goldenCapture(t)
	rng := rand.New(rand.NewPCG(7, 8))
	n := 5000
	if testing.Short() {
		n = 500
	}
	mutate := func(in []byte) []byte {
		b := bytes.Clone(in)
		for k := rng.IntN(4) + 1; k > 0 && len(b) > 0; k-- {
			i := rng.IntN(len(b))
			switch rng.IntN(5) {
			case 0:
				b[i] ^= byte(1 << rng.IntN(8))
			case 1:
				b[i] = byte(rng.IntN(256))
			case 2:
				b = append(b[:i], b[min(len(b), i+rng.IntN(8)+1):]...)
			case 3:
				b = append(b[:i], append([]byte{0xff, 0xff, 0xff, 0x7f}[:rng.IntN(4)+1], b[i:]...)...)
			case 4:
				b = b[:i]
			}
		}
		return b
	}
	// Random bodies behind valid file headers reach the packet decoders.
	shbIDB := 0
	for k := 0; k < 2; k++ {
		shbIDB += int(binary.LittleEndian.Uint32(ng[shbIDB+4:]))
	}
	for i := 0; i < 50; i++ {
		body := make([]byte, rng.IntN(1<<16))
		for j := range body {
			body[j] = byte(rng.Uint32())
		}
		Read(bytes.NewReader(append(bytes.Clone(pc[:24]), body...)), Options{})
		Read(bytes.NewReader(append(bytes.Clone(ng[:shbIDB]), body...)), Options{})
	}
	errs := 0
	for i := 0; i < n; i++ {
		for _, in := range [][]byte{ng, pc} {
			if _, err := Read(bytes.NewReader(mutate(in)), Options{KeyLog: keyLog}); err != nil {
				errs++
			}
		}
		FromStreams(mutate(c.Client), mutate(c.Server), Options{KeyLog: keyLog})
	}
	t.Logf("%d mutated files, %d rejected", 2*n, errs)
}

// fuzzSeeds are the committed captures (testdata/README.md says how they
// were made): seeds without a handshake in every fuzz worker.
func fuzzSeeds(f *testing.F) (files [][]byte, keyLog []byte) {
	for _, name := range []string{"go-tls13.pcapng", "go-tls13.pcap", "go-tls12.pcapng", "go-tls12.pcap",
		"openssl-tls12-reneg.pcapng", "openssl-tls10-reneg.pcapng", "openssl-tls13-ccm.pcapng"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, b)
	}
	// One key log for all of them: TLS 1.3 secrets and TLS ≤1.2 master
	// secrets, so that mutations reach every decryption path.
	for _, name := range []string{"go-tls13.keys", "go-tls12.keys", "openssl-tls12-reneg.keys", "openssl-tls10-reneg.keys", "openssl-tls13-ccm.keys"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		keyLog = append(keyLog, b...)
	}
	return files, keyLog
}

// FuzzRead: any input, no panic; the same input reads the same way twice.
func FuzzRead(f *testing.F) {
	files, keyLog := fuzzSeeds(f)
	for _, b := range files {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, errA := Read(bytes.NewReader(b), Options{MaxBytes: 1 << 20, KeyLog: keyLog})
		c, errC := Read(bytes.NewReader(b), Options{MaxBytes: 1 << 20, KeyLog: keyLog})
		if (errA == nil) != (errC == nil) || len(a) != len(c) {
			t.Fatalf("two reads differ: %v / %v", errA, errC)
		}
	})
}

// FuzzFromStreams: any pair of streams, no panic.
func FuzzFromStreams(f *testing.F) {
	files, keyLog := fuzzSeeds(f)
	for _, b := range files {
		conns, err := readPackets(b, &Result{})
		if err != nil {
			f.Fatal(err)
		}
		client, server := conns[0].streams()
		f.Add(client, server)
	}
	f.Fuzz(func(t *testing.T, client, server []byte) {
		FromStreams(client, server, Options{KeyLog: keyLog})
	})
}
