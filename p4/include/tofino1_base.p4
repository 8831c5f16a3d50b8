/*
 * p4ts: the portable part of TNA: parser error flags, enums, extra match kinds and
 * errors, the intrinsic metadata of both gresses, packet-generator and PTP headers,
 * and every extern (checksum, parser counter, hash, random, counters, meters, LPF,
 * WRED, registers and register actions, action profiles and selectors, mirror,
 * resubmit, digest, ATCAM/ALPM). Signature-compatible with the public tofino1_base.p4;
 * the widths of identifiers come from tofino1_specs.p4 or tofino2_specs.p4.
 */

#ifndef _TOFINO1_P4_BASE_
#define _TOFINO1_P4_BASE_

/* Programs compare the compiler version against packed triples. */
#define PACK_VERSION(a, b, c) (((a) << 24) + ((b) << 12) + (c))
#define COMPILER_VERSION PACK_VERSION(__p4c_major__, __p4c_minor__, __p4c_patchlevel__)

#include <core.p4>

/* ---- Parser error flags (bits of ig/eg_intr_md_from_prsr.parser_err) ---- */
@noWarn("unused")
const bit<16> PARSER_ERROR_OK           = 16w0x0000;
@noWarn("unused")
const bit<16> PARSER_ERROR_NO_MATCH     = 16w0x0001;
@noWarn("unused")
const bit<16> PARSER_ERROR_PARTIAL_HDR  = 16w0x0002;
@noWarn("unused")
const bit<16> PARSER_ERROR_CTR_RANGE    = 16w0x0004;
@noWarn("unused")
const bit<16> PARSER_ERROR_TIMEOUT_USER = 16w0x0008;
@noWarn("unused")
const bit<16> PARSER_ERROR_TIMEOUT_HW   = 16w0x0010;
@noWarn("unused")
const bit<16> PARSER_ERROR_SRC_EXT      = 16w0x0020;
@noWarn("unused")
const bit<16> PARSER_ERROR_DST_CONT     = 16w0x0040;
@noWarn("unused")
const bit<16> PARSER_ERROR_PHV_OWNER    = 16w0x0080;
@noWarn("unused")
const bit<16> PARSER_ERROR_MULTIWRITE   = 16w0x0100;
@noWarn("unused")
const bit<16> PARSER_ERROR_ARAM_MBE     = 16w0x0400;
@noWarn("unused")
const bit<16> PARSER_ERROR_FCS          = 16w0x0800;

/* ---- Enums ---- */
enum MeterType_t { PACKETS, BYTES }

/* Colors are numbered as the hardware encodes them (2 is unused). */
enum bit<8> MeterColor_t { GREEN = 8w0, YELLOW = 8w1, RED = 8w3 }

enum CounterType_t {
    PACKETS,
    BYTES,
    PACKETS_AND_BYTES
}

enum SelectorMode_t { FAIR, RESILIENT }

enum HashAlgorithm_t {
    IDENTITY,
    RANDOM,
    XOR8,
    XOR16,
    XOR32,
    CRC8,
    CRC16,
    CRC32,
    CRC64,
    CUSTOM,     /* the polynomial comes from a CRCPolynomial instance */
    CSUM16      /* older SDEs: the only algorithm the Checksum extern took */
}

/* exact, ternary and lpm come from core.p4. */
match_kind {
    atcam_partition_index   /* partition key of an algorithmic TCAM table */
}
#ifdef _P4TS_TOFINO2_
/* Tofino 2: the keys of a d-left hash table that learns in the data plane (LearnAction). */
match_kind {
    dleft_hash
}
#endif

/* Shared with v1model.p4 and psa.p4, which a program may include beside this (see there). */
#ifndef __P4TS_MATCH_KINDS_RANGE_SELECTOR__
#define __P4TS_MATCH_KINDS_RANGE_SELECTOR__
match_kind {
    range,
    selector                /* member selection in an ActionSelector */
}
#endif

/* NoError ... ParserTimeout come from core.p4. */
error {
    CounterRange,   /* a ParserCounter was loaded out of range */
    Timeout,
    PhvOwner,       /* the parser wrote a container it does not own */
    MultiWrite,
    IbufOverflow,
    IbufUnderflow
}

