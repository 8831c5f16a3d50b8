/*
 * p4ts example: a "kitchen sink" that uses every P4_16 construct at least once. It is
 * valid, not useful. It declares its own small architecture (KSwitch: a parser, one
 * control, a deparser) so it depends only on core.p4.
 *
 * Constructs, by where they appear:
 *   declarations: typedef, type (new type), const, int/bit/int<N>/bool/string/varbit,
 *     enum, serializable enum, error, match_kind, header, header_union, header stack,
 *     struct, tuple, extern function and object (generic, overloaded, @optional and
 *     default parameters, abstract method), generic function, value_set, package.
 *   parser: sub-parser invocation, select on tuples and on lookahead, value_set,
 *     &&& masks, .. ranges, _ and default, next/last on a stack, varbit extract,
 *     advance, verify, local variables, reject.
 *   control: actions with directional and directionless parameters (one bound in
 *     the table's action list), tables with exact/ternary/lpm/range keys, const
 *     entries with &&&, .., _ and explicit priorities, largest_priority_wins,
 *     @defaultonly/@tableonly, .hit/.miss, switch on action_run and on a value (with
 *     fall-through labels and default), control with constructor parameters, exit,
 *     return, ?:, saturating |+| |-|, ++, slices and slice assignment, casts, shifts,
 *     named arguments, ... in struct and header initializers, push_front/pop_front,
 *     lastIndex/size, union member validity, enum casts, static_assert,
 *     minSizeInBits/minSizeInBytes, an initializer block with `this`.
 *   annotations: @name, @hidden, @noWarn, @priority-free entries, structured
 *     @k[...] (key-value and list forms), unstructured @k(...), @pragma.
 *
 * Left out on purpose: isValid() on a whole header_union (p4c's front end accepts it,
 * its mid end loses the union and rejects the program).
 *
 * How a test drives it: `p4ts check p4/examples/constructs.p4` must report no errors
 * and the parser/type-checker tests walk its AST; as a packet program it takes one
 * port (KSwitch has no ports: the runtime harness feeds the parser directly).
 */

#include <core.p4>

/* ---- Types and constants ---- */
typedef bit<48> mac_t;
type bit<16> tenant_t;                       /* a new type, not an alias */
const bit<16> TYPE_IPV4 = 16w0x0800;
const bit<16> TYPE_IPV6 = 0x86DD;
const bit<16> TYPE_STACK = 0x9000;
const int WIDE_CONSTANT = 1 << 40;           /* arbitrary-precision int */
const int<8> NEGATIVE = -8s3;
const bool ALWAYS = true;
const bool WIDTHS_OK = static_assert(WIDE_CONSTANT > 0, "int constants are unbounded");

enum Direction { Inbound, Outbound }
enum bit<8> Color { Red = 1, Green = 2, Blue = 8w3 }

error { BadTag, TooManyTags }

match_kind { range }

/* ---- Headers ---- */
header ethernet_h {
    mac_t   dst;
    mac_t   src;
    bit<16> ether_type;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  tos;
    bit<16> len;
    bit<16> id;
    bit<3>  flags;
    bit<13> frag;
    bit<8>  ttl;
    bit<8>  proto;
    bit<16> csum;
    bit<32> src;
    bit<32> dst;
    varbit<320> options;
}

header ipv6_h {
    bit<4>   version;
    bit<8>   class;
    bit<20>  label;
    bit<16>  len;
    bit<8>   next_hdr;
    bit<8>   hops;
    bit<128> src;
    bit<128> dst;
}

header_union ip_h {
    ipv4_h v4;
    ipv6_h v6;
}

header tag_h {
    bit<7>  value;
    bit<1>  bos;             /* bottom of stack */
}

@hidden
header scratch_h {
    bit<8>  a;
    int<8>  b;
    bit<16> c;
}

struct headers_t {
    ethernet_h ethernet;
    tag_h[4]   tags;
    ip_h       ip;
    scratch_h  scratch;
}

struct pair_t {
    bit<8>  first;
    bit<8>  second;
}

struct meta_t {
    bit<8>    counter;
    bit<8>    last_value;
    tenant_t  tenant;
    Color     color;
    Direction dir;
    pair_t    pair;
    bool      flag;
    int<16>   signed_value;
    bit<32>   ipv4_dst;
}

