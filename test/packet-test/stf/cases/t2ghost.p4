/*
 * p4ts STF test program (Tofino 2, compiled with --target tofino2): a ghost thread writing
 * queue lengths into two register copies chosen by the ping-pong bit, and ingress reading the
 * other copy for the same bit, as bf-p4c's ping-pong generation pairs them (docs/tna-semantics.md,
 * "Ghost thread"). A frame's `qid` byte picks the queue whose length ingress copies into
 * `level`; `pp` gets the ping-pong bit ingress saw. Every frame leaves by port 4.
 */

#include <core.p4>
#include <t2na.p4>

header probe_t { bit<8> qid; bit<8> pp; bit<32> level; }
struct headers_t { probe_t probe; }
struct md_t { }

Register<bit<32>, bit<11>>(2048) copy_a;
Register<bit<32>, bit<11>>(2048) copy_b;

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.probe);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md,
           in ghost_intrinsic_metadata_t gh_md) {
    RegisterAction<bit<32>, bit<11>, bit<32>>(copy_a) read_a = {
        void apply(inout bit<32> value, out bit<32> rv) { rv = value; }
    };
    RegisterAction<bit<32>, bit<11>, bit<32>>(copy_b) read_b = {
        void apply(inout bit<32> value, out bit<32> rv) { rv = value; }
    };
    apply {
        if (gh_md.ping_pong == 0) {
            hdr.probe.level = read_a.execute((bit<11>)hdr.probe.qid);
        } else {
            hdr.probe.level = read_b.execute((bit<11>)hdr.probe.qid);
        }
        hdr.probe.pp = (bit<8>)gh_md.ping_pong;
        ig_tm_md.ucast_egress_port = 4;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr.probe); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

control Ghost(in ghost_intrinsic_metadata_t md) {
    RegisterAction<bit<32>, bit<11>, bit<32>>(copy_a) write_a = {
        void apply(inout bit<32> value) { value = (bit<32>)md.qlength; }
    };
    RegisterAction<bit<32>, bit<11>, bit<32>>(copy_b) write_b = {
        void apply(inout bit<32> value) { value = (bit<32>)md.qlength; }
    };
    apply {
        if (md.ping_pong == 1) {
            write_a.execute(md.qid);
        } else {
            write_b.execute(md.qid);
        }
    }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser(), Ghost()) pipe;
Switch(pipe) main;
