package capture

import (
	"encoding/binary"
	"net/netip"
	"sort"

	"github.com/google/gopacket/layers"
)

// TCP flags.
const (
	tcpFIN = 0x01
	tcpSYN = 0x02
	tcpRST = 0x04
	tcpACK = 0x10
)

// segment is one TCP segment as the capture holds it.
type segment struct {
	src, dst netip.AddrPort
	seq      uint32
	flags    uint8
	payload  []byte // aliases the packet
}

// decodeTCP finds the TCP segment in one captured frame. Frames of other
// protocols, IP fragments and frames too short for their headers report
// false: a capture holds all kinds of traffic, and only TCP is read.
func decodeTCP(b []byte, lt layers.LinkType) (segment, bool) {
	var ip []byte
	switch lt {
	case layers.LinkTypeEthernet:
		if len(b) < 14 {
			return segment{}, false
		}
		et, rest := binary.BigEndian.Uint16(b[12:]), b[14:]
		for (et == 0x8100 || et == 0x88a8) && len(rest) >= 4 { // 802.1Q / 802.1ad tags
			et, rest = binary.BigEndian.Uint16(rest[2:]), rest[4:]
		}
		if et != 0x0800 && et != 0x86dd {
			return segment{}, false
		}
		ip = rest
	case layers.LinkTypeRaw, 12, 14, layers.LinkTypeIPv4, layers.LinkTypeIPv6: // 12, 14: DLT_RAW on some systems
		ip = b
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		if len(b) < 4 {
			return segment{}, false
		}
		ip = b[4:]
	case layers.LinkTypeLinuxSLL:
		if len(b) < 16 {
			return segment{}, false
		}
		ip = b[16:]
	default:
		return segment{}, false
	}
	if len(ip) < 1 {
		return segment{}, false
	}
	var s segment
	var tcp []byte
	switch ip[0] >> 4 {
	case 4:
		if len(ip) < 20 {
			return s, false
		}
		hl, total := int(ip[0]&0x0f)*4, int(binary.BigEndian.Uint16(ip[2:]))
		if hl < 20 || len(ip) < hl || ip[9] != 6 {
			return s, false
		}
		if binary.BigEndian.Uint16(ip[6:])&0x3fff != 0 { // more fragments, or an offset
			return s, false
		}
		// total is 0 in captures of TCP segmentation offload; otherwise it
		// trims the Ethernet padding of short frames.
		if total != 0 {
			if total < hl || total > len(ip) {
				return s, false
			}
			ip = ip[:total]
		}
		src, dst := netip.AddrFrom4([4]byte(ip[12:16])), netip.AddrFrom4([4]byte(ip[16:20]))
		tcp = ip[hl:]
		s.src, s.dst = netip.AddrPortFrom(src, 0), netip.AddrPortFrom(dst, 0)
	case 6:
		if len(ip) < 40 {
			return s, false
		}
		if pl := int(binary.BigEndian.Uint16(ip[4:])); pl != 0 && 40+pl <= len(ip) {
			ip = ip[:40+pl]
		}
		src, dst := netip.AddrFrom16([16]byte(ip[8:24])), netip.AddrFrom16([16]byte(ip[24:40]))
		s.src, s.dst = netip.AddrPortFrom(src, 0), netip.AddrPortFrom(dst, 0)
		next, rest := ip[6], ip[40:]
		for next != 6 {
			switch next {
			case 0, 43, 60: // hop-by-hop, routing, destination options
				if len(rest) < 8 || len(rest) < (int(rest[1])+1)*8 {
					return s, false
				}
				next, rest = rest[0], rest[(int(rest[1])+1)*8:]
			default: // fragments (44) and everything else
				return s, false
			}
		}
		tcp = rest
	default:
		return s, false
	}
	if len(tcp) < 20 {
		return s, false
	}
	off := int(tcp[12]>>4) * 4
	if off < 20 || off > len(tcp) {
		return s, false
	}
	s.src = netip.AddrPortFrom(s.src.Addr(), binary.BigEndian.Uint16(tcp))
	s.dst = netip.AddrPortFrom(s.dst.Addr(), binary.BigEndian.Uint16(tcp[2:]))
	s.seq = binary.BigEndian.Uint32(tcp[4:])
	s.flags = tcp[13]
	s.payload = tcp[off:]
	if s.flags&tcpSYN != 0 && len(s.payload) > 0 {
		s.seq++ // data on a SYN (TCP Fast Open) starts after the SYN's sequence number
	}
	return s, true
}

// connKey names a connection whichever way a segment travels.
type connKey struct{ a, b netip.AddrPort }

