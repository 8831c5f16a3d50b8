// A v1model program of our own for the packet copies bmv2 makes (v1model.p4's clone,
// resubmit, recirculate and multicast documentation): hdr.h.b selects the operation; egress
// records what each copy saw (instance_type, egress_rid, the preserved and the reset
// metadata field) in the header (test/compiler/codegen/v1model.test.ts).

#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<8>  b;
    bit<16> c;
    bit<32> d;
}

struct headers_t {
    h_t h;
}

struct meta_t {
    @field_list(1)
    bit<8> kept;
    bit<8> lost;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.h);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control IG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (sm.instance_type == 0) {
            meta.kept = 0x11;
            meta.lost = 0x22;
        }
        if (hdr.h.b == 0x10) {
            hdr.h.b = 0x99;
            clone_preserving_field_list(CloneType.I2E, 5, 1);
        } else if (hdr.h.b == 0x12) {
            if (sm.instance_type == 0) {
                resubmit_preserving_field_list(1);
            } else {
                hdr.h.a = (bit<8>) sm.instance_type;
                hdr.h.c = meta.kept ++ meta.lost;
            }
        } else if (hdr.h.b == 0x13) {
            if (sm.instance_type == 4) {
                hdr.h.a = 4;
                hdr.h.c = meta.kept ++ meta.lost;
                hdr.h.d = (bit<32>) sm.ingress_port;
            }
        } else if (hdr.h.b == 0x14) {
            sm.mcast_grp = 7;
        } else if (hdr.h.b == 0x15) {
            sm.mcast_grp = 7;
            mark_to_drop(sm);
        } else if (hdr.h.b == 0x16) {
            sm.mcast_grp = 99;
        } else if (hdr.h.b == 0x18) {
            sm.mcast_grp = 8;
        }
    }
}

control EG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        if (hdr.h.b == 0x99 || hdr.h.b == 0x10) {
            hdr.h.c = meta.kept ++ meta.lost;
            hdr.h.d = sm.instance_type;
        } else if (hdr.h.b == 0x11) {
            hdr.h.c = meta.kept ++ meta.lost;
            hdr.h.d = sm.instance_type;
            if (sm.instance_type == 0) {
                clone_preserving_field_list(CloneType.E2E, 5, 1);
                hdr.h.a = 0x77;
            }
        } else if (hdr.h.b == 0x13) {
            if (hdr.h.a != 4) {
                recirculate_preserving_field_list(1);
            }
        } else if (hdr.h.b == 0x17) {
            recirculate_preserving_field_list(1);
        } else if (hdr.h.b == 0x14) {
            hdr.h.c = sm.egress_rid;
            hdr.h.d = sm.instance_type;
            hdr.h.a = (bit<8>) sm.egress_port;
        }
    }
}

control CC(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control DP(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.h);
    }
}

V1Switch(P(), VC(), IG(), EG(), CC(), DP()) main;
