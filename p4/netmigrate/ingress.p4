/*
 * NetMigrate: the ingress control. Classifies the packet, looks up the migration
 * pair, derives the group id (client requests) or takes it from the packet (group
 * control), orders group transitions per thread (repeats skip the filters, early
 * ones are dropped), runs the four filters, decides source /
 * destination / double read, and advances a multi-key walk by one key.
 * Stage plan (Tofino 1, 12 stages): 0 classify, pair lookup, bucket hash, IPv4 route,
 * walk bitmap; 1 bucket mask, duplicate register; 2 group shift, duplicate check;
 * 3-6 filters; 7 decision; 8 redirect / mirror tables; 9 bridged header.
 */

#ifndef _NETMIGRATE_INGRESS_P4_
#define _NETMIGRATE_INGRESS_P4_

control NmIngress(
    inout nm_ingress_headers_t hdr,
    inout nm_ingress_metadata_t md,
    in ingress_intrinsic_metadata_t ig_intr_md,
    in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
    inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
    inout ingress_intrinsic_metadata_for_tm_t ig_tm_md)
{
    /* Drops and duplicates, for the run's report (§9: drops are counted). */
    Counter<bit<32>, bit<1>>(1, CounterType_t.PACKETS) no_route_drops;
    Counter<bit<32>, bit<1>>(1, CounterType_t.PACKETS) non_ipv4_drops;
    Counter<bit<32>, bit<1>>(1, CounterType_t.PACKETS) walk_limit_drops;
    Counter<bit<32>, bit<1>>(1, CounterType_t.PACKETS) forged_control_drops;
    Counter<bit<32>, nm_thread_id_t>(NM_THREAD_ENTRIES, CounterType_t.PACKETS) group_duplicates;
    Counter<bit<32>, nm_thread_id_t>(NM_THREAD_ENTRIES, CounterType_t.PACKETS) group_early_drops;

    /* ---- IPv4 routing ---- */

    action set_egress_port(PortId_t port) {
        ig_tm_md.ucast_egress_port = port;
        ig_dprsr_md.drop_ctl = 0;
    }

    action route_miss() {
        ig_dprsr_md.drop_ctl = 1;
        no_route_drops.count(0);
    }

    table ipv4_route {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { set_egress_port; route_miss; }
        default_action = route_miss();
        size = NM_ROUTE_TABLE_SIZE;
    }

    /* ---- What the packet is ---- */

    action classify(nm_kind_t kind, bit<1> is_multi, nm_filter_op_t filter_op) {
        md.kind = kind;
        md.is_multi = is_multi;
        md.filter_op = filter_op;
    }

    /* Group control packets name their filter namespace themselves: the source sends
     * them to the destination shard. A packet covers the run of `group_count` groups from
     * a = group_id; pass p (walk_pass, 0 on the source's packet) applies group a + p. The
     * transition token orders a thread's transitions: START of the run's group a + p is
     * 2a + p, its COMPLETE 2a + count + p, so a thread that moves runs [a, a+k), [a+k, ...)
     * sends tokens that count up by one, pass by pass (with runs of one group: START(g) = 2g,
     * COMPLETE(g) = 2g + 1; see the transition-order register below). */
    action classify_group_start() {
        md.kind = NM_KIND_GROUP;
        md.filter_op = NM_FILTER_START;
        md.shard_addr = hdr.ipv4.dst_addr;
        md.shard_port = hdr.mg.db_port;
        md.group_id = hdr.group.group_id + (bit<32>) md.walk_pass;
        md.dedup_token = (hdr.group.group_id[30:0] ++ 1w0) + (bit<32>) md.walk_pass;
    }

    action classify_group_complete() {
        md.kind = NM_KIND_GROUP;
        md.filter_op = NM_FILTER_COMPLETE;
        md.shard_addr = hdr.ipv4.dst_addr;
        md.shard_port = hdr.mg.db_port;
        md.group_id = hdr.group.group_id + (bit<32>) md.walk_pass;
        md.dedup_token = (hdr.group.group_id[30:0] ++ 1w0) + (bit<32>) hdr.group.group_count + (bit<32>) md.walk_pass;
    }

    action classify_pair_control() {
        md.kind = NM_KIND_PAIR;
        ig_dprsr_md.digest_type = NM_DIGEST_PAIR;
    }

    table classify_op {
        key = { hdr.mg.op : exact; }
        actions = {
            classify;
            classify_group_start;
            classify_group_complete;
            classify_pair_control;
        }
        const entries = {
            NM_OP_READ           : classify(NM_KIND_READ, 0, NM_FILTER_READ);
            NM_OP_MULTI_READ     : classify(NM_KIND_READ, 1, NM_FILTER_READ);
            NM_OP_WRITE          : classify(NM_KIND_WRITE, 0, NM_FILTER_READ);
            NM_OP_DELETE         : classify(NM_KIND_WRITE, 0, NM_FILTER_READ);
            NM_OP_MULTI_WRITE    : classify(NM_KIND_WRITE, 1, NM_FILTER_READ);
            NM_OP_MULTI_DELETE   : classify(NM_KIND_WRITE, 1, NM_FILTER_READ);
            NM_OP_GROUP_START    : classify_group_start();
            NM_OP_GROUP_COMPLETE : classify_group_complete();
            NM_OP_INIT           : classify_pair_control();
            NM_OP_TERMINATE      : classify_pair_control();
        }
        const default_action = classify(NM_KIND_OTHER, 0, NM_FILTER_NONE);
        size = 16;
    }

    /* ---- Who may send migration control (docs/netmigrate.md §9, "Trust") ----
     * INIT, MIGRATE, TERMINATE, GROUP_* and their replies are accepted only from the
     * ports of the servers the controller registered; from any other port they are
     * dropped before they reach a filter, a register or the controller's digest. */

    action migration_peer() {
        md.untrusted = 0;
    }

    action untrusted_port() {
        md.untrusted = 1;
    }

    table migration_peers {
        key = { ig_intr_md.ingress_port : exact; }
        actions = { migration_peer; @defaultonly untrusted_port; }
        const default_action = untrusted_port();
        size = NM_PEER_TABLE_SIZE;
    }

    /* Leaves md.kind alone (so this adds no stage): the filters see no operation, the
     * controller no digest, and the duplicate register is not touched (see apply). */
    action drop_forged_control() {
        ig_dprsr_md.drop_ctl = 1;
        ig_dprsr_md.digest_type = 0;
        md.filter_op = NM_FILTER_NONE;
        forged_control_drops.count(0);
    }

    /* ---- Migration pair: (shard IPv4, dbPort) -> destination shard ---- */

    action set_migration_pair(mac_addr_t dst_mac, ipv4_addr_t dst_addr, bit<16> dst_port,
                              bit<8> size_exp, bit<8> remain_exp) {
        md.pair_state = NM_PAIR_MIGRATING;
        md.dst_mac = dst_mac;
        md.dst_addr = dst_addr;
        md.dst_port = dst_port;
        md.size_exp = size_exp;
        md.remain_exp = remain_exp;
    }

    /* After TERMINATE (§9): the same rewrite for every request, no filters. */
    action set_shard_redirect(mac_addr_t dst_mac, ipv4_addr_t dst_addr, bit<16> dst_port) {
        md.pair_state = NM_PAIR_REDIRECT;
        md.dst_mac = dst_mac;
        md.dst_addr = dst_addr;
        md.dst_port = dst_port;
    }

    /* The all-ones sentinels of the artifact, kept for traces. */
    action no_migration() {
        md.pair_state = NM_PAIR_NONE;
        md.dst_mac = 0xFFFFFFFFFFFF;
        md.dst_addr = 0xFFFFFFFF;
        md.dst_port = 0xFFFF;
    }

    table migration_pair {
        key = {
            hdr.ipv4.dst_addr : exact;
            hdr.mg.db_port    : exact;
        }
        actions = {
            set_migration_pair;
            set_shard_redirect;
            @defaultonly no_migration;
        }
        const default_action = no_migration();
        size = NM_PAIR_TABLE_SIZE;
    }

    /* ---- Group id of a client request ---- */

    /* CRC-64 as Redis computes it (reflected, init 0, xor-out 0); msb = false keeps
     * the low 32 bits, which is all the bucket index ever uses. */
    CRCPolynomial<bit<64>>(0xAD93D23594C935A9, true, false, false, 0, 0) crc64_redis;
    Hash<bit<32>>(HashAlgorithm_t.CUSTOM, crc64_redis) bucket_hash;

    /* bucket & (2^size_exp - 1): the dictionary's bucket index. A table because the
     * mask depends on a run-time exponent and the target has no variable shifts. */
    action mask_bucket(bit<32> mask) {
        md.bucket_masked = md.bucket & mask;
    }

    table dict_mask {
        key = { md.size_exp : exact; }
        actions = { mask_bucket; }
        const entries = {
            0  : mask_bucket(0x00000000);
            1  : mask_bucket(0x00000001);
            2  : mask_bucket(0x00000003);
            3  : mask_bucket(0x00000007);
            4  : mask_bucket(0x0000000F);
            5  : mask_bucket(0x0000001F);
            6  : mask_bucket(0x0000003F);
            7  : mask_bucket(0x0000007F);
            8  : mask_bucket(0x000000FF);
            9  : mask_bucket(0x000001FF);
            10 : mask_bucket(0x000003FF);
            11 : mask_bucket(0x000007FF);
            12 : mask_bucket(0x00000FFF);
            13 : mask_bucket(0x00001FFF);
            14 : mask_bucket(0x00003FFF);
            15 : mask_bucket(0x00007FFF);
            16 : mask_bucket(0x0000FFFF);
            17 : mask_bucket(0x0001FFFF);
            18 : mask_bucket(0x0003FFFF);
            19 : mask_bucket(0x0007FFFF);
            20 : mask_bucket(0x000FFFFF);
            21 : mask_bucket(0x001FFFFF);
            22 : mask_bucket(0x003FFFFF);
            23 : mask_bucket(0x007FFFFF);
            24 : mask_bucket(0x00FFFFFF);
            25 : mask_bucket(0x01FFFFFF);
            26 : mask_bucket(0x03FFFFFF);
            27 : mask_bucket(0x07FFFFFF);
            28 : mask_bucket(0x0FFFFFFF);
            29 : mask_bucket(0x1FFFFFFF);
            30 : mask_bucket(0x3FFFFFFF);
            31 : mask_bucket(0x7FFFFFFF);
            32 : mask_bucket(0xFFFFFFFF);
        }
        const default_action = mask_bucket(0xFFFFFFFF);
        size = 64;
    }

    /* >> remain_exp: one action per shift amount (shifts must be constants). */
    action group_shift_0()  { md.group_id = md.bucket_masked; }
    action group_shift_1() { md.group_id = md.bucket_masked >> 1; }
    action group_shift_2() { md.group_id = md.bucket_masked >> 2; }
    action group_shift_3() { md.group_id = md.bucket_masked >> 3; }
    action group_shift_4() { md.group_id = md.bucket_masked >> 4; }
    action group_shift_5() { md.group_id = md.bucket_masked >> 5; }
    action group_shift_6() { md.group_id = md.bucket_masked >> 6; }
    action group_shift_7() { md.group_id = md.bucket_masked >> 7; }
    action group_shift_8() { md.group_id = md.bucket_masked >> 8; }
    action group_shift_9() { md.group_id = md.bucket_masked >> 9; }
    action group_shift_10() { md.group_id = md.bucket_masked >> 10; }
    action group_shift_11() { md.group_id = md.bucket_masked >> 11; }
    action group_shift_12() { md.group_id = md.bucket_masked >> 12; }
    action group_shift_13() { md.group_id = md.bucket_masked >> 13; }
    action group_shift_14() { md.group_id = md.bucket_masked >> 14; }
    action group_shift_15() { md.group_id = md.bucket_masked >> 15; }
    action group_shift_16() { md.group_id = md.bucket_masked >> 16; }
    action group_shift_17() { md.group_id = md.bucket_masked >> 17; }
    action group_shift_18() { md.group_id = md.bucket_masked >> 18; }
    action group_shift_19() { md.group_id = md.bucket_masked >> 19; }
    action group_shift_20() { md.group_id = md.bucket_masked >> 20; }
    action group_shift_21() { md.group_id = md.bucket_masked >> 21; }
    action group_shift_22() { md.group_id = md.bucket_masked >> 22; }
    action group_shift_23() { md.group_id = md.bucket_masked >> 23; }
    action group_shift_24() { md.group_id = md.bucket_masked >> 24; }
    action group_shift_25() { md.group_id = md.bucket_masked >> 25; }
    action group_shift_26() { md.group_id = md.bucket_masked >> 26; }
    action group_shift_27() { md.group_id = md.bucket_masked >> 27; }
    action group_shift_28() { md.group_id = md.bucket_masked >> 28; }
    action group_shift_29() { md.group_id = md.bucket_masked >> 29; }
    action group_shift_30() { md.group_id = md.bucket_masked >> 30; }
    action group_shift_31() { md.group_id = md.bucket_masked >> 31; }

    table group_shift {
        key = { md.remain_exp : exact; }
        actions = {
            group_shift_0;
            group_shift_1;
            group_shift_2;
            group_shift_3;
            group_shift_4;
            group_shift_5;
            group_shift_6;
            group_shift_7;
            group_shift_8;
            group_shift_9;
            group_shift_10;
            group_shift_11;
            group_shift_12;
            group_shift_13;
            group_shift_14;
            group_shift_15;
            group_shift_16;
            group_shift_17;
            group_shift_18;
            group_shift_19;
            group_shift_20;
            group_shift_21;
            group_shift_22;
            group_shift_23;
            group_shift_24;
            group_shift_25;
            group_shift_26;
            group_shift_27;
            group_shift_28;
            group_shift_29;
            group_shift_30;
            group_shift_31;
        }
        const entries = {
            0  : group_shift_0();
            1  : group_shift_1();
            2  : group_shift_2();
            3  : group_shift_3();
            4  : group_shift_4();
            5  : group_shift_5();
            6  : group_shift_6();
            7  : group_shift_7();
            8  : group_shift_8();
            9  : group_shift_9();
            10 : group_shift_10();
            11 : group_shift_11();
            12 : group_shift_12();
            13 : group_shift_13();
            14 : group_shift_14();
            15 : group_shift_15();
            16 : group_shift_16();
            17 : group_shift_17();
            18 : group_shift_18();
            19 : group_shift_19();
            20 : group_shift_20();
            21 : group_shift_21();
            22 : group_shift_22();
            23 : group_shift_23();
            24 : group_shift_24();
            25 : group_shift_25();
            26 : group_shift_26();
            27 : group_shift_27();
            28 : group_shift_28();
            29 : group_shift_29();
            30 : group_shift_30();
            31 : group_shift_31();
        }
        const default_action = group_shift_0();
        size = 32;
    }

    /* ---- Repeated and early group transitions (§9) ----
     * Per migration thread, the token of the next transition the filters may apply (0: the
     * thread has applied none since the controller last reset the register). A thread's
     * tokens count up by one, so every transition is applied once and in the thread's order:
     *   token == next (or a fresh thread): apply it; next = token + 1;
     *   token <  next: a repeat of a transition already applied (a retransmission, however
     *                  late): forward it (the destination answers it again), filters alone;
     *   token >  next: it overtook an earlier transition of its thread that has not arrived
     *                  (lost or reordered): drop it, the source resends it after the earlier one.
     * This lets a thread send COMPLETE(g) and START(g+1) together (docs/migration-protocols.md
     * "Pipelined transitions"). One stateful ALU with two conditions (fresh, expected); the
     * repeat/early split compares the old value in the next stage. */
    Register<bit<32>, nm_thread_id_t>(NM_THREAD_ENTRIES, 0) group_next_transition;

    RegisterAction<bit<32>, nm_thread_id_t, bit<32>>(group_next_transition) order_transition = {
        void apply(inout bit<32> value, out bit<32> rv) {
            rv = value;
            if (value == 0 || value == md.dedup_token) {
                value = md.dedup_token + 1;
            }
        }
    };

    action skip_duplicate() {
        md.filter_op = NM_FILTER_NONE;
        group_duplicates.count(hdr.group.thread_id);
    }

    action drop_early_transition() {
        ig_dprsr_md.drop_ctl = 1;
        md.filter_op = NM_FILTER_NONE;
        group_early_drops.count(hdr.group.thread_id);
    }

    /* A run of groups with passes left goes round again for the next group: the source's
     * packet reaches the destination (which answers it) only after its last pass, so a
     * reply says every group of the run was applied. A repeat walks too, group by group:
     * it may be forwarded only once its last group is applied (by the original). */
    action recirculate_group_run() {
        ig_tm_md.ucast_egress_port = NM_RECIRC_PORT;
        md.group_walk = 1;
    }

    /* ---- The filters ---- */
    GroupFilter1() filter_1;
    GroupFilter2() filter_2;
    GroupFilter3() filter_3;
    GroupFilter4() filter_4;

    /* ---- Redirect and double read ---- */

    /* Egress rewrites the headers; the port is the destination server's. */
    action redirect_to_destination(PortId_t port) {
        ig_tm_md.ucast_egress_port = port;
        ig_dprsr_md.drop_ctl = 0;
        md.redirect = 1;
    }

    table redirect_route {
        key = { md.dst_addr : lpm; }
        actions = { redirect_to_destination; @defaultonly NoAction; }
        const default_action = NoAction();
        size = NM_ROUTE_TABLE_SIZE;
    }

    /* The original goes on to the source; the copy, made by the deparser, goes to the
     * destination through the session's port. An ingress mirror copies the packet as
     * received, so the flag set here reaches the original only; the egress sets it on
     * the copy (both halves carry it, as the client's merge expects). */
    action set_double_read(MirrorId_t session) {
        ig_dprsr_md.mirror_type = NM_MIRROR_TYPE_I2E;
        md.i2e_session = session;
        hdr.ver_s1.ver = hdr.ver_s1.ver | NM_VER_DOUBLE_READ;
    }

    table mirror_fwd {
        key = {
            hdr.ipv4.dst_addr : exact;
            hdr.mg.db_port    : exact;
        }
        actions = { set_double_read; @defaultonly NoAction; }
        const default_action = NoAction();
        size = NM_PAIR_TABLE_SIZE;
    }

    /* ---- Multi-key walk ---- */

    /* Clear the bitmap bit of the key served in this pass (the lowest set one). */
    action clear_key_bit(bit<8> keep) {
        hdr.bitmap.bitmap = hdr.bitmap.bitmap & keep;
    }

    table walk_next_key {
        key = { hdr.bitmap.bitmap : ternary; }
        actions = { clear_key_bit; @defaultonly NoAction; }
        const entries = {
            0x01 &&& 0x01 : clear_key_bit(0xFE);
            0x02 &&& 0x03 : clear_key_bit(0xFD);
            0x04 &&& 0x07 : clear_key_bit(0xFB);
            0x08 &&& 0x0F : clear_key_bit(0xF7);
        }
        const default_action = NoAction();
        size = 4;
    }

    action drop_walk_limit() {
        ig_dprsr_md.drop_ctl = 1;
        walk_limit_drops.count(0);
    }

    action drop_non_ipv4() {
        ig_dprsr_md.drop_ctl = 1;
        non_ipv4_drops.count(0);
    }

    action fill_bridged() {
        hdr.bridged.setValid();
        hdr.bridged.pkt_type = NM_PKT_NORMAL;
        hdr.bridged.walk = md.walk;
        hdr.bridged.redirect = md.redirect;
        hdr.bridged.group_walk = md.group_walk;
        hdr.bridged._pad = 0;
        hdr.bridged.walk_pass = md.walk_pass;
        hdr.bridged.dst_mac = md.dst_mac;
        hdr.bridged.dst_addr = md.dst_addr;
        hdr.bridged.dst_port = md.dst_port;
    }

    apply {
        /* A group run's passes are bounded by its count byte (at most 255), checked below. */
        if (hdr.recirc.isValid() && hdr.recirc.walk_pass >= NM_WALK_MAX_PASSES && !hdr.group.isValid()) {
            drop_walk_limit();
        } else {
            if (hdr.ipv4.isValid()) {
                ipv4_route.apply();
            } else {
                drop_non_ipv4();
            }

            if (hdr.mg.isValid()) {
                hdr.udp.checksum = 0;
                md.route = NM_ROUTE_SOURCE;
                classify_op.apply();
                migration_pair.apply();
                /* A recirculated pass was let in by its first pass; port 68 faces no host. */
                if (hdr.recirc.isValid()) {
                    migration_peer();
                } else {
                    migration_peers.apply();
                }
                if (md.untrusted == 1 && hdr.mg.op >= NM_OP_INIT && hdr.mg.op <= NM_OP_GROUP_COMPLETE_REPLY) {
                    drop_forged_control();
                }
                if (hdr.key_s1.isValid()) {
                    md.bucket = bucket_hash.get({ hdr.key_s1.key });
                }

                if (md.kind == NM_KIND_READ || md.kind == NM_KIND_WRITE) {
                    /* Clients address the source; the filters are named by the destination. */
                    md.shard_addr = md.dst_addr;
                    md.shard_port = md.dst_port;
                    if (md.pair_state == NM_PAIR_MIGRATING) {
                        dict_mask.apply();
                        group_shift.apply();
                    }
                } else if (md.kind == NM_KIND_GROUP && md.untrusted == 0) {
                    md.dedup_last = order_transition.execute(hdr.group.thread_id);
                    if (md.dedup_last != 0 && md.dedup_last != md.dedup_token) {
                        if (md.dedup_token < md.dedup_last) {
                            skip_duplicate();
                        } else {
                            drop_early_transition();
                        }
                    }
                    if (ig_dprsr_md.drop_ctl == 0 && md.walk_pass + 1 < hdr.group.group_count) {
                        recirculate_group_run();
                    }
                }

                filter_1.apply(md.shard_addr, md.shard_port, md.group_id, md.filter_op, md.bf_1, md.cbf_1);
                filter_2.apply(md.shard_addr, md.shard_port, md.group_id, md.filter_op, md.bf_2, md.cbf_2);
                filter_3.apply(md.shard_addr, md.shard_port, md.group_id, md.filter_op, md.bf_3, md.cbf_3);
                filter_4.apply(md.shard_addr, md.shard_port, md.group_id, md.filter_op, md.bf_4, md.cbf_4);

                /* docs/netmigrate.md §4 step 6. A counter of 0 proves the group is not in
                 * flight; only then may the Bloom filter say "migrated". */
                if (md.kind == NM_KIND_READ || md.kind == NM_KIND_WRITE) {
                    if (md.pair_state == NM_PAIR_REDIRECT) {
                        md.route = NM_ROUTE_DESTINATION;
                    } else if (md.pair_state == NM_PAIR_MIGRATING) {
                        if (md.cbf_1 == 0 || md.cbf_2 == 0 || md.cbf_3 == 0 || md.cbf_4 == 0) {
                            if (md.bf_1 == 1 && md.bf_2 == 1 && md.bf_3 == 1 && md.bf_4 == 1) {
                                md.route = NM_ROUTE_DESTINATION;
                            }
                        } else if (md.kind == NM_KIND_READ) {
                            md.route = NM_ROUTE_DOUBLE_READ;
                        } else {
                            md.route = NM_ROUTE_DESTINATION;
                        }
                    }
                }

                if (md.route == NM_ROUTE_DESTINATION) {
                    redirect_route.apply();
                } else if (md.route == NM_ROUTE_DOUBLE_READ) {
                    mirror_fwd.apply();
                }

                if (md.is_multi == 1) {
                    walk_next_key.apply();
                    if ((hdr.bitmap.bitmap & 0x0F) != 0) {
                        md.walk = 1;
                    }
                }
            }

            fill_bridged();
        }
    }
}

#endif /* _NETMIGRATE_INGRESS_P4_ */