/* ---- Externs and functions ---- */
extern Box<T> {
    Box(T initial);
    T get();
    void set(in T value);
}

/* The instance supplies mix(); run() calls it. */
extern Mixer<T> {
    Mixer(T seed);
    T seed();
    T run(in T value);
    abstract T mix(in T value);
}

extern void trace(string message);
extern void trace<T>(string message, in T value);                 /* overload */
extern bit<8> combine(in bit<8> a, @optional in bit<8> b);
extern bit<8> scale(in bit<8> value, in bit<8> factor = 2);       /* default argument */
extern void observe<T>(in T value);

T choose<T>(in bool condition, in T when_true, in T when_false) {
    return condition ? when_true : when_false;
}

bit<8> add_and_report(in bit<8> a, in bit<8> b, out bit<1> overflow) {
    bit<9> wide = (bit<9>) a + (bit<9>) b;
    overflow = wide[8:8];
    return wide[7:0];
}

/* ---- The architecture ---- */
parser KParser<H, M>(packet_in pkt, out H hdr, inout M meta);
control KControl<H, M>(inout H hdr, inout M meta);
control KDeparser<H>(packet_out pkt, in H hdr);
package KSwitch<H, M>(KParser<H, M> p, KControl<H, M> c, KDeparser<H> d);

/* ---- Parser ---- */
parser TagParser(packet_in pkt, inout tag_h[4] tags) {
    state start {
        pkt.extract(tags.next);
        transition select(tags.last.bos) {
            1 : accept;
            0 : start;
        }
    }
}

parser ConstructsParser(packet_in pkt, out headers_t hdr, inout meta_t meta) {
    value_set<bit<16>>(4) extra_ether_types;
    TagParser() tag_parser;
    bit<8> local_tos;

    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            TYPE_IPV4               : parse_ipv4;
            TYPE_IPV6               : parse_ipv6;
            TYPE_STACK              : parse_tags;
            extra_ether_types       : parse_scratch;
            0x0000 .. 0x05DC        : accept;          /* 802.3 length field */
            0xFF00 &&& 0xFF00       : reject;
            default                 : accept;
        }
    }

    state parse_tags {
        tag_parser.apply(pkt, hdr.tags);
        verify(hdr.tags.lastIndex < 3 || hdr.tags[3].bos == 1, error.TooManyTags);
        transition select(pkt.lookahead<bit<4>>()) {
            4       : parse_ipv4;
            6       : parse_ipv6;
            default : accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ip.v4, ((bit<32>) pkt.lookahead<bit<8>>()[3:0] - 5) * 32);
        local_tos = hdr.ip.v4.tos;
        meta.ipv4_dst = hdr.ip.v4.dst;
        transition select(hdr.ip.v4.version, local_tos) {
            (4, 0x00 &&& 0x03) : accept;
            (4, _)             : parse_scratch;
            (_, _)             : reject;
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ip.v6);
        transition accept;
    }

    state parse_scratch {
        pkt.advance(8);
        pkt.extract(hdr.scratch);
        verify(hdr.scratch.a != 0xFF, error.BadTag);
        transition accept;
    }
}

/* ---- Controls ---- */
control Accumulate(inout bit<8> value)(bit<8> step) {
    apply {
        value = value |+| step;
    }
}

