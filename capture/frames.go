package capture

import (
	"fmt"
	"net"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// mss is the payload size of the synthetic data segments: what a 1500-byte
// Ethernet MTU leaves after IPv4, TCP and the timestamp option.
const mss = 1448

// captureEpoch is the synthetic packets' first timestamp, fixed so that the
// same connections always give the same file.
var captureEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// packetWriter turns connections into frames for emit.
type packetWriter struct {
	emit func(gopacket.CaptureInfo, []byte) error
	mss  int
	ts   time.Time
	ipID uint16
	buf  gopacket.SerializeBuffer
}

// endpoint is one side of a synthetic connection.
type endpoint struct {
	mac  net.HardwareAddr
	ip   net.IP
	port uint16
	next uint32 // next sequence number to send
}

func (pw *packetWriter) conn(i int, c Conn) error {
	cl := endpoint{mac: net.HardwareAddr{2, 0, 0, 0, 0, 1}, ip: net.IPv4(10, 0, 0, 1), port: uint16(40000 + i%20000)}
	sv := endpoint{mac: net.HardwareAddr{2, 0, 0, 0, 0, 2}, ip: net.IPv4(10, 0, 0, 2), port: 443}
	if a := c.ClientAddr; a != nil {
		cl.ip, cl.port = a.IP, uint16(a.Port)
	}
	if a := c.ServerAddr; a != nil {
		sv.ip, sv.port = a.IP, uint16(a.Port)
	}
	if (cl.ip.To4() == nil) != (sv.ip.To4() == nil) {
		return fmt.Errorf("client %v and server %v are of different IP versions", cl.ip, sv.ip)
	}
	cl.next = 0x10000000 + uint32(i)*0x10000
	sv.next = 0x20000000 + uint32(i)*0x10000

	// Three-way handshake.
	if err := pw.packet(&cl, &sv, tcpSYN, nil); err != nil {
		return err
	}
	cl.next++
	if err := pw.packet(&sv, &cl, tcpSYN|tcpACK, nil); err != nil {
		return err
	}
	sv.next++
	if err := pw.packet(&cl, &sv, tcpACK, nil); err != nil {
		return err
	}

	segs := c.Segments
	if segs == nil {
		segs = alternateRecords(c.Client, c.Server)
	}
	var co, so int // bytes of Client and Server written
	for k, s := range segs {
		from, to, data := &cl, &sv, c.Client
		off := &co
		if s.FromServer {
			from, to, data, off = &sv, &cl, c.Server, &so
		}
		if s.Len < 0 || *off+s.Len > len(data) {
			return fmt.Errorf("segment %d of %d bytes runs past the recorded %d bytes", k, s.Len, len(data))
		}
		chunk := data[*off : *off+s.Len]
		*off += s.Len
		for len(chunk) > 0 {
			n := min(len(chunk), pw.mss)
			if err := pw.packet(from, to, tcpACK|0x08, chunk[:n]); err != nil { // 0x08: PSH
				return err
			}
			from.next += uint32(n)
			chunk = chunk[n:]
		}
		// The receiver acknowledges now unless its own data next does.
		if k+1 == len(segs) || segs[k+1].FromServer == s.FromServer {
			if err := pw.packet(to, from, tcpACK, nil); err != nil {
				return err
			}
		}
	}
	if co != len(c.Client) || so != len(c.Server) {
		return fmt.Errorf("segments cover %d+%d of the recorded %d+%d bytes", co, so, len(c.Client), len(c.Server))
	}

	// Orderly close, the client first.
	if err := pw.packet(&cl, &sv, tcpFIN|tcpACK, nil); err != nil {
		return err
	}
	cl.next++
	if err := pw.packet(&sv, &cl, tcpFIN|tcpACK, nil); err != nil {
		return err
	}
	sv.next++
	return pw.packet(&cl, &sv, tcpACK, nil)
}

// packet writes one frame from one endpoint to the other, acknowledging
// everything the receiver has sent.
func (pw *packetWriter) packet(from, to *endpoint, flags uint8, payload []byte) error {
	eth := &layers.Ethernet{SrcMAC: from.mac, DstMAC: to.mac, EthernetType: layers.EthernetTypeIPv4}
	tcp := &layers.TCP{
		SrcPort: layers.TCPPort(from.port), DstPort: layers.TCPPort(to.port),
		Seq: from.next, Window: 65535,
		FIN: flags&tcpFIN != 0, SYN: flags&tcpSYN != 0, RST: flags&tcpRST != 0,
		PSH: flags&0x08 != 0, ACK: flags&tcpACK != 0,
	}
	if tcp.ACK {
		tcp.Ack = to.next
	}
	var ip gopacket.SerializableLayer
	if v4 := from.ip.To4(); v4 != nil {
		pw.ipID++
		l := &layers.IPv4{Version: 4, TTL: 64, Id: pw.ipID, Flags: layers.IPv4DontFragment,
			Protocol: layers.IPProtocolTCP, SrcIP: v4, DstIP: to.ip.To4()}
		tcp.SetNetworkLayerForChecksum(l)
		ip = l
	} else {
		eth.EthernetType = layers.EthernetTypeIPv6
		l := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolTCP, SrcIP: from.ip, DstIP: to.ip}
		tcp.SetNetworkLayerForChecksum(l)
		ip = l
	}
	if pw.buf == nil {
		pw.buf = gopacket.NewSerializeBuffer()
	}
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(pw.buf, opts, eth, ip, tcp, gopacket.Payload(payload)); err != nil {
		return err
	}
	b := pw.buf.Bytes()
	ci := gopacket.CaptureInfo{Timestamp: pw.ts, CaptureLength: len(b), Length: len(b)}
	pw.ts = pw.ts.Add(100 * time.Microsecond)
	return pw.emit(ci, b)
}

// alternateRecords orders two streams recorded without their timing: one
// TLS record from each side in turn (then what is left of either in 16 KiB
// pieces), which keeps every hello ahead of the records protected under
// the keys it settles.
func alternateRecords(client, server []byte) []Segment {
	cut := func(b []byte) []int {
		var out []int
		for len(b) > 0 {
			n := len(b)
			if len(b) >= 5 && validHeader(b[:5]) {
				n = min(5+recordLen(b), len(b))
			} else {
				n = min(n, 1<<14)
			}
			out = append(out, n)
			b = b[n:]
		}
		return out
	}
	c, s := cut(client), cut(server)
	var out []Segment
	for i := 0; i < len(c) || i < len(s); i++ {
		if i < len(c) {
			out = append(out, Segment{Len: c[i]})
		}
		if i < len(s) {
			out = append(out, Segment{FromServer: true, Len: s[i]})
		}
	}
	return out
}
