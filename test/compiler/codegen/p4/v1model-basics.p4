// A v1model program of our own, written from v1model.p4's documentation: hdr.h.b selects
// what ingress and egress do, so one program covers forwarding, drops, parser errors,
// checksums, setValid, truncate, assert and log_msg (test/compiler/codegen/v1model.test.ts).

#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<8>  b;
    bit<16> c;
    bit<32> d;
}

header opt_t {
    bit<8> x;
}

struct headers_t {
    h_t   h;
    opt_t opt;
}

struct meta_t {
    bit<32> scratch;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.h);
        transition select(hdr.h.a) {
            0xff: reject;
            0x01: parse_opt;
            default: accept;
        }
    }
    state parse_opt {
        pkt.extract(hdr.opt);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) {
    apply {
        verify_checksum(hdr.h.isValid() && hdr.h.a == 0x0c, { hdr.h.a, hdr.h.b }, hdr.h.c, HashAlgorithm.csum16);
    }
}

control IG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        if (sm.parser_error == error.PacketTooShort) {
            sm.egress_spec = 9;
            return;
        }
        if (sm.parser_error == error.NoMatch) {
            hdr.h.b = 0xee;
            sm.egress_spec = 1;
            return;
        }
        if (sm.checksum_error == 1) {
            sm.egress_spec = 8;
            return;
        }
        if (hdr.h.b == 0x01) {
            sm.egress_spec = 3;
        } else if (hdr.h.b == 0x02) {
            sm.egress_spec = 1;
            mark_to_drop(sm);
        } else if (hdr.h.b == 0x03) {
            sm.egress_spec = 1;
        } else if (hdr.h.b == 0x04) {
            hdr.opt.setValid();
            sm.egress_spec = 1;
        } else if (hdr.h.b == 0x05) {
            truncate(10);
            sm.egress_spec = 1;
        } else if (hdr.h.b == 0x06) {
            assert(hdr.h.a == 0x42);
            sm.egress_spec = 1;
        } else if (hdr.h.b == 0x07) {
            log_msg("a={} b={}", { hdr.h.a, hdr.h.b });
            sm.egress_spec = 1;
        } else if (hdr.h.b == 0x08) {
            hdr.h.d = sm.packet_length;
            hdr.h.c = (bit<16>) sm.ingress_port;
            sm.egress_spec = 2;
        } else if (hdr.h.b == 0x0d) {
            sm.egress_spec = 1;
        }
    }
}

control EG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        if (hdr.h.b == 0x03) {
            mark_to_drop(sm);
        } else if (hdr.h.b == 0x08) {
            hdr.h.a = (bit<8>) sm.egress_port;
            hdr.h.b = (bit<8>) sm.egress_spec;
        }
    }
}

control CC(inout headers_t hdr, inout meta_t meta) {
    apply {
        update_checksum(hdr.h.a == 0x0d, { hdr.h.a, hdr.h.b }, hdr.h.c, HashAlgorithm.csum16);
    }
}

control DP(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.h);
        pkt.emit(hdr.opt);
    }
}

V1Switch(P(), VC(), IG(), EG(), CC(), DP()) main;
