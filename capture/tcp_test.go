package capture

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// frame is one captured packet.
type frame struct {
	ci   gopacket.CaptureInfo
	data []byte
}

// framesOf turns a connection into packets with payloads of at most mss
// bytes, as WritePcapng would write them.
func framesOf(t testing.TB, c Conn, idx, mss int) []frame {
	t.Helper()
	var out []frame
	pw := &packetWriter{mss: mss, ts: captureEpoch, emit: func(ci gopacket.CaptureInfo, b []byte) error {
		out = append(out, frame{ci, bytes.Clone(b)})
		return nil
	}}
	if err := pw.conn(idx, c); err != nil {
		t.Fatal(err)
	}
	return out
}

// writePcap writes frames as a classic pcap file (so Read's pcap path is
// exercised too).
func writePcap(t testing.TB, frames []frame) []byte {
	t.Helper()
	var b bytes.Buffer
	w := pcapgo.NewWriter(&b)
	if err := w.WriteFileHeader(65536, layers.LinkTypeEthernet); err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if err := w.WritePacket(f.ci, f.data); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// sameMessages compares two extractions field by field.
func sameMessages(t *testing.T, got, want []Message) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d", len(got), len(want))
	}
	for i := range got {
		a, b := got[i], want[i]
		if !bytes.Equal(a.Bytes, b.Bytes) || a.Params != b.Params || a.Index != b.Index || a.Decrypted != b.Decrypted || a.Suite != b.Suite || a.Conn != b.Conn {
			t.Errorf("message %d: got %v %+v conn %d, want %v %+v conn %d", i, a.Type(), a.Params, a.Conn, b.Type(), b.Params, b.Conn)
		}
	}
}

// TestReassembly feeds Read captures of one TLS 1.3 connection cut into
// 100-byte segments and then shuffled, retransmitted, overlapped and
// started without the SYN: every variant must give what FromStreams gives
// for the relayed bytes.
func TestReassembly(t *testing.T) {
	c, keyLog, want := goTLS13(t)
	base := framesOf(t, c, 0, 100)
	rng := rand.New(rand.NewPCG(1, 2))
	overlap := func(fs []frame) []frame {
		// Replace every data segment by two that overlap by 30 bytes and
		// disagree nowhere.
		var out []frame
		for _, f := range fs {
			s, ok := decodeTCP(f.data, layers.LinkTypeEthernet)
			if !ok || len(s.payload) < 60 {
				out = append(out, f)
				continue
			}
			h := len(f.data) - len(s.payload)
			cut := len(s.payload) / 2
			a := resegment(t, f.data[:h], 0, s.payload[:cut+15])
			b := resegment(t, f.data[:h], cut-15, s.payload[cut-15:])
			ca, cb := f.ci, f.ci
			ca.CaptureLength, ca.Length = len(a), len(a)
			cb.CaptureLength, cb.Length = len(b), len(b)
			out = append(out, frame{cb, b}, frame{ca, a}) // the later half first
		}
		return out
	}
	for _, tc := range []struct {
		name string
		edit func([]frame) []frame
	}{
		{"in order", func(fs []frame) []frame { return fs }},
		{"reversed data", func(fs []frame) []frame {
			out := append([]frame{}, fs[:3]...)
			for i := len(fs) - 1; i >= 3; i-- {
				out = append(out, fs[i])
			}
			return out
		}},
		{"shuffled", func(fs []frame) []frame {
			out := append([]frame{}, fs...)
			rng.Shuffle(len(out)-1, func(i, j int) { out[i+1], out[j+1] = out[j+1], out[i+1] })
			return out
		}},
		{"retransmitted", func(fs []frame) []frame {
			var out []frame
			for i, f := range fs {
				out = append(out, f)
				if i%3 == 0 {
					out = append(out, f)
				}
				if i%7 == 0 && i > 10 {
					out = append(out, fs[i-5]) // a late duplicate
				}
			}
			return out
		}},
		{"overlapping", overlap},
		{"no handshake", func(fs []frame) []frame { return fs[3:] }},
		{"no handshake, shuffled", func(fs []frame) []frame {
			out := append([]frame{}, fs[3:]...)
			rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
			return out
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(writePcap(t, tc.edit(base))), Options{KeyLog: keyLog})
			if err != nil {
				t.Fatal(err)
			}
			sameMessages(t, got, want)
		})
	}

	t.Run("gap", func(t *testing.T) {
		// Losing the server segment after its hello cuts the server
		// stream there: the hellos and the client's messages, no error.
		var fs []frame
		off := 0
		for _, f := range base {
			s, _ := decodeTCP(f.data, layers.LinkTypeEthernet)
			if int(s.src.Port()) == c.ServerAddr.Port && len(s.payload) > 0 {
				off += len(s.payload)
				if off > 1400 && off <= 1500 {
					continue
				}
			}
			fs = append(fs, f)
		}
		got, err := Read(bytes.NewReader(writePcap(t, fs)), Options{KeyLog: keyLog})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) >= len(want) || len(got) < 5 {
			t.Errorf("%d messages after a gap, want fewer than %d", len(got), len(want))
		}
	})
}

// resegment builds a frame from the headers of another (Ethernet, IPv4, TCP
// without options) with the sequence number moved by delta and a new
// payload; lengths and checksums are not fixed, as Read does not need them.
func resegment(t *testing.T, hdr []byte, delta int, payload []byte) []byte {
	t.Helper()
	b := append(bytes.Clone(hdr), payload...)
	ip := b[14:]
	total := (int(ip[0]&0x0f) * 4) + 20 + len(payload)
	ip[2], ip[3] = byte(total>>8), byte(total)
	tcp := ip[int(ip[0]&0x0f)*4:]
	seq := uint32(tcp[4])<<24 | uint32(tcp[5])<<16 | uint32(tcp[6])<<8 | uint32(tcp[7])
	seq += uint32(delta)
	tcp[4], tcp[5], tcp[6], tcp[7] = byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq)
	return b
}

// TestSequenceWrap puts the initial sequence number just below 2^32.
func TestSequenceWrap(t *testing.T) {
	h := halfStream{isn: 0xffffff00, syn: true}
	data := bytes.Repeat([]byte("0123456789"), 100)
	for off := 0; off < len(data); off += 64 {
		end := min(off+64, len(data))
		h.segs = append(h.segs, tcpData{seq: 0xffffff01 + uint32(off), data: data[off:end]})
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(h.segs), func(i, j int) { h.segs[i], h.segs[j] = h.segs[j], h.segs[i] })
	if got := h.bytes(); !bytes.Equal(got, data) {
		t.Errorf("reassembled %d bytes across the wrap, want %d equal", len(got), len(data))
	}
}