control ConstructsIngress(inout headers_t hdr, inout meta_t meta) {
    Box<bit<8>>(8w7) box;
    Accumulate(8w5) add_five;
    Accumulate(step = 8w1) add_one;

    Mixer<bit<8>>(8w3) mixer = {
        bit<8> mix(in bit<8> value) {
            return value ^ this.seed();
        }
    };

    @name("ingress.count_packet")
    action count_packet() {
        meta.counter = meta.counter + 1;
    }

    action bump(inout bit<8> field, bit<8> amount) {
        field = field |+| amount;
    }

    action set_color(Color color, tenant_t tenant) {
        meta.color = color;
        meta.tenant = tenant;
    }

    action drop_it() {
        hdr.ethernet.setInvalid();
    }

    @structured_note[owner = "p4ts", revision = 2]
    table classify {
        key = {
            hdr.ethernet.ether_type : exact;
            hdr.ethernet.src        : ternary @name("source");
            meta.ipv4_dst           : lpm;
            meta.counter            : range;
        }
        actions = {
            set_color;
            bump(meta.last_value);
            @tableonly count_packet;
            @defaultonly drop_it;
        }
        const entries = {
            (TYPE_IPV4, 0x000000000001 &&& 0x0000000000FF, 0x0A000000 &&& 0xFF000000, 0 .. 10)
                : set_color(Color.Red, (tenant_t) 16w1);
            (TYPE_IPV6, _, _, _) : bump(meta.last_value, 8w2);
            (_, _, _, 11 .. 20) : count_packet();
        }
        const default_action = drop_it();
        size = 64;
    }

    @pragma stage 2
    @listed_note["a", 1, true]
    table prioritised {
        key = { hdr.scratch.c : ternary; }
        actions = { count_packet; NoAction; }
        /* Explicit priorities need mutable (non-const) initial entries. */
        entries = {
            priority = 10 : 0x0001 &&& 0x000F : count_packet();
            priority = 20 : 0x0000 &&& 0x0000 : NoAction();
        }
        largest_priority_wins = false;
        priority_delta = 10;
        default_action = NoAction();
    }

    /* No entries: every lookup misses. */
    table unconfigured {
        key = { meta.tenant : exact; }
        actions = { NoAction; }
        default_action = NoAction();
    }

    apply {
        bit<1> overflow;
        tuple<bit<8>, bool> tuple_value = { 8w1, true };
        pair_t pair = { second = 8w2, first = 8w1 };
        pair_t partial = { first = 8w9, ... };
        scratch_h defaults = { 8w1, ... };

        if (!hdr.ethernet.isValid()) {
            exit;
        }

        switch (classify.apply().action_run) {
            set_color: {
                meta.dir = Direction.Inbound;
            }
            bump:
            count_packet: {
                meta.dir = Direction.Outbound;
            }
            default: {
                return;
            }
        }

        if (prioritised.apply().hit) {
            trace("prioritised hit");
        }
        if (unconfigured.apply().miss) {
            trace("unconfigured missed", meta.counter);
        }

        switch (meta.counter) {
            0: { meta.flag = false; }
            1:
            2: { meta.flag = true; }
            default: { meta.flag = tuple_value[1]; }
        }

        /* Operators. */
        meta.last_value = add_and_report(meta.counter, tuple_value[0], overflow);
        meta.pair = pair;
        meta.pair.second = partial.first |-| 8w10;
        meta.signed_value = (int<16>) (meta.counter ++ 8w0);
        meta.signed_value = meta.signed_value >> 2;
        hdr.ethernet.dst[7:0] = meta.counter;
        hdr.ethernet.src = hdr.ethernet.src << 1;
        meta.counter = choose<bit<8>>(meta.flag, 8w1, 8w0) & ~8w0 | 8w0 ^ 8w0;
        meta.counter = choose(when_false = 8w3, when_true = 8w4, condition = ALWAYS);
        meta.last_value = (bit<8>) Color.Blue + (bit<8>) NEGATIVE;
        meta.color = (Color) 8w2;
        bit<32> sizes = hdr.scratch.minSizeInBits() + hdr.scratch.minSizeInBytes();
        observe(sizes);
        bool same = (meta.tenant == (tenant_t) 16w7) && !(meta.counter != 8w1) || meta.flag;
        meta.flag = same;

        /* Header stacks and unions. */
        if (hdr.tags.size == 4 && hdr.tags[0].isValid()) {
            hdr.tags.push_front(1);
            hdr.tags[0].setValid();
            hdr.tags[0] = { 7w5, 1w0 };
            hdr.tags.pop_front(1);
        }
        if (hdr.ip.v4.isValid()) {
            hdr.ip.v4.ttl = hdr.ip.v4.ttl - 1;
        }
        hdr.scratch = defaults;

        /* Externs, sub-controls, named and optional arguments. */
        box.set(value = mixer.run(box.get()));
        add_five.apply(meta.counter);
        add_one.apply(value = meta.last_value);
        meta.last_value = combine(meta.last_value) + combine(a = 8w1, b = 8w2) + scale(8w3);
        bump(meta.counter, 8w1);
        count_packet();
    }
}

control ConstructsDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr);
    }
}

@noWarn("unused")
KSwitch(ConstructsParser(), ConstructsIngress(), ConstructsDeparser()) main;
