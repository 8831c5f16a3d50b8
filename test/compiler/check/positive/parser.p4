// Parsers: extract into headers and header stacks (next, last, lastIndex), select over
// tuples (in parentheses or braces) with masks, ranges, default and value sets, verify,
// lookahead and sub-parsers.
#include <core.p4>

header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header mpls_t { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }
header ipv4_t { bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len; bit<16> id; bit<3> flags; bit<13> frag; bit<8> ttl; bit<8> proto; bit<16> csum; bit<32> src; bit<32> dst; }
header opt_t { varbit<320> data; }
header_union ip_u { ipv4_t v4; }
struct headers_t { eth_t eth; mpls_t[4] mpls; ipv4_t ipv4; ip_u ip; opt_t opt; }
struct meta_t { bit<8> depth; bit<32> last_index; }

error { BadVersion }

parser Sub(packet_in pkt, inout headers_t hdr) {
    state start {
        pkt.extract(hdr.ipv4);
        transition accept;
    }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta) {
    value_set<bit<16>>(4) custom_types;
    Sub() sub;
    bit<8> counter = 0;
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.type) {
            0x8847: parse_mpls;
            0x0800 &&& 0xFFFF: parse_ipv4;
            0x9000 .. 0x90FF: accept;
            custom_types: accept;
            default: reject;
        }
    }
    state parse_mpls {
        pkt.extract(hdr.mpls.next);
        meta.depth = meta.depth + 1;
        meta.last_index = hdr.mpls.lastIndex;
        transition select(hdr.mpls.last.bos, hdr.mpls.last.ttl) {
            (1w0, _): parse_mpls;
            { 1w1, 8w255 }: parse_ipv4;
            (1, 8w0 .. 8w10): parse_sub;
            (1, _): parse_ipv4;
        }
    }
    state parse_sub {
        sub.apply(pkt, hdr);
        transition accept;
    }
    state parse_ipv4 {
        bit<4> version = pkt.lookahead<bit<4>>();
        verify(version == 4, error.BadVersion);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.opt, (bit<32>)(hdr.ipv4.ihl - 5) * 32);
        hdr.ip.v4 = hdr.ipv4;
        counter = counter + 1;
        transition select(hdr.ipv4.proto, hdr.ipv4.ttl) {
            (6, 0): reject;
            default: accept;
        }
    }
}

control D(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.mpls);
        pkt.emit(hdr.ip);
        pkt.emit(hdr);
    }
}