/* ---- Ingress intrinsic metadata ---- */

/* Prepended by the hardware to every packet that enters the ingress parser (64 bits). */
@__intrinsic_metadata
header ingress_intrinsic_metadata_t {
    bit<1> resubmit_flag;           /* 1 on a resubmitted packet */
    @padding bit<1> _pad1;
    bit<2> packet_version;
    @padding bit<(4 - PORT_ID_WIDTH % 8)> _pad2;
    PortId_t ingress_port;
    bit<48> ingress_mac_tstamp;     /* ns, taken by the ingress MAC */
}

/* What ingress tells the traffic manager. */
@__intrinsic_metadata
struct ingress_intrinsic_metadata_for_tm_t {
    PortId_t ucast_egress_port;
    bit<1> bypass_egress;           /* skip the egress pipeline */
    bit<1> deflect_on_drop;
    bit<3> ingress_cos;
    QueueId_t qid;
    bit<3> icos_for_copy_to_cpu;
    bit<1> copy_to_cpu;
    bit<2> packet_color;
    bit<1> disable_ucast_cutthru;
    bit<1> enable_mcast_cutthru;
    MulticastGroupId_t mcast_grp_a; /* non-zero: replicate through this group */
    MulticastGroupId_t mcast_grp_b;
    bit<13> level1_mcast_hash;
    bit<13> level2_mcast_hash;
    L1ExclusionId_t level1_exclusion_id;
    L2ExclusionId_t level2_exclusion_id;
    bit<16> rid;
}

/* What the ingress parser reports to the ingress control. */
@__intrinsic_metadata
struct ingress_intrinsic_metadata_from_parser_t {
    bit<48> global_tstamp;
    bit<32> global_ver;
    bit<16> parser_err;             /* PARSER_ERROR_* flags */
}

#ifdef _P4TS_TOFINO2_
/* Tofino 2 deparsers (both gresses) also choose where a mirror copy goes and may truncate. */
#define TOFINO2_MIRROR_AND_TRUNCATION_FIELDS \
    bit<1> mirror_io_select;        /* 0: mirror the packet as received, 1: as deparsed */ \
    bit<13> mirror_hash; \
    bit<3> mirror_ingress_cos; \
    bit<1> mirror_deflect_on_drop; \
    bit<1> mirror_multicast_ctrl; \
    PortId_t mirror_egress_port; \
    QueueId_t mirror_qid; \
    bit<8> mirror_coalesce_length; \
    bit<32> adv_flow_ctl; \
    bit<14> mtu_trunc_len; \
    bit<1> mtu_trunc_err_f;
#endif

/* What the ingress control asks of the ingress deparser. */
@__intrinsic_metadata
struct ingress_intrinsic_metadata_for_deparser_t {
    bit<3> drop_ctl;                /* bit 0: drop; bit 1: no copy to CPU */
    DigestType_t digest_type;       /* selects the Digest whose pack() runs */
    ResubmitType_t resubmit_type;   /* selects the Resubmit whose emit() runs */
    MirrorType_t mirror_type;       /* selects the Mirror whose emit() runs */
#ifdef _P4TS_TOFINO2_
    TOFINO2_MIRROR_AND_TRUNCATION_FIELDS
    bit<1> pktgen;                  /* Tofino 2: the deparser triggers the packet generator */
    bit<14> pktgen_address;
    bit<10> pktgen_length;
#endif
}

/* ---- Egress intrinsic metadata ---- */


