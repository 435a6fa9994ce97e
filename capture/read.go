package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// File magics (pcap: libpcap's savefile formats, microsecond and nanosecond,
// either byte order; pcapng: the Section Header Block type).
const (
	magicPcapMicro = 0xa1b2c3d4
	magicPcapNano  = 0xa1b23c4d
	magicPcapng    = 0x0a0d0d0a
)

// maxSnaplen is the largest packet read from a classic pcap, whatever its
// header says: tcpdump's own limit, so that a bogus record length cannot
// make the reader allocate gigabytes.
const maxSnaplen = 262144

// ErrTruncated is wrapped by the error Read returns for a file that ends
// inside a packet or block, the usual end of a capture cut short. The
// messages of the whole packets before the cut are returned with it.
var ErrTruncated = errors.New("file truncated")

// Result is what ReadAll read from a capture, and what it could not read.
type Result struct {
	Messages []Message
	// Skips lists, per connection and direction, the protected records
	// left unread and why (no key log, no secrets for the connection, a
	// cipher suite not decrypted here).
	Skips []Skip
	// Truncated is non-nil (and wraps ErrTruncated) when the file ends
	// inside a packet or block: every whole packet before the cut was read.
	Truncated error
	Packets   int // whole packets read
}

// Read parses a pcap or pcapng file (detected by magic), reassembles every
// TCP connection (out-of-order segments, retransmissions, both directions)
// and returns FromStreams of each, in the order of their first packet.
// Connections that do not carry TLS are skipped (they still count in
// Message.Conn, which matches tshark's tcp.stream). With a key log, a
// TLS 1.3 connection whose ClientHello random the key log lacks yields its
// hellos only, and it is an error when a key log with entries matches no
// TLS 1.3 connection at all (an empty key log is not: it only decrypts
// nothing). On error, the messages of the connections read so far are
// returned with it; a truncated file returns the messages of every whole
// packet with an error wrapping ErrTruncated. ReadAll also says what was
// left unread.
func Read(r io.Reader, opt Options) ([]Message, error) {
	res, err := ReadAll(r, opt)
	if res == nil {
		return nil, err
	}
	if err == nil {
		err = res.Truncated
	}
	return res.Messages, err
}

// ReadAll is Read with a report of what could not be read. A truncated file
// is not an error here: Result.Truncated says so.
func ReadAll(r io.Reader, opt Options) (*Result, error) {
	max := opt.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("capture: reading: %v", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("capture: input larger than the limit of %d bytes", max)
	}
	kl, err := parseKeyLog(opt.KeyLog)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	conns, err := readPackets(data, res)
	if err != nil {
		return nil, err
	}
	tls13, matched := 0, 0
	for _, tc := range conns {
		client, server := tc.streams()
		c := &connection{idx: tc.idx, keyLog: kl}
		msgs, err := c.extract(client, server)
		if errors.Is(err, ErrNotTLS) && len(msgs) == 0 {
			continue
		}
		res.Messages = append(res.Messages, msgs...)
		res.Skips = append(res.Skips, c.skips...)
		if err != nil {
			return res, err
		}
		if c.tls13() {
			tls13++
			if !c.unmatched {
				matched++
			}
		}
	}
	if len(kl) > 0 && tls13 > 0 && matched == 0 {
		return res, fmt.Errorf("capture: the key log matches none of the %d TLS 1.3 connections' ClientHello randoms", tls13)
	}
	return res, nil
}

