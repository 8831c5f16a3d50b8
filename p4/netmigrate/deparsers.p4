/*
 * NetMigrate: the deparsers. Ingress raises the INIT/TERMINATE digest, makes the
 * double-read copy (I2E mirror) and puts the bridged header in front of the packet;
 * egress makes the multi-key walk copy (E2E mirror to the recirculation session).
 * Both recompute the IPv4 header checksum (egress rewrites the destination address).
 */

#ifndef _NETMIGRATE_DEPARSERS_P4_
#define _NETMIGRATE_DEPARSERS_P4_

control NmIngressDeparser(
    packet_out pkt,
    inout nm_ingress_headers_t hdr,
    in nm_ingress_metadata_t md,
    in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md)
{
    Checksum() ipv4_checksum;
    Mirror(NM_MIRROR_TYPE_I2E) double_read_copy;
    Digest<nm_pair_digest_t>(NM_DIGEST_PAIR) pair_digest;

    apply {
        hdr.ipv4.hdr_checksum = ipv4_checksum.update({
            hdr.ipv4.version,
            hdr.ipv4.ihl,
            hdr.ipv4.diffserv,
            hdr.ipv4.total_len,
            hdr.ipv4.identification,
            hdr.ipv4.flags,
            hdr.ipv4.frag_offset,
            hdr.ipv4.ttl,
            hdr.ipv4.protocol,
            hdr.ipv4.src_addr,
            hdr.ipv4.dst_addr });

        if (ig_dprsr_md.mirror_type == NM_MIRROR_TYPE_I2E) {
            double_read_copy.emit<nm_mirror_i2e_h>(md.i2e_session, {
                NM_PKT_MIRROR_I2E, md.walk_pass, md.dst_mac, md.dst_addr, md.dst_port });
        }

        if (ig_dprsr_md.digest_type == NM_DIGEST_PAIR) {
            pair_digest.pack({
                hdr.mg.op,
                hdr.pair.src_addr,
                hdr.pair.src_port,
                hdr.pair.dst_addr,
                hdr.pair.dst_port,
                hdr.pair.size_exp,
                hdr.pair.remain_exp });
        }

        /* hdr.recirc is consumed here: its pass number travels on in the bridged header. */
        pkt.emit(hdr.bridged);
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.udp);
        pkt.emit(hdr.mg);
        pkt.emit(hdr.pair);
        pkt.emit(hdr.group);
        pkt.emit(hdr.bitmap);
        pkt.emit(hdr.ver_s1);
        pkt.emit(hdr.key_s1);
        pkt.emit(hdr.walk_ver_key);
        pkt.emit(hdr.walk_key);
        pkt.emit(hdr.walk_value);
    }
}

control NmEgressDeparser(
    packet_out pkt,
    inout nm_egress_headers_t hdr,
    in nm_egress_metadata_t md,
    in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md)
{
    Checksum() ipv4_checksum;
    Mirror(NM_MIRROR_TYPE_E2E) walk_copy;

    apply {
        hdr.ipv4.hdr_checksum = ipv4_checksum.update({
            hdr.ipv4.version,
            hdr.ipv4.ihl,
            hdr.ipv4.diffserv,
            hdr.ipv4.total_len,
            hdr.ipv4.identification,
            hdr.ipv4.flags,
            hdr.ipv4.frag_offset,
            hdr.ipv4.ttl,
            hdr.ipv4.protocol,
            hdr.ipv4.src_addr,
            hdr.ipv4.dst_addr });

        /* The copy is of the packet as emitted below, with the E2E header in front. */
        if (eg_dprsr_md.mirror_type == NM_MIRROR_TYPE_E2E) {
            walk_copy.emit<nm_mirror_e2e_h>(md.walk_session, {
                NM_PKT_MIRROR_E2E, md.next_pass, md.orig_mac, md.orig_addr, md.orig_port });
        }

        pkt.emit(hdr.recirc);
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.udp);
        pkt.emit(hdr.mg);
        pkt.emit(hdr.bitmap);
        pkt.emit(hdr.copy_ver);
        pkt.emit(hdr.copy_key);
        pkt.emit(hdr.copy_slots);
    }
}

#endif /* _NETMIGRATE_DEPARSERS_P4_ */
