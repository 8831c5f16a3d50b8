// A Tofino 2 (T2NA) program of ours with a ghost thread: ingress picks the egress port and
// queue from the Ethernet source address; the ghost control counts the queue updates it
// receives per queue id in a register shared with ingress, which copies the count for its
// own queue into the destination address. Compiled with --target tofino2 by ghost.test.ts.
#include <core.p4>
#include <t2na.p4>

header eth_t { bit<48> dst; bit<40> src_hi; bit<8> port; bit<16> type; }
struct headers_t { eth_t eth; }
struct md_t { }

Register<bit<32>, bit<11>>(2048) updates;

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md,
           in ghost_intrinsic_metadata_t gh_md) {
    RegisterAction<bit<32>, bit<11>, bit<32>>(updates) read_updates = {
        void apply(inout bit<32> value, out bit<32> rv) { rv = value; }
    };
    apply {
        ig_tm_md.ucast_egress_port = (PortId_t)hdr.eth.port;
        ig_tm_md.qid = (QueueId_t)hdr.eth.src_hi[6:0];
        hdr.eth.dst = (bit<48>)read_updates.execute((bit<11>)hdr.eth.src_hi[6:0]);
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr.eth); }
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
    RegisterAction<bit<32>, bit<11>, bit<32>>(updates) count_update = {
        void apply(inout bit<32> value) { value = value + 1 + (bit<32>)md.qlength; }
    };
    apply {
        if (md.pipe_id == 0) {
            count_update.execute(md.qid);
        }
    }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser(), Ghost()) pipe;
Switch(pipe) main;