/* Prepended by the traffic manager to every packet that enters the egress parser. */
@__intrinsic_metadata
header egress_intrinsic_metadata_t {
    @padding bit<(8 - PORT_ID_WIDTH % 8)> _pad0;
    PortId_t egress_port;
    @padding bit<5> _pad1;
    bit<19> enq_qdepth;
    @padding bit<6> _pad2;
    bit<2> enq_congest_stat;
#ifdef _P4TS_TOFINO2_
    bit<32> enq_tstamp;             /* Tofino 2: the full 32 bits */
#else
    @padding bit<14> _pad3;
    bit<18> enq_tstamp;
#endif
    @padding bit<5> _pad4;
    bit<19> deq_qdepth;
    @padding bit<6> _pad5;
    bit<2> deq_congest_stat;
    bit<8> app_pool_congest_stat;
#ifdef _P4TS_TOFINO2_
    bit<32> deq_timedelta;
#else
    @padding bit<14> _pad6;
    bit<18> deq_timedelta;
#endif
    bit<16> egress_rid;             /* replication id of a multicast copy */
    @padding bit<7> _pad7;
    bit<1> egress_rid_first;
    @padding bit<(8 - QUEUE_ID_WIDTH % 8)> _pad8;
    QueueId_t egress_qid;
    @padding bit<5> _pad9;
    bit<3> egress_cos;
    @padding bit<7> _pad10;
    bit<1> deflection_flag;
    bit<16> pkt_length;             /* bytes */
#ifdef _P4TS_TOFINO2_
    @padding bit<8> _pad11;         /* Tofino 2 pads the header to a 4-byte multiple */
#endif
}

@__intrinsic_metadata
struct egress_intrinsic_metadata_from_parser_t {
    bit<48> global_tstamp;
    bit<32> global_ver;
    bit<16> parser_err;
}

@__intrinsic_metadata
struct egress_intrinsic_metadata_for_deparser_t {
    bit<3> drop_ctl;                /* bit 0: drop; bit 2: no mirror */
    MirrorType_t mirror_type;
    bit<1> coalesce_flush;
    bit<7> coalesce_length;
#ifdef _P4TS_TOFINO2_
    TOFINO2_MIRROR_AND_TRUNCATION_FIELDS
#endif
}

@__intrinsic_metadata
struct egress_intrinsic_metadata_for_output_port_t {
    bit<1> capture_tstamp_on_tx;    /* PTP: timestamp the departure */
    bit<1> update_delay_on_tx;      /* PTP transparent clock update */
}

/* ---- Packet generator headers (what a generated packet starts with) ---- */
#ifdef _P4TS_TOFINO2_
/* Tofino 2: 16 applications (a 4-bit app_id); recirculation and deparser triggers carry a
 * batch id, and 16 bytes of the trigger packet (or of Pktgen.emit) follow the header. */
header pktgen_timer_header_t {
    @padding bit<2> _pad1;
    bit<2> pipe_id;
    bit<4> app_id;
    @padding bit<8> _pad2;
    bit<16> batch_id;
    bit<16> packet_id;
}

header pktgen_port_down_header_t {
    @padding bit<2> _pad1;
    bit<2> pipe_id;
    bit<4> app_id;
    @padding bit<(16 - PORT_ID_WIDTH % 8)> _pad2;
    PortId_t port_num;
    bit<16> packet_id;
}

header pktgen_recirc_header_t {
    @padding bit<2> _pad1;
    bit<2> pipe_id;
    bit<4> app_id;
    @padding bit<8> _pad2;
    bit<16> batch_id;
    bit<16> packet_id;
}

header pktgen_deparser_header_t {
    @padding bit<2> _pad1;
    bit<2> pipe_id;
    bit<4> app_id;
    @padding bit<8> _pad2;
    bit<16> batch_id;
    bit<16> packet_id;
}

header pktgen_pfc_header_t {
    @padding bit<2> _pad1;
    bit<2> pipe_id;
    bit<4> app_id;
    @padding bit<40> _pad2;
}

/* The ingress deparser's context for a deparser-triggered application (pktgen = 1 in the
 * deparser metadata): 16 bytes the generated packets carry after their header. */
extern Pktgen {
    Pktgen();
    void emit<T>(in T hdr);
}
#else
header pktgen_timer_header_t {
    @padding bit<3> _pad1;
    bit<2> pipe_id;
    bit<3> app_id;
    @padding bit<8> _pad2;
    bit<16> batch_id;
    bit<16> packet_id;
}

header pktgen_port_down_header_t {
    @padding bit<3> _pad1;
    bit<2> pipe_id;
    bit<3> app_id;
    @padding bit<(16 - PORT_ID_WIDTH % 8)> _pad2;
    PortId_t port_num;
    bit<16> packet_id;
}

header pktgen_recirc_header_t {
    @padding bit<3> _pad1;
    bit<2> pipe_id;
    bit<3> app_id;
    bit<24> key;
    bit<16> packet_id;
}
#endif