// packetSource is what pcapgo's two readers have in common.
type packetSource interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// readPackets decodes every packet of the file into the TCP connections
// they belong to. A file cut inside a packet or block gives the packets
// before the cut, and res.Truncated.
func readPackets(data []byte, res *Result) ([]*tcpConn, error) {
	if len(data) < 4 {
		return nil, fmt.Errorf("capture: %d bytes: too short for a pcap or pcapng file", len(data))
	}
	var src packetSource
	var linkType func(gopacket.CaptureInfo) layers.LinkType
	magicLE, magicBE := binary.LittleEndian.Uint32(data), binary.BigEndian.Uint32(data)
	switch {
	case magicLE == magicPcapMicro || magicLE == magicPcapNano || magicBE == magicPcapMicro || magicBE == magicPcapNano:
		if len(data) < 24 {
			return nil, fmt.Errorf("capture: pcap: truncated file header (%d of 24 bytes)", len(data))
		}
		pr, err := pcapgo.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("capture: pcap: %v", err)
		}
		pr.SetSnaplen(maxSnaplen)
		lt := pr.LinkType()
		linkType = func(gopacket.CaptureInfo) layers.LinkType { return lt }
		src = pr
	case magicLE == magicPcapng:
		whole, cutBlock, err := checkPcapng(data)
		if err != nil {
			return nil, err
		}
		if whole < len(data) {
			// The blocks before the cut are whole: read them.
			data = data[:whole]
			defer func() {
				res.Truncated = fmt.Errorf("capture: %w: the pcapng file ends inside block %d (offset %d; a capture cut short?): the %d whole packets before it were read",
					ErrTruncated, cutBlock, whole, res.Packets)
			}()
		}
		nr, err := pcapgo.NewNgReader(bytes.NewReader(data), pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil, fmt.Errorf("capture: pcapng: %v", err)
		}
		linkType = func(ci gopacket.CaptureInfo) layers.LinkType {
			if len(ci.AncillaryData) > 0 {
				if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					return lt
				}
			}
			return 0
		}
		src = nr
	default:
		return nil, fmt.Errorf("capture: not a pcap or pcapng file (magic %08x)", magicBE)
	}
	asm := newAssembler()
	for n := 0; ; n++ {
		pkt, ci, err := readPacket(src)
		if err == io.EOF && ci.CaptureLength == 0 {
			break
		}
		if err != nil {
			if err == io.ErrUnexpectedEOF || err == io.EOF {
				res.Truncated = fmt.Errorf("capture: %w in packet %d (a capture cut short?): the %d whole packets before it were read", ErrTruncated, n+1, n)
				break
			}
			return nil, fmt.Errorf("capture: packet %d: %v", n+1, err)
		}
		res.Packets++
		seg, ok := decodeTCP(pkt, linkType(ci))
		if ok {
			asm.add(seg)
		}
	}
	return asm.conns, nil
}

// readPacket calls pcapgo. It trusts the lengths in the file (checkPcapng
// and SetSnaplen take the known dangers out first); should a corrupt file
// still make it panic, that becomes an error rather than taking the
// caller down.
func readPacket(src packetSource) (pkt []byte, ci gopacket.CaptureInfo, err error) {
	defer func() {
		if p := recover(); p != nil {
			pkt, err = nil, fmt.Errorf("corrupt capture file (pcapgo: %v)", p)
		}
	}()
	return src.ReadPacketData()
}

// checkPcapng walks the block structure before pcapgo reads it: every block
// length must be a multiple of 4, fit the file and match its trailing copy,
// and the fields pcapgo trusts (captured lengths, interface IDs, option
// lengths, timestamp resolution) must be in range. A last block cut short
// (after the first section header and interface) is a truncation, not an
// error: whole is where the whole blocks end and cutBlock the number of the
// cut one; whole is len(data) for an uncut file.
func checkPcapng(data []byte) (whole, cutBlock int, err error) {
	whole = len(data)
	err = checkPcapngBlocks(data, &whole, &cutBlock)
	return whole, cutBlock, err
}

