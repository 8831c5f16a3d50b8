// TNA externs: registers with RegisterAction initializer blocks, hashes over lists, random,
// counters, digests, and a Switch(Pipeline(...)) main whose blocks omit optional metadata.
#include <core.p4>
#include <tna.p4>

header kv_t { bit<32> key; bit<32> value; bit<8> op; }
struct headers_t { kv_t kv; }
struct metadata_t { bit<16> idx; bit<32> seen; bit<1> bloom; }
struct digest_t { bit<32> key; }

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.kv);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout metadata_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Hash<bit<16>>(HashAlgorithm_t.CRC16) hash;
    Register<bit<32>, bit<16>>(65536, 0) counts;
    RegisterAction<bit<32>, bit<16>, bit<32>>(counts) bump = {
        void apply(inout bit<32> value, out bit<32> rv) {
            rv = value;
            value = value + 1;
        }
    };
    Register<bit<1>, bit<16>>(65536) bloom;
    RegisterAction<bit<1>, bit<16>, bit<1>>(bloom) test_and_set = {
        void apply(inout bit<1> value, out bit<1> rv) {
            rv = value;
            value = 1;
        }
    };
    Random<bit<8>>() rnd;
    Counter<bit<32>, bit<16>>(1024, CounterType_t.PACKETS) hits;

    action forward(PortId_t port) { ig_tm_md.ucast_egress_port = port; }
    action drop() { ig_dprsr_md.drop_ctl = 1; }

    table route {
        key = { hdr.kv.key: exact; hdr.kv.op: ternary; }
        actions = { forward; drop; }
        default_action = drop();
        size = 1024;
    }

    apply {
        md.idx = hash.get({ hdr.kv.key, hdr.kv.op });
        md.seen = bump.execute(md.idx);
        md.bloom = test_and_set.execute(md.idx);
        hits.count(md.idx);
        if (rnd.get() < 8w16) {
            ig_dprsr_md.digest_type = 1;
        }
        route.apply();
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Digest<digest_t>() report;
    apply {
        if (ig_dprsr_md.digest_type == 1) {
            report.pack({ hdr.kv.key });
        }
        pkt.emit(hdr);
    }
}

parser EgParser(packet_in pkt, out headers_t hdr, out metadata_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout metadata_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply {}
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