/* ---- PTP: what the egress MAC needs to patch a sync message ---- */
header ptp_metadata_t {
    bit<8> udp_cksum_byte_offset;
    bit<8> cf_byte_offset;
    bit<48> updated_cf;
}

/* ---- Checksum: 16-bit ones' complement (Internet checksum) engine ---- */
/* The older SDE declared `Checksum<W>(HashAlgorithm_t.CSUM16)`: the checker accepts (and drops)
 * type arguments on an extern marked @legacy_type_args; W was always bit<16>. */
@legacy_type_args
extern Checksum {
    Checksum();
    Checksum(HashAlgorithm_t algorithm);
    /* Parser: accumulate (byte-aligned) fields. */
    void add<T>(in T data);
    /* Parser: take fields back out of the sum. */
    void subtract<T>(in T data);
    /* Parser: the checksum error flag: true when the accumulated sum does NOT check out
     * (programs write `err = ck.verify()`). */
    bool verify();
    /* Parser: from here on, extracted fields are subtracted; write the residual. */
    void subtract_all_and_deposit<T>(out T residual);
    /* The sum accumulated so far. */
    bit<16> get();
    /* Deparser: checksum of a field list (zeros_as_ones: send 0 as 0xFFFF). */
    bit<16> update<T>(in T data, @optional in bool zeros_as_ones);
}

/* ---- Parser counter: one signed 8-bit counter, the only way to loop ---- */
extern ParserCounter {
    ParserCounter();
    void set<T>(in T value);
    /* Load from a field: rotate right, mask to (mask + 1) bits, add; at most max. */
    void set<T>(in T field,
                in bit<8> max,
                in bit<8> rotate,
                in bit<3> mask,
                in bit<8> add);
    bool is_zero();
    bool is_negative();
    void increment(in bit<8> value);
    void decrement(in bit<8> value);
#ifdef _P4TS_TOFINO2_
    /* Tofino 2's counter stack: push saves the counter and loads a new one (from a value, or a
     * field as set() loads it); with update_with_top the saved value takes the same
     * increments and decrements as the new top. pop() brings the saved value back. */
    void push<T>(in T value, @optional bool update_with_top);
    void push<T>(in T field,
                 in bit<8> max,
                 in bit<8> rotate,
                 in bit<3> mask,
                 in bit<8> add,
                 @optional bool update_with_top);
    void pop();
#endif
}

/* ---- Parser priority (ingress buffer admission) ---- */
extern ParserPriority {
    ParserPriority();
    void set(in bit<3> prio);
}

/* ---- Hashing ---- */

/* A CRC in catalogue terms: coeff without its top bit, reflected in/out, init, xor-out;
 * msb/extended say how a CRC of another width fills the Hash's width. */
extern CRCPolynomial<T> {
    CRCPolynomial(T coeff, bool reversed, bool msb, bool extended, T init, T xor);
}

extern Hash<W> {
    Hash(HashAlgorithm_t algo);
    Hash(HashAlgorithm_t algo, CRCPolynomial<_> poly);
    /* Hash the concatenation of the fields of data, most significant first. */
    W get<D>(in D data);
}

extern Random<W> {
    Random();
    /* Uniform over [0, 2^W - 1]. */
    W get();
}

/* ---- Extern functions ---- */
extern T max<T>(in T t1, in T t2);
extern T min<T>(in T t1, in T t2);
extern void funnel_shift_right<T>(inout T dst, in T src1, in T src2, int shift_amount);
extern void invalidate<T>(in T field);
extern bool is_validated<T>(in T field);
/* Read the per-port metadata (phase 0) that follows the ingress intrinsic header. */
extern T port_metadata_unpack<T>(packet_in pkt);
extern bit<32> sizeInBits<H>(in H h);
extern bit<32> sizeInBytes<H>(in H h);

/* ---- Ghost thread (Tofino 2) ---- */
#ifdef _P4TS_TOFINO2_
/* What the traffic manager reports to a pipe's ghost thread after a queue changes: the
 * queue's id and its length in cells, the pipe it belongs to, and the ping-pong bit that
 * says which of two copies of the state the update is for (docs/tna-semantics.md). */