func checkPcapngBlocks(data []byte, whole, cutBlock *int) error {
	var bo binary.ByteOrder = binary.LittleEndian
	ifaces := -1 // no section yet
	var snaplens []uint32
	for off, blk := 0, 1; off < len(data); blk++ {
		bad := func(format string, args ...any) error {
			return fmt.Errorf("capture: pcapng: block %d at offset %d: %s", blk, off, fmt.Sprintf(format, args...))
		}
		if len(data)-off < 12 {
			if ifaces > 0 {
				*whole, *cutBlock = off, blk
				return nil
			}
			return bad("truncated block header (%d bytes left)", len(data)-off)
		}
		typ := bo.Uint32(data[off:])
		if binary.LittleEndian.Uint32(data[off:]) == magicPcapng {
			typ = magicPcapng
			switch {
			case binary.LittleEndian.Uint32(data[off+8:]) == 0x1a2b3c4d:
				bo = binary.LittleEndian
			case binary.BigEndian.Uint32(data[off+8:]) == 0x1a2b3c4d:
				bo = binary.BigEndian
			default:
				return bad("section header with a bad byte-order magic")
			}
		}
		total := bo.Uint32(data[off+4:])
		if total < 12 || total%4 != 0 {
			return bad("block length %d is not a multiple of 4 of at least 12", total)
		}
		if uint64(total) > uint64(len(data)-off) {
			if ifaces > 0 && typ != magicPcapng {
				*whole, *cutBlock = off, blk
				return nil
			}
			return bad("block length %d runs past the end of the file (truncated file?)", total)
		}
		end := off + int(total)
		if bo.Uint32(data[end-4:]) != total {
			return bad("trailing block length %d differs from the leading %d", bo.Uint32(data[end-4:]), total)
		}
		body := data[off+8 : end-4]
		switch typ {
		case magicPcapng: // Section Header Block
			if len(body) < 16 {
				return bad("section header too short")
			}
			if bo.Uint16(body[4:]) != 1 || bo.Uint16(body[6:]) != 0 {
				return bad("pcapng version %d.%d, want 1.0", bo.Uint16(body[4:]), bo.Uint16(body[6:]))
			}
			if err := checkOptions(body[16:], bo, nil); err != nil {
				return bad("%v", err)
			}
			ifaces, snaplens = 0, snaplens[:0]
		case 1: // Interface Description Block
			if ifaces < 0 {
				return bad("interface before any section header")
			}
			if len(body) < 8 {
				return bad("interface description too short")
			}
			if err := checkOptions(body[8:], bo, checkIfaceOption); err != nil {
				return bad("%v", err)
			}
			ifaces++
			snaplens = append(snaplens, bo.Uint32(body[4:]))
		case 6, 2: // Enhanced Packet Block, obsolete Packet Block
			if len(body) < 20 {
				return bad("packet block too short")
			}
			id := bo.Uint32(body)
			if typ == 2 {
				id = uint32(bo.Uint16(body))
			}
			if ifaces < 0 || id >= uint32(ifaces) {
				return bad("packet on interface %d, which the section does not describe", id)
			}
			if caplen := bo.Uint32(body[12:]); uint64(caplen) > uint64(len(body)-20) {
				return bad("captured length %d exceeds the block", caplen)
			}
		case 3: // Simple Packet Block
			if ifaces < 1 {
				return bad("simple packet before any interface")
			}
			if len(body) < 4 {
				return bad("simple packet block too short")
			}
			caplen := bo.Uint32(body)
			if s := snaplens[0]; s != 0 && caplen > s {
				caplen = s
			}
			if uint64(caplen) > uint64(len(body)-4) {
				return bad("packet length %d exceeds the block", caplen)
			}
		case 5: // Interface Statistics Block
			if len(body) < 12 {
				return bad("interface statistics block too short")
			}
			if err := checkOptions(body[12:], bo, nil); err != nil {
				return bad("%v", err)
			}
		default:
			if ifaces < 0 {
				return bad("block type 0x%x before any section header", typ)
			}
		}
		off = end
	}
	return nil
}

// checkOptions walks an option list (code, length, value padded to 4).
func checkOptions(b []byte, bo binary.ByteOrder, check func(code uint16, v []byte) error) error {
	for len(b) > 0 {
		if len(b) < 4 {
			return fmt.Errorf("truncated option header")
		}
		code, n := bo.Uint16(b), int(bo.Uint16(b[2:]))
		if code == 0 {
			if n != 0 {
				return fmt.Errorf("end-of-options option with length %d", n)
			}
			return nil
		}
		padded := (n + 3) &^ 3
		if len(b)-4 < padded {
			return fmt.Errorf("option %d of length %d runs past its block", code, n)
		}
		if check != nil {
			if err := check(code, b[4:4+n]); err != nil {
				return err
			}
		}
		b = b[4+padded:]
	}
	return nil
}

// checkIfaceOption rejects the interface options pcapgo would index or
// divide by without checking.
func checkIfaceOption(code uint16, v []byte) error {
	switch code {
	case 8: // if_filter: a type byte, then the filter
		if len(v) < 1 {
			return fmt.Errorf("empty if_filter option")
		}
	case 9: // if_tsresol
		if len(v) < 1 {
			return fmt.Errorf("empty if_tsresol option")
		}
		e := v[0] & 0x7f
		if v[0]&0x80 != 0 && e > 62 || v[0]&0x80 == 0 && e > 18 {
			return fmt.Errorf("if_tsresol 0x%02x out of range", v[0])
		}
	case 14: // if_tsoffset
		if len(v) < 8 {
			return fmt.Errorf("if_tsoffset option of %d bytes, want 8", len(v))
		}
	}
	return nil
}
