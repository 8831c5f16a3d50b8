/*
 * NetMigrate: the egress control. Points double-read copies and redirected requests at
 * the destination shard, starts the walk copy of a multi-key request (E2E mirror to
 * the recirculation session, remembering the client's addresses), and readies a walk
 * copy or the next pass of a group run to re-enter ingress (addresses restored, pass
 * number in front).
 */

#ifndef _NETMIGRATE_EGRESS_P4_
#define _NETMIGRATE_EGRESS_P4_

control NmEgress(
    inout nm_egress_headers_t hdr,
    inout nm_egress_metadata_t md,
    in egress_intrinsic_metadata_t eg_intr_md,
    in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
    inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
    inout egress_intrinsic_metadata_for_output_port_t eg_oport_md)
{
    /* UDP ports are never changed: the destination listens on the source's port. */
    action rewrite_shard(mac_addr_t mac, ipv4_addr_t addr, bit<16> db_port) {
        hdr.ethernet.dst_addr = mac;
        hdr.ipv4.dst_addr = addr;
        hdr.mg.db_port = db_port;
    }

    /* The copy is taken after this packet's rewrite, so keep what the client sent. */
    action start_walk_copy(MirrorId_t session) {
        eg_dprsr_md.mirror_type = NM_MIRROR_TYPE_E2E;
        md.walk_session = session;
        md.next_pass = hdr.bridged.walk_pass + 1;
        md.orig_mac = hdr.ethernet.dst_addr;
        md.orig_addr = hdr.ipv4.dst_addr;
        md.orig_port = hdr.mg.db_port;
    }

    /* Keyless: the controller sets the recirculation session as the default action. */
    table walk_mirror {
        actions = { start_walk_copy; }
        default_action = start_walk_copy(1);
        size = 1;
    }

    /* The ingress cleared the served key's bitmap bit on the original after the mirror
     * took its copy: clear it on a multi-key double-read copy too, so both halves of the
     * double read say which key they answer (the bitmap bits still to come). */
    action copy_clear_key_bit(bit<8> keep) {
        hdr.bitmap.bitmap = hdr.bitmap.bitmap & keep;
    }

    table copy_next_key {
        key = { hdr.bitmap.bitmap : ternary; }
        actions = { copy_clear_key_bit; @defaultonly NoAction; }
        const entries = {
            0x01 &&& 0x01 : copy_clear_key_bit(0xFE);
            0x02 &&& 0x03 : copy_clear_key_bit(0xFD);
            0x04 &&& 0x07 : copy_clear_key_bit(0xFB);
            0x08 &&& 0x0F : copy_clear_key_bit(0xF7);
        }
        const default_action = NoAction();
        size = 4;
    }

    action prepare_recirculation() {
        hdr.recirc.setValid();
        hdr.recirc.pkt_type = NM_PKT_RECIRC;
        hdr.recirc.walk_pass = hdr.mirror_e2e.walk_pass;
    }

    /* The next pass of a group run: the packet itself re-enters ingress, unchanged. */
    action prepare_group_pass() {
        hdr.recirc.setValid();
        hdr.recirc.pkt_type = NM_PKT_RECIRC;
        hdr.recirc.walk_pass = hdr.bridged.walk_pass + 1;
    }

    apply {
        if (hdr.mirror_i2e.isValid()) {
            rewrite_shard(hdr.mirror_i2e.dst_mac, hdr.mirror_i2e.dst_addr, hdr.mirror_i2e.dst_port);
            /* An ingress mirror copies the packet as it arrived, before the ingress set the
             * flag on the original: set it on the copy too, so both halves carry it. */
            if (hdr.copy_ver.isValid()) {
                hdr.copy_ver.ver = hdr.copy_ver.ver | NM_VER_DOUBLE_READ;
                if (hdr.mg.op == NM_OP_MULTI_READ) {
                    copy_next_key.apply();
                }
            }
        } else if (hdr.mirror_e2e.isValid()) {
            rewrite_shard(hdr.mirror_e2e.orig_mac, hdr.mirror_e2e.orig_addr, hdr.mirror_e2e.orig_port);
            prepare_recirculation();
        } else if (hdr.bridged.isValid()) {
            if (hdr.bridged.group_walk == 1) {
                prepare_group_pass();
            }
            if (hdr.bridged.walk == 1) {
                walk_mirror.apply();
            }
            if (hdr.bridged.redirect == 1) {
                rewrite_shard(hdr.bridged.dst_mac, hdr.bridged.dst_addr, hdr.bridged.dst_port);
            }
        }
    }
}

#endif /* _NETMIGRATE_EGRESS_P4_ */
