/*
 * NetMigrate: one of the four filter pairs (a Bloom filter of completed groups and a
 * counting Bloom filter of groups in flight), as a control. This file is a template:
 * filters.p4 includes it once per filter after defining
 *   NM_FILTER_NAME      the control's name
 *   NM_FILTER_STAGE     the stage it is pinned to under NETMIGRATE_STAGE_PRAGMAS
 *   NM_FILTER_COEFF, NM_FILTER_REVERSED, NM_FILTER_INIT, NM_FILTER_XOR
 *                       the CRC-32 of this filter (docs/netmigrate.md §4)
 * so it deliberately has no include guard.
 *
 * Tofino rules it keeps: each register is touched by at most one register action per
 * packet (the table runs one action), every register action is a single stateful-ALU
 * update, and the index comes straight from the hash unit of the table's stage.
 */

control NM_FILTER_NAME(
    in ipv4_addr_t shard_addr,
    in bit<16> shard_port,
    in bit<32> group_id,
    in nm_filter_op_t filter_op,
    inout bit<1> bf_bit,
    inout int<8> cbf_count)
{
    /* msb = true: the index is the top NM_BF_INDEX_BITS bits of the CRC. */
    CRCPolynomial<bit<32>>(NM_FILTER_COEFF, NM_FILTER_REVERSED, true, false,
                           NM_FILTER_INIT, NM_FILTER_XOR) index_poly;
    Hash<nm_bf_index_t>(HashAlgorithm_t.CUSTOM, index_poly) index_hash;

    Register<bit<1>, nm_bf_index_t>(NM_BF_ENTRIES, 0) bloom_filter;
    Register<int<8>, nm_cbf_index_t>(NM_CBF_ENTRIES, 0) counting_filter;

    RegisterAction<bit<1>, nm_bf_index_t, bit<1>>(bloom_filter) bf_read = {
        void apply(inout bit<1> value, out bit<1> rv) {
            rv = value;
        }
    };
    RegisterAction<bit<1>, nm_bf_index_t, bit<1>>(bloom_filter) bf_set = {
        void apply(inout bit<1> value) {
            value = 1;
        }
    };
    RegisterAction<int<8>, nm_cbf_index_t, int<8>>(counting_filter) cbf_read = {
        void apply(inout int<8> value, out int<8> rv) {
            rv = value;
        }
    };
    RegisterAction<int<8>, nm_cbf_index_t, int<8>>(counting_filter) cbf_increment = {
        void apply(inout int<8> value) {
            value = value + 1;
        }
    };
    RegisterAction<int<8>, nm_cbf_index_t, int<8>>(counting_filter) cbf_decrement = {
        void apply(inout int<8> value) {
            value = value - 1;
        }
    };

    /* The CBF index is the low bits of the BF index (the artifact's derivation), so
     * both registers are addressed from one hash. */
    action read_filters() {
        nm_bf_index_t index = index_hash.get({ shard_addr, shard_port, group_id });
        bf_bit = bf_read.execute(index);
        cbf_count = cbf_read.execute(index[NM_CBF_INDEX_BITS - 1:0]);
    }

    action start_group() {
        nm_bf_index_t index = index_hash.get({ shard_addr, shard_port, group_id });
        cbf_increment.execute(index[NM_CBF_INDEX_BITS - 1:0]);
    }

    action complete_group() {
        nm_bf_index_t index = index_hash.get({ shard_addr, shard_port, group_id });
        cbf_decrement.execute(index[NM_CBF_INDEX_BITS - 1:0]);
        bf_set.execute(index);
    }

    NM_STAGE(NM_FILTER_STAGE)
    table access {
        key = { filter_op : exact; }
        actions = {
            read_filters;
            start_group;
            complete_group;
            @defaultonly NoAction;
        }
        const entries = {
            NM_FILTER_READ     : read_filters();
            NM_FILTER_START    : start_group();
            NM_FILTER_COMPLETE : complete_group();
        }
        const default_action = NoAction();
        size = 4;
    }

    apply {
        access.apply();
    }
}