header ghost_intrinsic_metadata_t {
    bit<1>  ping_pong;
    bit<18> qlength;
    bit<11> qid;
    bit<2>  pipe_id;
}
#endif

/* ---- Counters ---- */
/* @literal_index: when I is the don't-care type `_`, an integer literal may be the index (it
 * is a bit<32>), as bf-p4c's releases before p4c's 2023 check accepted: research programs
 * write `Register<bit<32>, _>(1) r;` then `ra.execute(0)` (docs/p4-sources.md). */
@noWarn("unused")
/* Tofino 2 counters and meters take true_egress_accounting: in egress, count the bytes the
 * egress deparser sends instead of the length the packet had leaving ingress. */
#ifdef _P4TS_TOFINO2_
#define TRUE_EGRESS_ACCOUNTING , @optional bool true_egress_accounting
#else
#define TRUE_EGRESS_ACCOUNTING
#endif

extern Counter<W, I> {
    Counter(bit<32> size, CounterType_t type TRUE_EGRESS_ACCOUNTING);
    /* adjust_byte_count is subtracted from the byte count of this packet. */
    void count(@literal_index in I index, @optional in bit<32> adjust_byte_count);
}

@noWarn("unused")
extern DirectCounter<W> {
    DirectCounter(CounterType_t type TRUE_EGRESS_ACCOUNTING);
    void count(@optional in bit<32> adjust_byte_count);
}

/* ---- Meters (two-rate three-color); execute returns a MeterColor_t value ---- */
extern Meter<I> {
    Meter(bit<32> size, MeterType_t type TRUE_EGRESS_ACCOUNTING);
    Meter(bit<32> size, MeterType_t type, bit<8> red, bit<8> yellow, bit<8> green TRUE_EGRESS_ACCOUNTING);
    bit<8> execute(@literal_index in I index, in MeterColor_t color, @optional in bit<32> adjust_byte_count);
    bit<8> execute(@literal_index in I index, @optional in bit<32> adjust_byte_count);
}

extern DirectMeter {
    DirectMeter(MeterType_t type TRUE_EGRESS_ACCOUNTING);
    DirectMeter(MeterType_t type, bit<8> red, bit<8> yellow, bit<8> green TRUE_EGRESS_ACCOUNTING);
    bit<8> execute(in MeterColor_t color, @optional in bit<32> adjust_byte_count);
    bit<8> execute(@optional in bit<32> adjust_byte_count);
}

/* ---- Low-pass filters and WRED ---- */
extern Lpf<T, I> {
    Lpf(bit<32> size);
    T execute(in T val, @literal_index in I index);
}

extern DirectLpf<T> {
    DirectLpf();
    T execute(in T val);
}

extern Wred<T, I> {
    Wred(bit<32> size, bit<8> drop_value, bit<8> no_drop_value);
    bit<8> execute(in T val, @literal_index in I index);
}

extern DirectWred<T> {
    DirectWred(bit<8> drop_value, bit<8> no_drop_value);
    bit<8> execute(in T val);
}

/* ---- Registers (stateful ALU memory) ---- */
#ifdef _P4TS_TOFINO2_
/* Tofino 2: Register and DirectRegister add clear(); its register actions are in
 * tofino2_stateful.p4 (several outputs, FIFO/stack, min/max, learning). */
#include "tofino2_stateful.p4"
#else
extern Register<T, I> {
    /* size entries; without an initial value the contents are unspecified. */
    Register(bit<32> size);
    Register(bit<32> size, T initial_value);
    T read(@literal_index in I index);
    T write(@literal_index in I index, in T value);
}

extern DirectRegister<T> {
    DirectRegister();
    DirectRegister(T initial_value);
    T read();
    T write(in T value);
}

#endif

/* A run-time configurable constant that only register actions may read. */
extern RegisterParam<T> {
    RegisterParam(T initial_value);
    T read();
}

enum MathOp_t {
    MUL,
    SQR,
    SQRT,
    DIV,
    RSQR,
    RSQRT
};