func keyOf(s segment) connKey {
	if s.src.Compare(s.dst) < 0 {
		return connKey{s.src, s.dst}
	}
	return connKey{s.dst, s.src}
}

// halfStream collects one direction's segments.
type halfStream struct {
	isn  uint32
	syn  bool
	fin  bool
	segs []tcpData
}

type tcpData struct {
	seq  uint32
	data []byte
}

// tcpConn is one TCP connection of a capture.
type tcpConn struct {
	idx         int
	client      netip.AddrPort
	clientKnown bool          // from a SYN, not guessed
	half        [2]halfStream // client->server, server->client
	reset       bool
}

// assembler sorts segments into connections, in order of first packet.
type assembler struct {
	byKey map[connKey]*tcpConn
	conns []*tcpConn
}

func newAssembler() *assembler { return &assembler{byKey: map[connKey]*tcpConn{}} }

func (a *assembler) add(s segment) {
	k := keyOf(s)
	c := a.byKey[k]
	syn := s.flags&(tcpSYN|tcpACK) == tcpSYN
	if c != nil && syn {
		// A new SYN on a finished connection's ports, or with another
		// initial sequence number, is a new connection.
		h := &c.half[c.dir(s)]
		if c.reset || c.half[0].fin && c.half[1].fin || h.syn && h.isn != s.seq {
			c = nil
		}
	}
	if c == nil {
		c = &tcpConn{idx: len(a.conns)}
		switch {
		case syn:
			c.client, c.clientKnown = s.src, true
		case s.flags&(tcpSYN|tcpACK) == tcpSYN|tcpACK:
			c.client, c.clientKnown = s.dst, true
		case s.dst.Port() < s.src.Port():
			c.client = s.src // the lower port is most often the service's
		default:
			c.client = s.dst
		}
		a.byKey[k] = c
		a.conns = append(a.conns, c)
	} else if syn && !c.clientKnown {
		// The guess made from earlier segments was wrong.
		if c.client != s.src {
			c.half[0], c.half[1] = c.half[1], c.half[0]
		}
		c.client, c.clientKnown = s.src, true
	}
	h := &c.half[c.dir(s)]
	if s.flags&tcpSYN != 0 && !h.syn {
		h.isn, h.syn = s.seq, true
		if len(s.payload) > 0 {
			h.isn--
		}
	}
	if s.flags&tcpFIN != 0 {
		h.fin = true
	}
	if s.flags&tcpRST != 0 {
		c.reset = true
	}
	if len(s.payload) > 0 {
		h.segs = append(h.segs, tcpData{s.seq, s.payload})
	}
}

func (c *tcpConn) dir(s segment) int {
	if s.src == c.client {
		return 0
	}
	return 1
}

// streams reassembles both directions. When the guess of who is the client
// was wrong (no SYN in the capture), the hellos tell.
func (c *tcpConn) streams() (client, server []byte) {
	client, server = c.half[0].bytes(), c.half[1].bytes()
	if !c.clientKnown && startsWith(client, 2) && startsWith(server, 1) {
		client, server = server, client
	}
	return client, server
}

// startsWith reports whether b starts with a handshake record holding a
// message of type t.
func startsWith(b []byte, t byte) bool {
	return len(b) > 5 && b[0] == recordHandshake && b[5] == t
}

// bytes orders one direction's segments by sequence number and joins them.
// Retransmitted and overlapping bytes are taken once (the first copy seen
// wins); the stream ends at the first gap.
func (h *halfStream) bytes() []byte {
	if len(h.segs) == 0 {
		return nil
	}
	base := h.segs[0].seq
	if h.syn {
		base = h.isn + 1
	}
	type span struct {
		rel  int64
		data []byte
	}
	spans := make([]span, len(h.segs))
	min := int64(0)
	for i, s := range h.segs {
		// Relative to the base as a signed 32-bit difference, which
		// survives wrapping of the sequence space.
		spans[i] = span{int64(int32(s.seq - base)), s.data}
		if spans[i].rel < min {
			min = spans[i].rel
		}
	}
	if !h.syn && min < 0 {
		// Without a SYN the first segment seen need not be the first sent.
		for i := range spans {
			spans[i].rel -= min
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].rel < spans[j].rel })
	total := 0
	for _, s := range spans {
		total += len(s.data)
	}
	out := make([]byte, 0, total) // retransmissions make it an overestimate
	cursor := int64(0)
	for _, s := range spans {
		end := s.rel + int64(len(s.data))
		if end <= cursor {
			continue
		}
		if s.rel > cursor {
			break
		}
		out = append(out, s.data[cursor-s.rel:]...)
		cursor = end
	}
	return out
}