/* Table-driven approximation unit usable inside a register action. */
extern MathUnit<T> {
    /* data: the 16 table values, from entry 15 down to entry 0. */
    MathUnit(bool invert, int<2> shift, int<6> scale,
             tuple< bit<8>, bit<8>, bit<8>, bit<8>,
                    bit<8>, bit<8>, bit<8>, bit<8>,
                    bit<8>, bit<8>, bit<8>, bit<8>,
                    bit<8>, bit<8>, bit<8>, bit<8> > data);
    MathUnit(MathOp_t op, int factor);
    MathUnit(MathOp_t op, int A, int B);
    T execute(in T x);
};

#ifndef _P4TS_TOFINO2_
/* One stateful-ALU program over a Register. execute(index) runs apply() on the
 * entry atomically and returns rv; execute_log() uses an index that advances by one
 * on every call. The program supplies apply() in the instance's initializer. */
@noWarn("unused")
extern RegisterAction<T, I, U> {
    RegisterAction(Register<_, _> reg);
    U execute(@literal_index in I index);
    U execute_log();
    @synchronous(execute, execute_log)
    abstract void apply(inout T value, @optional out U rv);
    /* Inside apply(): the 4-bit predicate of the two comparisons. */
    U predicate(@optional in bool cmplo,
                @optional in bool cmphi);
}

extern DirectRegisterAction<T, U> {
    DirectRegisterAction(DirectRegister<T> reg);
    U execute();
    @synchronous(execute)
    abstract void apply(inout T value, @optional out U rv);
    U predicate(@optional in bool cmplo,
                @optional in bool cmphi);
}
#endif

/* ---- Action profiles and selectors (table implementations) ---- */
extern ActionProfile {
    ActionProfile(bit<32> size);
}

extern ActionSelector {
    ActionSelector(ActionProfile action_profile,
                   Hash<_> hash,
                   SelectorMode_t mode,
                   bit<32> max_group_size,
                   bit<32> num_groups);
    /* With a one-bit register that records live members. */
    ActionSelector(ActionProfile action_profile,
                   Hash<_> hash,
                   SelectorMode_t mode,
                   Register<bit<1>, _> reg,
                   bit<32> max_group_size,
                   bit<32> num_groups);
    @deprecated("ActionSelector must be specified with an associated ActionProfile")
    ActionSelector(bit<32> size, Hash<_> hash, SelectorMode_t mode);
    @deprecated("ActionSelector must be specified with an associated ActionProfile")
    ActionSelector(bit<32> size, Hash<_> hash, SelectorMode_t mode, Register<bit<1>, _> reg);
}

/* Stateful update of a selector member's liveness bit. */
extern SelectorAction {
    SelectorAction(ActionSelector sel);
    bit<1> execute(@optional in bit<32> index);
    @synchronous(execute)
    abstract void apply(inout bit<1> value, @optional out bit<1> rv);
}

/* ---- Deparser externs ---- */

/* Copy the packet to a mirror session; emit(session, hdr) puts hdr in front of the
 * copy. In the ingress deparser the copy is of the packet as deparsed (I2E); in the
 * egress deparser of the outgoing packet (E2E). */
extern Mirror {
    @deprecated("Mirror must be specified with the value of the mirror_type instrinsic metadata")
    Mirror();
    Mirror(MirrorType_t mirror_type);
    void emit(in MirrorId_t session_id);
    void emit<T>(in MirrorId_t session_id, in T hdr);
}

/* Send the packet back to the ingress parser once, optionally with up to 64 bits of
 * data in place of the port metadata. */
extern Resubmit {
    @deprecated("Resubmit must be specified with the value of the resubmit_type instrinsic metadata")
    Resubmit();
    Resubmit(ResubmitType_t resubmit_type);
    void emit();
    void emit<T>(in T hdr);
}

/* A message stream to the control plane; pack() at most once per packet. */
extern Digest<T> {
    @deprecated("Digest must be specified with the value of the digest_type instrinsic metadata")
    Digest();
    Digest(DigestType_t digest_type);
    void pack(in T data);
}

/* ---- Algorithmic table implementations ---- */
extern Atcam {
    Atcam(@optional bit<32> number_partitions);
}

extern Alpm {
    Alpm(@optional bit<32> number_partitions, @optional bit<32> subtrees_per_partition,
         @optional bit<32> atcam_subset_width, @optional bit<32> shift_granularity);
}

#endif /* _TOFINO1_P4_BASE_ */
